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
  ///   - stop: polled by every worker between its replicates (at most every
  ///     ``stopPollInterval``); when it says yes the workers stop and ``Stopped`` is thrown, so
  ///     a signal ends a long batch within about a replicate.
  /// - Throws: ``Stopped`` when `stop` said yes; the first error of `makeState`'s generator.
  public static func run<State, Result: Sendable>(
    count: Int, threads: Int, kind: GeneratorKind, seed: @Sendable (Int) -> UInt32,
    makeState: @Sendable () -> State,
    body: @Sendable (Int, RandomGenerator, inout State) -> Result,
    stop: (@Sendable () -> Bool)? = nil
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
        var nextPoll = ContinuousClock.now
        for r in lo..<hi {
          if let stop, ContinuousClock.now >= nextPoll {
            if stop() { throw Stopped() }
            nextPoll = ContinuousClock.now + stopPollInterval
          }
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

extension ReplicateRunner {
  /// Thrown by ``run(count:threads:kind:seed:makeState:body:stop:)`` when its `stop` said
  /// yes: the batch is incomplete and its results are dropped.
  public struct Stopped: Error, CustomStringConvertible, Sendable {
    public var description: String { "stopped before the batch of replicates was complete" }
  }

  /// How often a worker polls `stop` at most (a clock read between replicates, a poll when due).
  static let stopPollInterval = Duration.milliseconds(20)
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
