import BocaRandom
import BocaResults
import Foundation
import XCTest

@testable import BocaRunner
@testable import BocaScenario

/// Issue 10, "Statistics that say what they can support": seeded vs organic adopters, intervals
/// for ratios, Holm-adjusted p-values, an honest ranking, and what the intervals cover.
final class ComparisonStatisticsTests: XCTestCase {
  var scratch: URL!

  override func setUpWithError() throws {
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent("boca-stats-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

  /// A small wom comparison: initial seeds only, seed waves, a broadcast, and a copy of the
  /// baseline.
  static func scenario(p: Double = 0.02, q: Double = 0.4, replicates: Int = 40) -> String {
    """
    name: stats
    seed: 11
    replicates: \(replicates)
    steps: 12
    graph:
      sides: {a: {count: 150}, b: {count: 50}}
      layers: {l: {generate: {ba: {m: 2}}}}
    model: {name: wom, p: \(p), q: \(q)}
    seeds: {policy: random, k: 3}
    arms:
      base: {}
      waves: [{seed: {policy: degree, k: 4, every: 2, end: 8, cost_per_seed: 1}}]
      ads: [{broadcast: {reach: 0.2, every: 1, cost_per_impression: 0.1}}]
      same: {}
      compare_to: base
    """
  }

  func compare(_ text: String, _ name: String, threads: Int = 2) throws -> (ComparisonTable, URL) {
    let plan = try ScenarioPlan.parse(text, file: "\(name).yaml")
    let dir = scratch.appendingPathComponent(name)
    let run = SweepRun(plan: plan, directory: dir, threads: threads, commandLine: ["test"])
    run.campaignColumns = true
    XCTAssertTrue(try run.execute())
    let table = try ComparisonTable(plan: plan, store: run.store)
    try table.write(to: dir)
    return (table, dir)
  }

  func rows(_ dir: URL, _ file: String) throws -> [[String: String]] {
    let lines = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8).split(separator: "\n")
    let header = CSVRecord.fields(lines[0])
    return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, CSVRecord.fields($0))) }
  }

  // MARK: seeded and organic

  /// Regression: runs.csv has `seeded` and `organic` (absent on c34ebb8); seeded + organic =
  /// spread on every row; the 3 initial seeds are seeded in every arm; seed waves add seeded
  /// adopters; the summary and the comparison carry them.
  func testSeededAndOrganicAddUpOnEveryRow() throws {
    let (table, dir) = try compare(Self.scenario(), "so")
    let runs = try rows(dir, "runs.csv")
    XCTAssertFalse(runs.isEmpty)
    for r in runs {
      let spread = Int(r["spread"]!)!
      let seeded = Int(try XCTUnwrap(r["seeded"]))!
      let organic = Int(try XCTUnwrap(r["organic"]))!
      XCTAssertEqual(seeded + organic, spread, "\(r)")
      XCTAssertGreaterThanOrEqual(organic, 0)
      XCTAssertGreaterThanOrEqual(seeded, 3, "the three initial seeds adopt at step 0")
      if r["arm"] != "waves" { XCTAssertEqual(seeded, 3, "only seeds are seeded: \(r)") }
    }
    XCTAssertTrue(runs.contains { $0["arm"] == "waves" && Int($0["seeded"]!)! > 3 }, "seed waves are seeded adopters")
    let summary = try rows(dir, "summary.csv")
    XCTAssertNotNil(summary.first?["seeded_mean"])
    XCTAssertNotNil(summary.first?["organic_mean"])
    for c in ["seeded_mean", "organic_mean", "diff_organic", "extra_cost_per_extra_organic"] {
      XCTAssertTrue(table.header.contains(c), c)
    }
  }

  /// Without advertising or word of mouth (p = q = 0) nothing is organic: every adopter of the
  /// seed-wave arm was placed by a seed (the waves' adoptions are counted, not only step 0's).
  func testWithoutAnyOrganicChannelEveryAdopterIsSeeded() throws {
    let (_, dir) = try compare(Self.scenario(p: 0, q: 0, replicates: 10), "none")
    for r in try rows(dir, "runs.csv") where r["arm"] != "ads" {
      XCTAssertEqual(r["organic"], "0", "\(r)")
      XCTAssertEqual(r["seeded"], r["spread"], "\(r)")
    }
  }

  // MARK: ratios

  /// Regression: the extra cost per extra adopter has a CI and a flag (absent on c34ebb8); an
  /// arm identical to the baseline (difference 0 in every replicate) is flagged.
  func testComparisonRatiosHaveIntervalsOrFlags() throws {
    let (table, _) = try compare(Self.scenario(), "ratio")
    for c in [
      "extra_cost_per_extra_adopter_flag", "extra_cost_per_extra_adopter_ci_low",
      "extra_cost_per_extra_adopter_ci_high",
    ] {
      guard table.header.contains(c) else { return XCTFail("no column \(c)") }
    }
    let col = { (name: String) in table.header.firstIndex(of: name)! }
    let arm = col("arm")
    for row in table.rows {
      let name = row[arm]
      guard name != .text("base") else { continue }
      let flag = row[col("extra_cost_per_extra_adopter_flag")]
      let low = row[col("extra_cost_per_extra_adopter_ci_low")]
      let high = row[col("extra_cost_per_extra_adopter_ci_high")]
      let dLow = row[col("diff_paired_ci_low")]
      let dHigh = row[col("diff_paired_ci_high")]
      if case .double(let l) = dLow, case .double(let h) = dHigh, l > 0 || h < 0 {
        XCTAssertEqual(flag, .null, "\(name)")
        if case .double(let x) = row[col("extra_cost_per_extra_adopter")], x.isFinite {
          guard case .double(let lo) = low, case .double(let hi) = high else {
            return XCTFail("\(name): a ratio without its interval")
          }
          XCTAssertTrue(lo <= x && x <= hi, "\(name): \(lo) ≤ \(x) ≤ \(hi)")
        }
      } else {
        XCTAssertEqual(flag, .text("diff_ci_contains_0"), "\(name)")
        XCTAssertEqual(low, .null)
      }
    }
    let same = table.rows.first { $0[arm] == .text("same") }!
    XCTAssertEqual(same[col("extra_cost_per_extra_adopter_flag")], .text("diff_ci_contains_0"))
  }

  // MARK: many arms

  /// Regression: with three compared arms the comparison reports Holm-adjusted p-values beside
  /// the unadjusted ones (absent on c34ebb8), never below them and monotone in them; tables are
  /// the same for 1 and 2 threads.
  func testComparisonReportsHolmBesideUnadjustedPValues() throws {
    let (table, dir) = try compare(Self.scenario(), "holm2", threads: 2)
    let p = try XCTUnwrap(table.header.firstIndex(of: "p_value"))
    let holm = try XCTUnwrap(table.header.firstIndex(of: "p_holm"))
    let pairs: [(Double, Double)] = table.rows.compactMap {
      if case .double(let a) = $0[p], case .double(let b) = $0[holm] { return (a, b) }
      return nil
    }
    XCTAssertEqual(pairs.count, 3)
    for (a, b) in pairs { XCTAssertGreaterThanOrEqual(b, a) }
    let sorted = pairs.sorted { $0.0 < $1.0 }
    for (x, y) in zip(sorted, sorted.dropFirst()) { XCTAssertLessThanOrEqual(x.1, y.1) }
    XCTAssertTrue(table.sentences.contains { $0.contains("Holm-adjusted p ") })
    let (_, one) = try compare(Self.scenario(), "holm1", threads: 1)
    for file in ["comparison.csv", "runs.csv", "summary.csv"] {
      XCTAssertEqual(
        try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8),
        try String(contentsOf: one.appendingPathComponent(file), encoding: .utf8), file)
    }
  }

  /// The comparison says its intervals are conditional on the point's network, and times to
  /// 10% / 50% always come with the share of replicates that reached them.
  func testComparisonSaysWhatItsIntervalsCover() throws {
    let (table, _) = try compare(Self.scenario(), "cover")
    XCTAssertTrue(table.sentences.contains { $0.contains("conditional on the network drawn for each point") })
    // `same` is a copy of `base`: identical intervals, so the ranking may not order them.
    let ranking = try XCTUnwrap(table.sentences.first { $0.hasPrefix("ranked by") })
    let b = try XCTUnwrap(ranking.range(of: "base (")).lowerBound
    let c = try XCTUnwrap(ranking.range(of: "same (")).lowerBound
    XCTAssertFalse(ranking[min(b, c)..<max(b, c)].contains(">"), ranking)
    for (time, share) in [("time_10_mean", "reached_10_share"), ("time_50_mean", "reached_50_share")] {
      let t = try XCTUnwrap(table.header.firstIndex(of: time))
      let s = try XCTUnwrap(table.header.firstIndex(of: share))
      XCTAssertEqual(s, t + 1)
      for row in table.rows { XCTAssertNotEqual(row[s], .null) }
    }
    XCTAssertTrue(table.rendered().contains("reached_50_share"))
  }

  /// Regression: summary.csv has the times to 10% / 50% with the share of replicates that reached
  /// them (c34ebb8 left them out of the summary); the share is what runs.csv says.
  func testSummaryTimesComeWithTheShareThatReachedThem() throws {
    // Slow word of mouth: not every replicate reaches 50% in 12 steps.
    let (_, dir) = try compare(Self.scenario(p: 0, q: 0.25), "times")
    let runs = try rows(dir, "runs.csv")
    let summary = try rows(dir, "summary.csv")
    for row in summary {
      let arm = row["arm"]!
      for t in ["time_10", "time_50"] {
        let cells = runs.filter { $0["arm"] == arm }.map { $0[t]! }
        let share = Double(cells.filter { !$0.isEmpty }.count) / Double(cells.count)
        XCTAssertEqual(Double(try XCTUnwrap(row["\(t)_reached_share"]))!, share, accuracy: 1e-12, "\(arm) \(t)")
        XCTAssertNotNil(row["\(t)_mean"])
      }
    }
  }
}
