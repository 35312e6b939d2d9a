import BocaGraph
import BocaRandom
import BocaScenario
import Foundation
import XCTest

@testable import BocaRunner

/// The runner schedules points, arms and replicates together (``PointScheduler``: several small
/// points in flight, graphs built by whichever lane needs them first; ``ReplicateRunner``:
/// dynamic chunks). Whatever the schedule, the tables must not change by a byte.
final class SchedulingPropertyTests: XCTestCase {
  /// Random small sweeps (a model parameter × a side's size, so 4–6 points on 2 graphs, points
  /// in flight at the same time, graphs shared and built in parallel) give byte-identical
  /// runs.csv, summary.csv and timeseries.csv with 1, 2, 3 and 5 threads.
  func testSweepTablesAreIdenticalFor1235Threads() {
    PropertyCheck.check(
      "testSweepTablesAreIdenticalFor1235Threads", profiles: [.wellFormed, .campaign], salt: 14, scale: 0.5
    ) { generated in
      var s = generated
      var g = SplitMix(seed: s.caseSeed ^ 0x5CA1_E000)
      let side = s.sides[0]
      let size = GeneratedScenario.SweepKey(
        keyPath: "graph.sides.\(side.name).count", values: ["\(side.count)", "\(side.count + 3)"])
      let model = ScenarioGenerator(profile: .wellFormed).sweepable(&g, s)
      s.sweep = [size] + (model.map { $0.keyPath == size.keyPath ? [] : [$0] } ?? [])
      guard let plan = try? PlanExecution.plan(s) else { return .discard }
      let root = PlanExecution.scratchDirectory()
      defer { try? FileManager.default.removeItem(at: root) }
      func dir(_ name: String) -> URL { root.appendingPathComponent(name) }
      do {
        try DeterminismPropertyTests.run(plan, threads: 1, into: dir("t1"))
      } catch {
        return .discard
      }
      for threads in [2, 3, 5] {
        do {
          try DeterminismPropertyTests.run(plan, threads: threads, into: dir("t\(threads)"))
        } catch {
          return .fail("--threads 1 runs, --threads \(threads) throws: \(error)")
        }
        if let difference = DeterminismPropertyTests.difference(dir("t1"), dir("t\(threads)")) {
          return .fail("\(difference) between --threads 1 and --threads \(threads) (\(plan.pointCount) points)")
        }
      }
      return .pass
    }
  }

  /// The lanes use every thread and no more, never more lanes than points, one lane when a
  /// point's batches keep all threads busy, and several when they cannot; the graphs of the
  /// lanes fit in half the memory budget.
  func testLanePlanSharesTheThreads() {
    var g = SplitMix(seed: 14)
    for _ in 0..<500 {
      let threads = g.int(1...64)
      let points = g.int(1...200)
      let batch = g.int(1...2000)
      let bytes = g.chance(0.2) ? g.int(1...1 << 30) : g.int(0...1 << 20)
      let budget = MemoryBudget(limit: g.int(1 << 20...1 << 34), source: "test")
      let lanes = PointScheduler.plan(
        threads: threads, points: points, replicatesPerBatch: batch, graphBytes: bytes, budget: budget)
      let context = "threads \(threads), points \(points), batch \(batch), graph bytes \(bytes), budget \(budget.limit)"
      XCTAssertEqual(lanes.reduce(0, +), threads, context)
      XCTAssertTrue(lanes.allSatisfy { $0 >= 1 }, context)
      XCTAssertLessThanOrEqual(lanes.count, max(1, points), context)
      XCTAssertLessThanOrEqual(lanes.max()! - lanes.min()!, 1, "threads are shared evenly: \(context)")
      if lanes.count > 1 { XCTAssertLessThanOrEqual(lanes.count * bytes, budget.limit / 2, context) }
      if batch >= threads * PointScheduler.minReplicatesPerThread { XCTAssertEqual(lanes, [threads], context) }
      if batch < 2 * PointScheduler.minReplicatesPerThread, points >= threads, bytes <= budget.limit / 2 / threads {
        XCTAssertEqual(lanes.count, threads, "small points: one lane per thread: \(context)")
      }
    }
  }

  /// Dynamic chunks: every replicate runs exactly once, from its own seed, into its own slot, so
  /// the results (replicate number, first draw) are the same for any thread count and count.
  func testReplicateChunksRunEveryReplicateOnceFromItsSeed() throws {
    var g = SplitMix(seed: 1414)
    for _ in 0..<60 {
      let count = g.chance(0.3) ? g.int(1...8) : g.int(1...5000)
      let threads = g.int(2...9)
      let salt = UInt32(g.int(1...1_000_000))
      func results(_ threads: Int) throws -> [[UInt64]] {
        try ReplicateRunner.run(
          count: count, threads: threads, kind: .taus2, seed: { UInt32($0) &+ salt }, makeState: { 0 },
          body: { r, rng, calls in
            calls += 1
            return [UInt64(r), UInt64(rng.uniform() * 1e15)]
          })
      }
      let one = try results(1)
      XCTAssertEqual(one.map { Int($0[0]) }, Array(0..<count))
      XCTAssertEqual(try results(threads), one, "count \(count), threads \(threads)")
    }
  }

  /// Lanes: every point runs exactly once; a lane never has fewer threads than its own; once the
  /// other lanes found no point left, the lane running the last point gets all the threads.
  func testLanesRunEveryPointOnceAndHandIdleThreadsOn() throws {
    var g = SplitMix(seed: 4141)
    for _ in 0..<20 {
      let threads = g.int(2...8)
      let lanes = PointScheduler.plan(
        threads: threads, points: 100, replicatesPerBatch: 1, graphBytes: 0,
        budget: MemoryBudget(limit: .max, source: "test"))
      let points = Array(0..<g.int(1...30)).map { $0 * 3 }
      let seen = Recorder()
      let finished = try PointScheduler.run(points: points, lanes: lanes) { point, share in
        let base = share()
        seen.add(point, threads: base)
        if point == points.last {
          // The other lanes retire as soon as they ask for a point: wait for all their threads.
          let deadline = Date().addingTimeInterval(10)
          while share() < threads && Date() < deadline { usleep(200) }
          seen.add(-1, threads: share())
        }
        return true
      }
      XCTAssertTrue(finished)
      XCTAssertEqual(seen.points.filter { $0 >= 0 }.sorted(), points, "every point exactly once")
      XCTAssertTrue(seen.threads.allSatisfy { $0 >= lanes.min()! && $0 <= threads })
      XCTAssertEqual(seen.threads.last, threads, "the last point gets every thread (lanes \(lanes))")
    }
  }
}

/// What the lanes ran, from any thread.
private final class Recorder: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var points: [Int] = []
  private(set) var threads: [Int] = []
  func add(_ point: Int, threads n: Int) {
    lock.withLock {
      points.append(point)
      threads.append(n)
    }
  }
}
