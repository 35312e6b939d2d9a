import BocaRandom
import Dispatch
import Foundation

/// Runs replicates on several threads so that the results do not depend on the thread count.
///
/// Replicate r always draws from a generator seeded with `seeds[r]` and writes its result to
/// slot r; threads only decide which replicates run where. Each thread owns its generator and
/// its scratch state, created inside the thread (GSL generators are not `Sendable`).
public enum ReplicateRunner {
  /// Runs `count` replicates: `body(replicate, generator, &state)` for each, with the generator
  /// already seeded with `seed(replicate)`. Returns the results in replicate order.
  ///
  /// - Parameters:
  ///   - threads: worker threads (≥ 1); replicates are dealt in contiguous blocks.
  ///   - makeState: builds one thread's scratch state (e.g. a cascade workspace).
  public static func run<State, Result: Sendable>(
    count: Int, threads: Int, kind: GeneratorKind, seed: @Sendable (Int) -> UInt32,
    makeState: @Sendable () -> State,
    body: @Sendable (Int, RandomGenerator, inout State) -> Result
  ) throws -> [Result] {
    guard count > 0 else { return [] }
    let workers = max(1, min(threads, count))
    let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer {
      results.deinitialize()
      results.deallocate()
    }
    let slots = SendableBuffer(results)
    let failure = FailureBox()
    let block = (count + workers - 1) / workers
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      let lo = worker * block
      let hi = min(count, lo + block)
      guard lo < hi else { return }
      do {
        let rng = try RandomGenerator(kind: kind, seed: seed(lo))
        var state = makeState()
        for r in lo..<hi {
          rng.reseed(seed(r))
          slots.buffer[r] = body(r, rng, &state)
        }
      } catch {
        failure.set(error)
      }
    }
    if let error = failure.error { throw error }
    return results.map { $0! }
  }
}

/// A buffer shared by workers that write disjoint slots.
struct SendableBuffer<T>: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<T>
  init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}

/// The first error thrown by any worker.
final class FailureBox: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Error?
  var error: Error? { lock.withLock { stored } }
  func set(_ error: Error) { lock.withLock { if stored == nil { stored = error } } }
}
