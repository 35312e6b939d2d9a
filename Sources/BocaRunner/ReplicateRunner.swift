import BocaRandom
import Dispatch
import Foundation

/// Runs replicates on several threads so that the results do not depend on the thread count.
///
/// Replicate r always draws from a generator seeded with `seeds[r]` and writes its result to
/// slot r; threads only decide which replicates run where. Each thread owns its generator and
/// its scratch state, created inside the thread (GSL generators are not `Sendable`).
///
/// Scheduling: the replicates are dealt in small chunks from a shared counter (dynamic
/// scheduling), so a thread that drew a few large cascades does not hold the others up at the
/// end of a batch; see ``chunkSize(count:workers:)``. Which thread runs a chunk does not change
/// any result: every replicate is reseeded from its own seed and written to its own slot.
public enum ReplicateRunner {
  /// Runs `count` replicates: `body(replicate, generator, &state)` for each, with the generator
  /// already seeded with `seed(replicate)`. Returns the results in replicate order.
  ///
  /// - Parameters:
  ///   - threads: worker threads (≥ 1); each takes chunks of replicates from a shared counter.
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
    let chunks = ChunkCounter(count: count, chunk: chunkSize(count: count, workers: workers))
    // (With one worker, concurrentPerform runs the single iteration on this thread.)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      guard var range = chunks.next() else { return }
      do {
        let rng = try RandomGenerator(kind: kind, seed: seed(range.lowerBound))
        var state = makeState()
        var nextPoll = ContinuousClock.now
        while true {
          for r in range {
            if let stop, ContinuousClock.now >= nextPoll {
              if stop() { throw Stopped() }
              nextPoll = ContinuousClock.now + stopPollInterval
            }
            rng.reseed(seed(r))
            slots.buffer[r] = body(r, rng, &state)
          }
          guard let following = chunks.next() else { break }
          range = following
        }
      } catch {
        failure.set(error)
        chunks.cancel()
      }
    }
    if let error = failure.error { throw error }
    return results.map { $0! }
  }

  /// Replicates per chunk: about 16 chunks per worker, so that the last chunks even out the
  /// threads' loads, but at most 4096 (a lock per chunk is then negligible) and at least 1.
  static func chunkSize(count: Int, workers: Int) -> Int {
    guard workers > 1 else { return count }
    return max(1, min(maxChunk, count / (workers * chunksPerWorker)))
  }

  /// Chunks per worker aimed at by ``chunkSize(count:workers:)``.
  static let chunksPerWorker = 16
  /// The largest chunk.
  static let maxChunk = 4096
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

/// Deals `0 ..< count` in consecutive chunks to whichever worker asks next.
final class ChunkCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var position = 0
  private let count: Int
  private let chunk: Int

  init(count: Int, chunk: Int) {
    self.count = count
    self.chunk = max(1, chunk)
  }

  /// The next chunk, or nil when all were dealt (or after ``cancel()``).
  func next() -> Range<Int>? {
    lock.withLock {
      guard position < count else { return nil }
      let lo = position
      position = min(count, lo + chunk)
      return lo..<position
    }
  }

  /// Deals nothing more.
  func cancel() { lock.withLock { position = count } }
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
