import BocaResults
import Foundation
import XCTest

@testable import BocaRunner
@testable import BocaScenario

final class SweepRunTests: XCTestCase {
  var scratch: URL!

  override func setUpWithError() throws {
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent("boca-sweep-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: scratch)
  }

  static let text =
    ScenarioFixture.sweep.replacingOccurrences(of: "replicates: 10", with: "replicates: 10\nsteps: 10") + """

      arms:
        random: {}
        prosumers: {seeds.side: prosumer}
        same-as-random: {}
        compare_to: random
      sweep:
        model.p: [0.1, 0.2]
        graph.sides.prosumer.count: [10, 30]
      outputs: {timeseries: true, timeseries_every: 3, netlogo: true}
      """

  func run(
    _ plan: ScenarioPlan, _ name: String, threads: Int = 2, shard: Shard? = nil, stopAfter: Int? = nil,
    existing: ExistingRun = .refuse
  ) throws
    -> (URL, Bool)
  {
    let dir = scratch.appendingPathComponent(name)
    var polls = 0
    let finished = try SweepRun(
      plan: plan, directory: dir, threads: threads, shard: shard, commandLine: ["test"], existing: existing
    )
    .execute(shouldStop: {
      polls += 1
      return stopAfter.map { polls > $0 } ?? false
    })
    return (dir, finished)
  }

  func text(_ dir: URL, _ file: String) throws -> String {
    try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
  }

  func rows(_ dir: URL, _ file: String) throws -> [[String: String]] {
    let lines = try text(dir, file).split(separator: "\n")
    let header = CSVRecord.fields(lines[0])
    return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, CSVRecord.fields($0))) }
  }

  func testSummaryHasOneRowPerPointAndArmWithPairedDifferences() throws {
    let plan = try ScenarioPlan.parse(Self.text, file: "s.yaml")
    let (dir, finished) = try run(plan, "a")
    XCTAssertTrue(finished)
    let runs = try rows(dir, "runs.csv")
    XCTAssertEqual(runs.count, 4 * 3 * 10)
    XCTAssertEqual(
      Array(try text(dir, "runs.csv").split(separator: "\n")[0].split(separator: ",").prefix(6)),
      ["point", "arm", "replicate", "seed", "model.p", "graph.sides.prosumer.count"])
    let summary = try rows(dir, "summary.csv")
    XCTAssertEqual(summary.count, 4 * 3)
    XCTAssertEqual(summary.map { $0["arm"]! }.prefix(3), ["random", "prosumers", "same-as-random"])
    for row in summary {
      XCTAssertEqual(row["n"], "10")
      XCTAssertLessThanOrEqual(Double(row["spread_ci_low"]!)!, Double(row["spread_mean"]!)!)
      switch row["arm"] {
      case "random": XCTAssertEqual(row["spread_diff"], "", "the baseline has no difference with itself")
      case "same-as-random":
        // Common random numbers: an arm identical to the baseline sees the same replicates.
        XCTAssertEqual(row["spread_diff"], "0.0")
        XCTAssertEqual(row["spread_diff_ci_low"], "0.0")
      default:
        XCTAssertGreaterThan(Double(row["spread_prosumer_diff"]!)!, 0, "prosumer seeds are prosumers")
      }
    }
    // Seeds depend on (point, replicate), not on the arm.
    let seeds = Dictionary(grouping: runs, by: { "\($0["point"]!)/\($0["replicate"]!)" }).mapValues {
      Set($0.map { $0["seed"]! })
    }
    XCTAssertTrue(seeds.values.allSatisfy { $0.count == 1 })
    XCTAssertEqual(Set(runs.map { $0["seed"]! }).count, 40)
    // Mean of the runs equals the summary's mean.
    let point3 = runs.filter { $0["point"] == "3" && $0["arm"] == "prosumers" }.map { Double($0["spread"]!)! }
    let row = summary.first { $0["point"] == "3" && $0["arm"] == "prosumers" }!
    XCTAssertEqual(point3.reduce(0, +) / 10, Double(row["spread_mean"]!)!, accuracy: 1e-12)
    XCTAssertTrue(try text(dir, "netlogo-table.csv").contains("\"[run number]\",\"model.p\""))
    let steps = Set(try rows(dir, "timeseries.csv").map { Int($0["step"]!)! })
    XCTAssertEqual(steps, [0, 3, 6, 9, 10], "every 3 steps and the last")
  }

  func testTablesAreIdenticalForAnyThreadCount() throws {
    let plan = try ScenarioPlan.parse(Self.text, file: "s.yaml")
    let (a, _) = try run(plan, "t1", threads: 1)
    let (b, _) = try run(plan, "t2", threads: 2)
    for table in ["runs.csv", "summary.csv", "timeseries.csv", "netlogo-table.csv"] {
      XCTAssertEqual(try text(a, table), try text(b, table), table)
    }
  }

  /// Stopping mid-run keeps only complete points; resuming finishes with the same tables.
  func testAStoppedRunResumesToTheSameTables() throws {
    let plan = try ScenarioPlan.parse(Self.text, file: "s.yaml")
    let (full, _) = try run(plan, "full")
    let (dir, finished) = try run(plan, "stopped", stopAfter: 5)
    XCTAssertFalse(finished)
    let store = RunStore(directory: dir)
    // Each point polls once per arm (3 polls) and the 6th poll stops. With 2 threads and
    // 10-replicate batches two points run at a time (PointScheduler), so which point completes
    // depends on timing, but exactly one can: only one point can make 3 of the first 5 polls.
    XCTAssertEqual(store.completedPoints().count, 1, "\(store.completedPoints())")
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs.csv").path))
    XCTAssertThrowsError(try run(plan, "stopped"), "a plain run into a non-empty folder") {
      XCTAssertEqual($0 as? RunFolderError, .notEmpty(folder: dir.path))
    }
    let (again, done) = try run(plan, "stopped", existing: .resume)
    XCTAssertTrue(done)
    for table in ["runs.csv", "summary.csv", "timeseries.csv"] {
      XCTAssertEqual(try text(full, table), try text(again, table), table)
    }
  }

  /// The reported defect: a changed scenario run into an earlier run's folder reused its parts.
  /// Now a plain run refuses the folder, a resume names the field that differs, and a forced run
  /// gives the tables of a fresh folder; a refused run leaves the folder as it was.
  func testAFolderHoldingAnotherRunIsRefusedResumedOnlyIfSameOrCleared() throws {
    let plan = try ScenarioPlan.parse(Self.text, file: "s.yaml")
    let changed = try ScenarioPlan.parse(
      Self.text.replacingOccurrences(of: "[0.1, 0.2]", with: "[0.3, 0.4]"), file: "s.yaml")
    let (dir, _) = try run(plan, "old")
    let before = try text(dir, "summary.csv")
    XCTAssertThrowsError(try run(changed, "old")) {
      XCTAssertEqual($0 as? RunFolderError, .notEmpty(folder: dir.path))
    }
    XCTAssertThrowsError(try run(changed, "old", existing: .resume)) { error in
      guard case .mismatch(_, let field, let expected, let found)? = error as? RunFolderError else {
        return XCTFail("\(error)")
      }
      XCTAssertEqual(field, "scenario_hash")
      XCTAssertEqual(expected, String(changed.base.sourceHash, radix: 16))
      XCTAssertEqual(found, String(plan.base.sourceHash, radix: 16))
    }
    XCTAssertEqual(try text(dir, "summary.csv"), before, "a refused run touched the folder")
    XCTAssertEqual(RunStore(directory: dir).completedPoints(), [0, 1, 2, 3])
    let (fresh, _) = try run(changed, "fresh")
    let (forced, _) = try run(changed, "old", existing: .replace)
    for table in ["runs.csv", "summary.csv", "timeseries.csv"] {
      XCTAssertEqual(try text(forced, table), try text(fresh, table), table)
    }
    XCTAssertNotEqual(try text(forced, "summary.csv"), before)
  }

  /// `graph.replicate: true`: each replicate runs on its own network draw, the same for every
  /// arm, and the tables still do not depend on the thread count. IC with p = 1 from one fixed
  /// node reaches exactly that node's component, so a fixed network gives one spread for every
  /// replicate and redrawn networks give several.
  func testGraphReplicateDrawsAFreshNetworkPerReplicateIndependentOfThreads() throws {
    func text(replicate: Bool) -> String {
      """
      name: redraw
      seed: 4
      replicates: 30
      graph:
        replicate: \(replicate)
        sides: {a: {count: 150}}
        layers: {l: {generate: {er: {p: 0.008}}}}
      model: {name: ic, p: 1.0}
      seeds: {nodes: [0]}
      arms:
        one: {}
        same: {}
        compare_to: one
      """
    }
    func spreads(_ dir: URL, arm: String) throws -> [String] {
      try rows(dir, "runs.csv").filter { $0["arm"] == arm }.map { $0["spread"]! }
    }
    let fixed = try ScenarioPlan.parse(text(replicate: false), file: "f.yaml")
    let redrawn = try ScenarioPlan.parse(text(replicate: true), file: "r.yaml")
    let (f, _) = try run(fixed, "fixed")
    XCTAssertEqual(Set(try spreads(f, arm: "one")).count, 1, "one network: one component size")
    let (one, _) = try run(redrawn, "r1", threads: 1)
    let (three, _) = try run(redrawn, "r3", threads: 3)
    XCTAssertGreaterThan(Set(try spreads(one, arm: "one")).count, 1, "a fresh network per replicate")
    XCTAssertEqual(try spreads(one, arm: "one"), try spreads(one, arm: "same"), "every arm sees the replicate's draw")
    for table in ["runs.csv", "summary.csv"] {
      XCTAssertEqual(try self.text(one, table), try self.text(three, table), table)
    }
  }

  /// A loaded network cannot be redrawn: `graph.replicate: true` with `graph.load` is refused.
  func testGraphReplicateWithALoadedGraphIsRefused() {
    let text = """
      name: loaded
      replicates: 2
      graph:
        replicate: true
        load: {edges: e.csv}
      model: {name: ic, p: 0.1}
      """
    XCTAssertThrowsError(try ScenarioPlan.parse(text, file: "l.yaml")) {
      let diagnostic = ($0 as? ScenarioError)?.diagnostics.first { $0.keyPath == "graph.replicate" }
      XCTAssertEqual(diagnostic?.line, 4, "\($0)")
    }
  }

  func testShardsSplitThePointsRoundRobin() throws {
    let plan = try ScenarioPlan.parse(Self.text, file: "s.yaml")
    let (dir, _) = try run(plan, "s2", shard: Shard(index: 2, count: 3))
    XCTAssertEqual(RunStore(directory: dir).completedPoints(), [1])
    XCTAssertEqual(Set(try rows(dir, "summary.csv").map { $0["point"]! }), ["1"])
    XCTAssertNil(Shard(parsing: "4/3"))
    XCTAssertEqual(Shard(parsing: "3/3"), Shard(index: 3, count: 3))
  }

  /// Adaptive replicates: a loose target stops before `max` (at `min`, or later when the sample
  /// is skewed: ``StoppingRule``), an unreachable one at `max`; every arm of a point runs the
  /// same number.
  func testAdaptiveReplicatesStopWhenTheIntervalIsNarrowEnough() throws {
    func counts(_ target: String) throws -> [[String]] {
      let text = Self.text.replacingOccurrences(of: "  same-as-random: {}\n", with: "").replacingOccurrences(
        of: "replicates: 10",
        with: "replicates: {until: {metric: spread, ci_halfwidth: \(target)}, min: 30, max: 400, batch: 10}")
      let (dir, _) = try run(try ScenarioPlan.parse(text, file: "s.yaml"), "ad\(target)")
      let summary = try rows(dir, "summary.csv")
      return Dictionary(grouping: summary, by: { $0["point"]! }).keys.sorted().map { p in
        summary.filter { $0["point"] == p }.map { $0["n"]! }
      }
    }
    let loose = try counts("10")
    XCTAssertEqual(loose.count, 4)
    for point in loose {
      XCTAssertEqual(Set(point).count, 1, "every arm of a point runs the same replicates")
      XCTAssertTrue((30..<400).contains(Int(point[0])!), "\(point)")
    }
    XCTAssertEqual(Set(try counts("0.0001").joined()), ["400"])
  }

  /// Regression (issue 10, item 7): a metric without variation (every replicate the same spread)
  /// never stops the rule — c34ebb8 stopped at `min` with CI [x, x] — and so does a paired
  /// difference without variation (an arm identical to the baseline).
  func testAdaptiveReplicatesNeverStopOnASampleWithoutVariation() throws {
    // p = 0: nothing spreads, spread = the 2 seeds in every replicate.
    let single = ScenarioFixture.sweep.replacingOccurrences(of: "p: 0.05", with: "p: 0").replacingOccurrences(
      of: "replicates: 10", with: "replicates: {until: {metric: spread, ci_halfwidth: 0.5}, min: 30, max: 50}")
    let (dir, _) = try run(try ScenarioPlan.parse(single, file: "s.yaml"), "zero")
    XCTAssertEqual(try rows(dir, "summary.csv").map { $0["n"]! }, ["50"])
    // Two identical arms: their paired difference is 0 in every replicate.
    let paired =
      ScenarioFixture.sweep.replacingOccurrences(of: "p: 0.05", with: "p: 0.3").replacingOccurrences(
        of: "replicates: 10", with: "replicates: {until: {metric: spread, ci_halfwidth: 5}, min: 30, max: 50}")
      + "\narms:\n  a: {}\n  b: {}\n  compare_to: a\n"
    let (pdir, _) = try run(try ScenarioPlan.parse(paired, file: "s.yaml"), "zero-paired")
    XCTAssertEqual(try rows(pdir, "summary.csv").map { $0["n"]! }, ["50", "50"])
  }

  /// With arms, the rule watches the paired difference from the baseline (what is reported),
  /// not each arm's own mean: a target every arm's own mean meets at `min` but the noisy
  /// difference does not runs on.
  func testAdaptiveReplicatesWithArmsTrackThePairedDifference() throws {
    let text =
      ScenarioFixture.sweep.replacingOccurrences(of: "p: 0.05", with: "p: 0.2").replacingOccurrences(
        of: "replicates: 10", with: "replicates: {until: {metric: spread, ci_halfwidth: 0.3}, min: 30, max: 60}")
      + "\narms:\n  one: {}\n  five: {seeds.k: 5}\n  compare_to: one\n"
    let plan = try ScenarioPlan.parse(text, file: "s.yaml")
    let (dir, _) = try run(plan, "paired")
    let n = Int(try rows(dir, "summary.csv")[0]["n"]!)!
    // What the rule saw, recomputed from runs.csv at the stop.
    let runs = try rows(dir, "runs.csv")
    let one = runs.filter { $0["arm"] == "one" }.map { Double($0["spread"]!)! }
    let five = runs.filter { $0["arm"] == "five" }.map { Double($0["spread"]!)! }
    let rule = StoppingRule(plan.replicates)!
    let diff = SampleMoments(zip(five, one).map { $0 - $1 })
    let baseline = SampleMoments(one)
    XCTAssertEqual(rule.isNarrowEnough(diff, reference: baseline.mean), n < 60)
    if n > 30 {
      let earlier = SampleMoments(zip(five, one).prefix(n - 10).map { $0 - $1 })
      XCTAssertFalse(rule.isNarrowEnough(earlier, reference: SampleMoments(one.prefix(n - 10)).mean))
    }
  }

  func testMeanSummaryUsesTheStudentTInterval() {
    let s = MeanSummary([1, 2, 3, 4])
    XCTAssertEqual(s.mean, 2.5)
    XCTAssertEqual(s.sd, (5.0 / 3).squareRoot(), accuracy: 1e-12)
    XCTAssertEqual(s.ciHigh - s.mean, 3.182446305 * s.sd / 2, accuracy: 1e-8)
    XCTAssertTrue(MeanSummary([7]).ciLow.isNaN)
  }
}
