import BocaGraph
import BocaScenario
import Dispatch
import Foundation

/// Runs a sweep's points several at a time when they are small, so that all threads stay busy.
///
/// ## Scheduling
/// The points still to run (in ``SweepRun/ordered(_:)`` order: points sharing a graph together)
/// are dealt, one at a time and in that order, to `lanes.count` *lanes*; lane i runs its points
/// with `lanes[i]` replicate threads (``ReplicateRunner``'s dynamic chunks), and the lanes'
/// threads add up to the run's `--threads`; when no point is left to deal, a lane's threads go
/// to the lanes still running (their next batches use them). ``plan(threads:points:replicatesPerBatch:graphBytes:budget:)``
/// chooses the lanes: one lane with every thread when a point's batches are large enough to
/// keep them busy, otherwise as many lanes as it takes to give each thread at least
/// ``minReplicatesPerThread`` replicates of every batch (small points: several in flight).
///
/// ## Determinism
/// A point's rows depend only on its seeds (``ReplicateSeeds``) and its graphs (seeded from the
/// scenario, not from the schedule); each point writes its own temporary files and commits
/// its own parts, and ``TableAssembler`` joins the parts in point order. So which lane runs a
/// point, and when, changes no byte of the tables: the same holds for any thread count, shard
/// split and resume.
///
/// ## Memory
/// Graphs are built by the lane that first needs them (so graphs of different points are built
/// in parallel), each with the seed the scenario derives for it, and shared by every point with
/// the same graph key; a graph is dropped once no point left to run needs it. Since points
/// sharing a graph are consecutive, at most one graph set per lane (plus the one being
/// finished) is alive, and the number of lanes is capped so that their graphs take at most half
/// the ``MemoryBudget``. Each replicate thread holds one workspace (O(nodes) per model), so
/// scratch memory is threads × workspace, as with one lane.
final class PointScheduler: @unchecked Sendable {
  /// Replicates each thread should get from every batch before a point is given more threads.
  static let minReplicatesPerThread = 32

  /// Threads per lane for a run of `threads` threads over `points` points whose batches hold
  /// `replicatesPerBatch` replicates (per arm), each point's graphs taking `graphBytes`.
  static func plan(threads: Int, points: Int, replicatesPerBatch: Int, graphBytes: Int, budget: MemoryBudget)
    -> [Int]
  {
    guard threads > 1, points > 1 else { return [max(1, threads)] }
    let perLane = max(1, min(threads, replicatesPerBatch / minReplicatesPerThread))
    var count = min(points, max(1, threads / perLane))
    if graphBytes > 0 { count = min(count, max(1, budget.limit / 2 / graphBytes)) }
    return (0..<count).map { threads / count + ($0 < threads % count ? 1 : 0) }
  }

  private let lock = NSLock()
  private let ready = NSCondition()
  private let plan: ScenarioPlan
  private let log: (String) -> Void
  private var graphs: [String: MultiplexGraph] = [:]
  private var building: Set<String> = []
  /// Points not finished yet that use each graph key.
  private var uses: [String: Int] = [:]

  /// - Parameters:
  ///   - points: the points that will run (each counts once for each of its graph keys).
  ///   - prebuilt: graphs already built, by key.
  init(plan: ScenarioPlan, points: [Int], prebuilt: [String: MultiplexGraph], log: @escaping (String) -> Void) {
    self.plan = plan
    self.log = log
    graphs = prebuilt
    for p in points {
      for key in Set(keys(p)) { uses[key, default: 0] += 1 }
    }
  }

  func keys(_ point: Int) -> [String] { (0..<plan.armCount).map { plan.graphKey(point: point, arm: $0) } }

  /// The graphs of `point`, one per arm: built by this thread when nobody has, else waited for.
  func graphs(for point: Int) throws -> [MultiplexGraph] {
    try keys(point).enumerated().map { arm, key in try graph(key, point: point, arm: arm) }
  }

  private func graph(_ key: String, point: Int, arm: Int) throws -> MultiplexGraph {
    ready.lock()
    while true {
      if let g = graphs[key] {
        ready.unlock()
        return g
      }
      if !building.contains(key) { break }
      ready.wait()
    }
    building.insert(key)
    ready.unlock()
    let s = plan.scenario(point: point, arm: arm)
    let result = Result { try GraphFactory.build(s.graph, rootSeed: s.seed, log: say) }
    ready.lock()
    building.remove(key)
    if case .success(let g) = result { graphs[key] = g }
    ready.broadcast()
    ready.unlock()
    return try result.get()
  }

  /// `point` is done (or abandoned): drops the graphs no point left needs.
  func release(_ point: Int) {
    ready.lock()
    for key in Set(keys(point)) {
      uses[key, default: 1] -= 1
      if uses[key]! <= 0 { graphs[key] = nil }
    }
    ready.unlock()
  }

  /// Says a line through the run's log, one caller at a time.
  func say(_ line: String) { lock.withLock { log(line) } }

  /// Runs `points` in order over `lanes`: `body(point, threads)` runs one point with the lane's
  /// threads (`threads()`, read before each batch) and returns false when it stopped before the
  /// point was complete; then no lane starts another point. Returns whether every point
  /// completed; rethrows the first error (the other lanes finish their point and stop).
  ///
  /// A lane that finds no point left gives its threads to the lanes still running: each then
  /// runs its next batches on its own threads plus an equal share of the idle ones, so the last
  /// points of a run do not leave threads idle (the threads in use never exceed the run's).
  static func run(
    points: [Int], lanes: [Int], body: @escaping @Sendable (Int, @escaping @Sendable () -> Int) throws -> Bool
  ) throws -> Bool {
    let state = LaneState(lanes: lanes.count)
    let work: @Sendable (Int) -> Void = { lane in
      defer { state.retire(threads: lanes[lane]) }
      let threads: @Sendable () -> Int = { state.threads(base: lanes[lane]) }
      while let index = state.next(limit: points.count) {
        do {
          if try !body(points[index], threads) {
            state.stop()
            return
          }
        } catch {
          state.fail(error)
          return
        }
      }
    }
    if lanes.count == 1 {
      work(0)
    } else {
      DispatchQueue.concurrentPerform(iterations: lanes.count, execute: work)
    }
    if let error = state.error { throw error }
    return !state.stopped
  }
}

/// The lanes' shared position in the point list, whether to go on, and the threads of the lanes
/// that have finished.
private final class LaneState: @unchecked Sendable {
  private let lock = NSLock()
  private var position = 0
  private var busy: Int
  private var idle = 0
  private(set) var stopped = false
  private(set) var error: Error?

  init(lanes: Int) { busy = lanes }

  /// The next point index, or nil when all were dealt or the run stopped or failed.
  func next(limit: Int) -> Int? {
    lock.withLock {
      guard !stopped, error == nil, position < limit else { return nil }
      position += 1
      return position - 1
    }
  }

  /// A busy lane's threads now: its own and an equal share of the finished lanes'.
  func threads(base: Int) -> Int { lock.withLock { base + idle / max(1, busy) } }

  /// A lane with `threads` threads has finished.
  func retire(threads: Int) {
    lock.withLock {
      busy -= 1
      idle += threads
    }
  }

  func stop() { lock.withLock { stopped = true } }
  func fail(_ e: Error) { lock.withLock { if error == nil { error = e } } }
}

/// A value handed to other threads whose safety the caller ensures (here: calls serialized by a
/// lock, or values read only).
struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
}
