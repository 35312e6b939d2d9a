import BocaResults
import Foundation
import XCTest

@testable import BocaRunner
@testable import BocaScenario

final class CampaignTests: XCTestCase {
  var scratch: URL!
  static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("scenarios")

  override func setUpWithError() throws {
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent("boca-camp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

  /// Runs a plan as `boca compare` does and returns its comparison and the run directory.
  func compare(_ plan: ScenarioPlan, _ name: String) throws -> (ComparisonTable, URL) {
    let dir = scratch.appendingPathComponent(name)
    let run = SweepRun(plan: plan, directory: dir, threads: 2, commandLine: ["test"])
    run.campaignColumns = true
    XCTAssertTrue(try run.execute())
    let table = try ComparisonTable(plan: plan, store: run.store)
    try table.write(to: dir)
    return (table, dir)
  }

  func column(_ table: ComparisonTable, _ name: String, arm: String) -> TableValue? {
    guard let c = table.header.firstIndex(of: name), let a = table.header.firstIndex(of: "arm") else { return nil }
    return table.rows.first { $0[a] == .text(arm) }?[c]
  }

  func number(_ v: TableValue?) -> Double {
    if case .double(let x) = v { return x }
    if case .int(let x) = v { return Double(x) }
    return .nan
  }

  func runs(_ dir: URL) throws -> [[String: String]] {
    let lines = try String(contentsOf: dir.appendingPathComponent("runs.csv"), encoding: .utf8).split(separator: "\n")
    let header = CSVRecord.fields(lines[0])
    return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, CSVRecord.fields($0))) }
  }

  static let requiredColumns = [
    "rank", "arm", "adopters_mean", "adopters_ci_low", "adopters_ci_high", "time_10_mean", "reached_10_share",
    "time_50_mean",
    "reached_50_share", "peak_agitators_mean", "cost_mean", "cost_per_adopter", "diff_adopters", "diff_paired_ci_low",
    "diff_paired_ci_high", "diff_unpaired_ci_low", "diff_unpaired_ci_high", "significant",
  ]

  /// Common random numbers make the arms' replicates positively correlated, so the variance of
  /// the paired difference, var(x) + var(y) − 2 cov(x, y), is below the unpaired var(x) + var(y):
  /// on the same 60 runs of the listening example the paired CI must be the narrower.
  func testPairedIntervalIsNarrowerThanUnpairedOnTheSameRuns() throws {
    let plan = try ScenarioPlan.load(
      path: Self.scenarios.appendingPathComponent("listening-vs-ignoring-critics.yaml").path)
    let (table, _) = try compare(plan, "listen")
    for arm in ["listen", "listen-late"] {
      let paired =
        number(column(table, "diff_paired_ci_high", arm: arm)) - number(column(table, "diff_paired_ci_low", arm: arm))
      let unpaired =
        number(column(table, "diff_unpaired_ci_high", arm: arm))
        - number(column(table, "diff_unpaired_ci_low", arm: arm))
      XCTAssertTrue(paired.isFinite && unpaired.isFinite, arm)
      XCTAssertLessThan(paired, unpaired, "\(arm): paired width \(paired) vs unpaired \(unpaired)")
    }
    // The Welch and paired intervals are centred on the same difference of means.
    let diff = number(column(table, "diff_adopters", arm: "listen"))
    let mid =
      (number(column(table, "diff_unpaired_ci_high", arm: "listen"))
        + number(column(table, "diff_unpaired_ci_low", arm: "listen"))) / 2
    XCTAssertEqual(diff, mid, accuracy: 1e-9)
  }

  /// Every example scenario (but the policy shoot-out, tested below) runs at its CI size and its
  /// comparison has the documented columns; runs.csv has a cost per replicate.
  func testEveryExampleScenarioRunsAndItsComparisonHasTheColumns() throws {
    // Fit scenarios (fit-*.yaml, a `fits:` list) are for `boca fit` (FitCLITests).
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.scenarios.path).filter {
      $0.hasSuffix(".yaml") && !$0.hasPrefix("fit-")
    }.sorted()
    XCTAssertGreaterThanOrEqual(files.count, 6)
    XCTAssertTrue(files.contains { $0.contains("employee-advocacy") })
    var compared = 0
    for file in files where !file.contains("shootout") {
      let plan = try ScenarioPlan.load(path: Self.scenarios.appendingPathComponent(file).path)
      guard plan.hasCampaigns else { continue }
      let text = try String(contentsOf: Self.scenarios.appendingPathComponent(file), encoding: .utf8)
      XCTAssertTrue(text.hasPrefix("# Question:"), "\(file) opens with the question it answers")
      let (table, dir) = try compare(plan, file)
      for c in Self.requiredColumns { XCTAssertTrue(table.header.contains(c), "\(file): no column \(c)") }
      XCTAssertEqual(table.rows.count, plan.armCount * plan.sweep.points.count, file)  // a row per point and arm
      XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("comparison.csv").path))
      XCTAssertTrue(try runs(dir).allSatisfy { Double($0["cost"] ?? "") != nil }, "\(file): a cost in every run row")
      XCTAssertTrue(table.sentences.contains { $0.contains("paired") })
      compared += 1
    }
    XCTAssertGreaterThanOrEqual(compared, 5)
  }

  /// The shoot-out names the seeding policies of the seeds branch; it runs once they resolve.
  func testSeedingShootoutRunsOnceItsPoliciesResolve() throws {
    let plan = try ScenarioPlan.load(
      path: Self.scenarios.appendingPathComponent("seeding-shootout-brazilian-farmers.yaml").path)
    do {
      try CampaignPlanner.checkPolicies(plan)
    } catch let error as ScenarioError {
      let unknown = error.diagnostics.filter {
        if case .campaign(.unknownPolicy) = $0.cause { return true } else { return false }
      }
      XCTAssertEqual(unknown.count, error.diagnostics.count, "\(error)")
      XCTAssertTrue(unknown.allSatisfy { $0.keyPath.hasSuffix(".seed.policy") && $0.line > 0 })
      throw XCTSkip(
        "seeding policies not in this build yet: \(unknown.map(\.found).joined(separator: ", ")) — they come with the seeds branch"
      )
    }
    let (table, _) = try compare(plan, "shootout")
    XCTAssertEqual(table.rows.count, 6)
    XCTAssertGreaterThan(
      number(column(table, "adopters_mean", arm: "degree")), number(column(table, "adopters_mean", arm: "random")))
  }

  func diagnostics(_ yaml: String, checkPolicies: Bool = false) -> [ScenarioDiagnostic] {
    do {
      let plan = try ScenarioPlan.parse(yaml, file: "bad.yaml")
      if checkPolicies { try CampaignPlanner.checkPolicies(plan) }
      return []
    } catch let error as ScenarioError {
      return error.diagnostics
    } catch {
      return []
    }
  }

  static let base = """
    name: bad
    replicates: 5
    steps: 5
    graph:
      sides:
        consumer: {count: 100}
        employee: {count: 10}
      layers:
        social: {generate: {er: {p: 0.05}}}
    model: {name: wom, q: 0.2}
    arms:
      baseline: {}

    """

  /// Unknown action key, unknown side, a budget that buys nothing and an unknown policy are each
  /// reported with the file, the line of the key and the key path.
  func testBadCampaignDefinitionsNameFileLineAndKey() {
    let cases: [(String, String, Int, Bool)] = [
      ("  x: [{brodcast: {reach: 0.3}}]", "arms.x[0].brodcast", 13, false),
      ("  x: [{advocacy: {side: employes, fraction: 0.5}}]", "arms.x[0].advocacy.side", 13, false),
      (
        "  x:\n    - {seed: {policy: random, budget: 5, cost_per_seed: {consumer: 10, employee: 20}}}",
        "arms.x[0].seed.budget", 14, false
      ),
      ("  x: [{seed: {policy: celff, k: 3}}]", "arms.x[0].seed.policy", 13, true),
      ("  x: [{broadcast: {reach: 0.3, layer: twiter}}]", "arms.x[0].broadcast.layer", 13, false),
      ("  x: [{listen: {responsiveness: 0.5, volume: 3}}]", "arms.x[0].listen.volume", 13, false),
    ]
    for (arm, key, line, policies) in cases {
      let found = diagnostics(Self.base + arm + "\n", checkPolicies: policies)
      XCTAssertEqual(found.count, 1, "\(key): \(found)")
      guard let d = found.first else { continue }
      XCTAssertEqual(d.keyPath, key)
      XCTAssertEqual(d.line, line, key)
      XCTAssertTrue(d.description.hasPrefix("bad.yaml:\(line):"), d.description)
    }
  }

  /// Costs follow the formulas exactly: a broadcast with reach 1 and persuasion 0 makes
  /// |consumers| = 100 impressions per active step (steps 1 and 2) at 0.5 each = 100; 5 advocates
  /// (half of 10 employees) from step 0 to the end of a 5-step run = 6 steps × 5 × 2 = 60; three
  /// employee seeds at 4 each = 12. Total 172 in every replicate.
  func testCostsFollowTheFormulasExactly() throws {
    let yaml =
      Self.base.replacingOccurrences(of: "model: {name: wom, q: 0.2}", with: "model: {name: wom}") + """
          x:
            - {broadcast: {to: [consumer], reach: 1, persuasion: 0, start: 1, end: 3, cost_per_impression: 0.5}}
            - {advocacy: {side: employee, fraction: 0.5, cost_per_employee_week: 2}}
            - {seed: {policy: random, side: employee, k: 3, cost_per_seed: {employee: 4}}}
        """
    let plan = try ScenarioPlan.parse(yaml, file: "cost.yaml")
    let (table, dir) = try compare(plan, "cost")
    let rows = try runs(dir).filter { $0["arm"] == "x" }
    XCTAssertEqual(rows.count, 5)
    for row in rows { XCTAssertEqual(Double(row["cost"] ?? ""), 172) }
    XCTAssertEqual(number(column(table, "cost_mean", arm: "x")), 172)
    XCTAssertEqual(number(column(table, "cost_mean", arm: "baseline")), 0)
  }

  /// A broadcast's conversion is reach · persuasion · c_b · C(t) · s_ℓ per targeted non-adopter:
  /// with 20000 consumers, reach 0.3, persuasion 0.5, source credibility 0.4, C0 0.5 and one
  /// active step, E[adopters] = 20000 · 0.03 = 600 (binomial sd 24.1) and E[impressions] = 6000
  /// (sd 64.8); over 200 replicates the means must be within 5 standard errors.
  func testBroadcastConvertsReachTimesPersuasionTimesCredibility() throws {
    let yaml = """
      name: broadcast
      replicates: 200
      steps: 1
      graph:
        sides:
          consumer: {count: 20000, credibility: 1.0}
          brand: {count: 1, credibility: 0.4}
        layers:
          ads: {generate: {er: {p: 0.00001}}}
      model: {name: wom, C0: 0.5}
      arms:
        none: {}
        ads: [{broadcast: {from: brand, layer: ads, to: [consumer], reach: 0.3, persuasion: 0.5, start: 1, end: 2, cost_per_impression: 1}}]
      """
    let plan = try ScenarioPlan.parse(yaml, file: "b.yaml")
    let (table, _) = try compare(plan, "broadcast")
    let p = 0.3 * 0.5 * 0.4 * 0.5
    let adopters = number(column(table, "adopters_mean", arm: "ads"))
    XCTAssertEqual(adopters, 20000 * p, accuracy: 5 * (20000 * p * (1 - p)).squareRoot() / 200.0.squareRoot())
    let impressions = number(column(table, "cost_mean", arm: "ads"))
    XCTAssertEqual(impressions, 6000, accuracy: 5 * (20000 * 0.3 * 0.7).squareRoot() / 200.0.squareRoot())
  }

  /// Arms may mix overrides and actions, and a list arm keeps no overrides.
  func testArmsAreOverridesOrActionLists() throws {
    let yaml =
      Self.base + """
          mixed: {model.q: 0.3, actions: [{incentive: {to: promoters, reward: 0.2, cost_per_reward: 1, start: 2, end: 4}}]}
          listed: [{listen: {responsiveness: 0.4, cost_per_response: 3}}]
        """
    let plan = try ScenarioPlan.parse(yaml, file: "m.yaml")
    XCTAssertEqual(plan.arms.map(\.name), ["baseline", "mixed", "listed"])
    XCTAssertEqual(plan.arms[1].overrides.map(\.keyPath), ["model.q"])
    XCTAssertEqual(plan.arms[1].actions.map(\.kind), [.incentive])
    XCTAssertEqual(plan.arms[1].actions[0].schedule.end, 4)
    XCTAssertEqual(plan.arms[2].actions.map(\.kind), [.listen])
    XCTAssertTrue(plan.scenario(point: 0, arm: 0).campaign.isEmpty)
    XCTAssertEqual(plan.scenario(point: 0, arm: 2).campaign.count, 1)
  }
}
