import BocaGraph
import BocaModels
import BocaRandom
import BocaSeeding
import Foundation
import XCTest

@testable import BocaRunner
@testable import BocaScenario

/// Regression tests of issue 10 at the level the runner sees them: `wom` with a cross-side effect
/// gives the same replicates on any number of threads; seed waves never count a node twice; the
/// seeding policies tuned to a cascade read the running model's cascade probability; a scenario
/// without `seeds:` starts from one random node whatever the model.
final class CampaignTrustTests: XCTestCase {
  static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("scenarios")

  /// Every arm's replicates on `threads` threads.
  func outcomes(_ plan: ScenarioPlan, threads: Int) throws -> [[ReplicateOutcome]] {
    let replicateSeeds = ReplicateSeeds(
      root: plan.base.seed, scenarioHash: 0, points: 1, replicates: plan.base.replicates)
    var graph: MultiplexGraph? = nil
    return try (0..<plan.armCount).map { arm in
      let scenario = plan.scenario(point: 0, arm: arm)
      let g = try graph ?? GraphFactory.build(scenario.graph, rootSeed: scenario.seed)
      graph = g
      return try ArmEngine(scenario: scenario, graph: g).run(
        point: 0, range: 0..<scenario.replicates, replicateSeeds: replicateSeeds, threads: threads, record: true)
    }
  }

  func assertSame(_ a: [[ReplicateOutcome]], _ b: [[ReplicateOutcome]], _ what: String) {
    XCTAssertEqual(a.count, b.count)
    for (arm, (x, y)) in zip(a, b).enumerated() {
      XCTAssertEqual(x.map(\.spread), y.map(\.spread), "\(what), arm \(arm): spread")
      XCTAssertEqual(x.map(\.bySide), y.map(\.bySide), "\(what), arm \(arm): spread by side")
      XCTAssertEqual(x.map(\.steps), y.map(\.steps), "\(what), arm \(arm): steps")
      XCTAssertEqual(x.map(\.stateCounts), y.map(\.stateCounts), "\(what), arm \(arm): states")
      XCTAssertEqual(x.map(\.cost), y.map(\.cost), "\(what), arm \(arm): cost")
    }
  }

  // MARK: - Item 2

  /// The employee-advocacy example with `chi: 3` (a broadcast and advocacy from step 0): the
  /// same replicates on 1, 2 and 3 threads.
  func testWomWithCrossSideEffectAndStepZeroCampaignDoesNotDependOnThreads() throws {
    var text = try String(
      contentsOf: Self.scenarios.appendingPathComponent("employee-advocacy-vs-corporate-ads.yaml"), encoding: .utf8)
    text = text.replacingOccurrences(of: "\nreplicates: 60\n", with: "\nreplicates: 12\n")
    text = text.replacingOccurrences(of: "\n  name: wom\n", with: "\n  name: wom\n  chi: 3\n")
    XCTAssertTrue(text.contains("chi: 3") && text.contains("replicates: 12"))
    let plan = try ScenarioPlan.parse(text, file: "chi.yaml")
    let one = try outcomes(plan, threads: 1)
    assertSame(one, try outcomes(plan, threads: 2), "1 vs 2 threads")
    assertSame(one, try outcomes(plan, threads: 3), "1 vs 3 threads")
  }

  // MARK: - Item 3

  static let waves = """
    name: waves
    seed: 7
    replicates: 60
    steps: 12
    graph:
      sides: {a: {count: 30}, b: {count: 10}}
      layers: {l: {generate: {ba: {m: 2}}}}
    model: {name: wom, p: 0.2, q: 0.5}
    arms:
      drip: [{seed: {policy: degree, k: 4, every: 1, end: 10, cost_per_seed: 1}}]
      random-drip: [{seed: {policy: random, k: 3, start: 1, every: 2, cost_per_seed: 2}}]

    """

  /// Seed waves while advertising runs: spread ≤ n, spread by side ≤ the side and summing to
  /// the spread, cost ≤ what the adopters could have cost; the same on 1 and 3 threads.
  func testSeedWavesUnderAdvertisingCountEveryNodeOnce() throws {
    let plan = try ScenarioPlan.parse(Self.waves, file: "waves.yaml")
    let runs = try outcomes(plan, threads: 1)
    for (arm, outcomes) in runs.enumerated() {
      for o in outcomes {
        XCTAssertLessThanOrEqual(o.spread, 40, "arm \(arm)")
        XCTAssertEqual(o.bySide.reduce(0, +), o.spread, "arm \(arm)")
        XCTAssertLessThanOrEqual(o.bySide[0], 30, "arm \(arm)")
        XCTAssertLessThanOrEqual(o.bySide[1], 10, "arm \(arm)")
        XCTAssertEqual(o.steps.last, o.spread)
        XCTAssertLessThanOrEqual(o.cost, Double(o.spread * (arm == 0 ? 1 : 2)), "arm \(arm): a seed paid twice")
      }
    }
    assertSame(runs, try outcomes(plan, threads: 3), "1 vs 3 threads")
  }

  // MARK: - Item 5

  /// A BA graph of 400 nodes on one side.
  static func ba() throws -> MultiplexGraph {
    var g = MultiplexGraph(nodeCount: 400)
    try Generators.barabasiAlbert(n: 400, m: 3, rng: try RandomGenerator(seed: 6)).addLayer(to: &g, name: "l")
    return g
  }

  /// For `wom`, degree discount is tuned to the viral cascade's probability `pic`, not to the
  /// advertising term `p` (on this graph the two rankings differ, so the test can tell).
  func testDegreeDiscountReadsTheRunningModelsCascadeProbability() throws {
    let g = try Self.ba()
    let pool = (0..<400).map(UInt32.init)
    let spec = ModelSpec(
      name: "wom", parameters: ModelParameters(values: ["p": 0.01, "q": 0.3, "pic": 0.08]), layers: [])
    let order = try SeedPolicies.resolve(
      "degree-discount", pool: pool, count: 30, graph: g, layers: [0], model: spec, seed: 1)
    let rng = try RandomGenerator(seed: 1)
    let tuned = try DegreeDiscountSeeding(p: 0.08, layers: [0]).select(k: 30, graph: g, candidates: pool, rng: rng)
    let advertising = try DegreeDiscountSeeding(p: 0.01, layers: [0]).select(
      k: 30, graph: g, candidates: pool, rng: rng)
    XCTAssertNotEqual(tuned, advertising, "the test's graph must tell p from pic")
    XCTAssertEqual(order, .ranked(tuned))
  }

  /// The rule each model states: ic's per-layer p is averaged over the model's layers and said
  /// so; a model without a cascade probability (bass), or wom with its cascade off, is refused
  /// with the policy, the model and the key named; policies not tuned to a cascade say nothing.
  func testCascadeTunedPoliciesSayWhatTheyReadAndRefuseWhatHasNone() throws {
    var g = try Self.ba()
    try g.addLayer(name: "m", directed: false, sources: [0, 1], targets: [1, 2])
    let ic = ModelSpec(
      name: "ic", parameters: ModelParameters(perLayer: ["p": ["l": 0.1, "m": 0.2]]), layers: [])
    let tuning = try SeedPolicies.tuning("imm", model: ic, graph: g, layers: [0, 1])
    XCTAssertEqual(tuning.value, 0.15, accuracy: 1e-12)
    XCTAssertEqual(tuning.key, "p")
    XCTAssertEqual(
      SeedPolicies.note("celf", model: ic, graph: g, layers: [0, 1]),
      "seeding celf: cascade p = 0.15000000000000002 from ic's p (mean of its values on l, m)")
    XCTAssertNil(SeedPolicies.note("degree", model: ic, graph: g, layers: [0, 1]))
    let bass = ModelSpec(name: "bass", parameters: ModelParameters(values: ["p": 0.01, "q": 0.3]), layers: [])
    let womOff = ModelSpec(name: "wom", parameters: ModelParameters(values: ["p": 0.01, "q": 0.3]), layers: [])
    for (spec, words) in [(bass, ["degree-discount", "'bass'"]), (womOff, ["degree-discount", "wom", "pic"])] {
      XCTAssertThrowsError(
        try SeedPolicies.resolve(
          "degree-discount", pool: [0, 1, 2], count: 2, graph: g, layers: [0], model: spec, seed: 1)
      ) { error in
        XCTAssertTrue(error is RunError, "\(type(of: error)): \(error)")
        for w in words { XCTAssertTrue("\(error)".contains(w), "\(w) in \(error)") }
      }
      XCTAssertNotNil(
        try SeedPolicies.resolve("degree", pool: [0, 1, 2], count: 2, graph: g, layers: [0], model: spec, seed: 1))
    }
  }

  // MARK: - Item 11

  /// Without `seeds:` every model starts from one random node per replicate (README); for `wom`
  /// with p = 0 that was no node, and every replicate had spread 0.
  func testWithoutSeedsEveryModelStartsFromOneRandomNode() throws {
    for model in [
      "{name: wom, q: 0.3}", "{name: wom, p: 0.01, q: 0.3}", "{name: bass, p: 0.01, q: 0.3}", "{name: ic, p: 0.1}",
    ] {
      let plan = try ScenarioPlan.parse(
        """
        name: default-seed
        replicates: 20
        steps: 1
        graph:
          sides: {a: {count: 50}}
          layers: {l: {generate: {er: {p: 0.05}}}}
        model: \(model)

        """, file: "d.yaml")
      for o in try outcomes(plan, threads: 1)[0] {
        XCTAssertEqual(o.steps.first, 1, "\(model): one seed at step 0")
      }
    }
  }
}
