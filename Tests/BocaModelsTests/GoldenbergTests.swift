import BocaGraph
import BocaRandom
import XCTest

@testable import BocaModels

/// The Goldenberg–Libai–Muller model against its closed forms.
///
/// Tolerances: an estimated probability from N independent Bernoulli trials has standard error
/// √(P(1−P)/N); each check allows 5 of them (two-sided p ≈ 6·10⁻⁷ per check, so the ~40 checks
/// below fail by chance with probability < 3·10⁻⁵). Deterministic facts (no adoption without
/// an adopted tie at the start of the step, step counts) are asserted exactly.
final class GoldenbergTests: XCTestCase {
  /// A graph of `n` nodes with the given undirected layers.
  func graph(_ n: Int, layers: [(String, [(UInt32, UInt32)])]) throws -> MultiplexGraph {
    var g = MultiplexGraph(nodeCount: n)
    for (name, edges) in layers {
      try g.addLayer(name: name, directed: false, sources: edges.map(\.0), targets: edges.map(\.1))
    }
    return g
  }

  func model(_ g: MultiplexGraph, _ values: [String: Double], options: [String: String] = [:]) throws
    -> any DiffusionModel
  {
    try ModelRegistry.make(name: "goldenberg", graph: g, parameters: ModelParameters(values: values, options: options))
  }

  /// Runs `replicates` replicates, one generator reseeded per replicate as the runner does, and
  /// hands each trace to `body`.
  func replicate(
    _ model: any DiffusionModel, seeds: [UInt32] = [], horizon: Int?, replicates: Int, recording: Bool = true,
    _ body: (ReplicateTrace) -> Void
  ) throws {
    let simulator = model.makeSimulator()
    let rng = try RandomGenerator(seed: 1)
    var trace = ReplicateTrace(recording: recording)
    for r in 0..<replicates {
      rng.reseed(RandomSeedDerivation.seed(root: 31, scenarioHash: 0, point: 0, replicate: r))
      let spread = simulator.run(seeds: seeds, rng: rng, horizon: horizon, trace: &trace)
      XCTAssertEqual(spread, trace.order.count)
      body(trace)
    }
  }

  /// Without ties only advertising acts: each node adopts at each step with probability α, so
  /// the adopted fraction after step t is F(t) = 1 − (1 − α)^t. Over R replicates of n isolated
  /// nodes the adopters at step t are Binomial(nR, F(t)); checked for every t ≤ 30.
  func testWithoutTiesAdoptionCurveIsOneMinusOneMinusAlphaToTheT() throws {
    let n = 2000
    let replicates = 200
    let alpha = 0.05
    let g = try graph(n, layers: [("empty", [])])
    let m = try model(g, ["alpha": alpha, "beta_w": 0.3])
    XCTAssertFalse(m.needsSeeds)
    var sums = [Double](repeating: 0, count: 31)
    try replicate(m, horizon: 30, replicates: replicates) { trace in
      XCTAssertEqual(trace.stepCount, 31)
      for t in 0...30 { sums[t] += Double(trace.stepEnds[t]) }
    }
    let trials = Double(n * replicates)
    XCTAssertEqual(sums[0], 0)
    for t in 1...30 {
      let f = 1 - pow(1 - alpha, Double(t))
      let se = (f * (1 - f) / trials).squareRoot()
      XCTAssertEqual(sums[t] / trials, f, accuracy: 5 * se, "step \(t)")
    }
  }

  /// No horizon: the documented default of 50 steps (51 step ends with step 0).
  func testDefaultHorizonIsFiftySteps() throws {
    let g = try graph(100, layers: [("empty", [])])
    try replicate(try model(g, ["alpha": 0.001, "beta_w": 0.1]), horizon: nil, replicates: 3) { trace in
      XCTAssertEqual(trace.stepCount, Goldenberg.defaultHorizon + 1)
    }
  }

  /// A strong tie and a weak tie from one seed: in step 1 node 1 (strong and weak tie to the
  /// seed) adopts with P = 1 − (1−α)(1−β_w)(1−β_s) and node 2 (weak tie only) with
  /// P = 1 − (1−α)(1−β_w), independently.
  func testFirstStepProbabilitiesWithStrongAndWeakTies() throws {
    let (alpha, betaW, betaS) = (0.1, 0.2, 0.5)
    let g = try graph(3, layers: [("family", [(0, 1)]), ("acquaintances", [(0, 1), (0, 2)])])
    let m = try model(g, ["alpha": alpha, "beta_w": betaW, "beta_s": betaS], options: ["strong": "family"])
    let replicates = 100_000
    var adopted = [0, 0, 0]
    try replicate(m, seeds: [0], horizon: 1, replicates: replicates, recording: false) { trace in
      for v in trace.order { adopted[Int(v)] += 1 }
    }
    XCTAssertEqual(adopted[0], replicates)
    let expected = [1 - (1 - alpha) * (1 - betaW) * (1 - betaS), 1 - (1 - alpha) * (1 - betaW)]
    for (v, p) in zip([1, 2], expected) {
      let r = Double(replicates)
      XCTAssertEqual(Double(adopted[v]) / r, p, accuracy: 5 * (p * (1 - p) / r).squareRoot(), "node \(v)")
    }
  }

  /// The brief's pair: one seed and a strong tie, P(adopt at step 1) = 1 − (1−α)(1−β_s); and
  /// the same tie declared weak gives 1 − (1−α)(1−β_w).
  func testPairStrongVersusWeakTie() throws {
    let (alpha, betaW, betaS) = (0.05, 0.1, 0.6)
    let g = try graph(2, layers: [("ties", [(0, 1)])])
    let replicates = 100_000
    for strong in [true, false] {
      let m = try model(
        g, ["alpha": alpha, "beta_w": betaW, "beta_s": betaS], options: strong ? ["strong": "ties"] : [:])
      var count = 0
      try replicate(m, seeds: [0], horizon: 1, replicates: replicates, recording: false) { count += $0.order.count - 1 }
      let p = 1 - (1 - alpha) * (1 - (strong ? betaS : betaW))
      let r = Double(replicates)
      XCTAssertEqual(Double(count) / r, p, accuracy: 5 * (p * (1 - p) / r).squareRoot(), "strong \(strong)")
    }
  }

  /// Word of mouth acts on the next step: on the path 0–1–2 from seed 0 with α = 0, node 2
  /// never adopts in step 1 (its neighbour had not adopted at the start of the step), and has
  /// adopted by step 2 with probability β_w² exactly.
  func testTiesCountAdoptersAtTheStartOfTheStep() throws {
    let betaW = 0.5
    let g = try graph(3, layers: [("l", [(0, 1), (1, 2)])])
    let m = try model(g, ["alpha": 0, "beta_w": betaW])
    let replicates = 50_000
    var byStep2 = 0
    try replicate(m, seeds: [0], horizon: 2, replicates: replicates) { trace in
      let step1 = trace.order[trace.stepEnds[0]..<trace.stepEnds[1]]
      XCTAssertFalse(step1.contains(2))
      if trace.order.contains(2) { byStep2 += 1 }
    }
    let p = betaW * betaW
    let r = Double(replicates)
    XCTAssertEqual(Double(byStep2) / r, p, accuracy: 5 * (p * (1 - p) / r).squareRoot())
  }

  /// Nothing can happen without advertising, seeds or exposed nodes: the run stops at step 0.
  /// With α = 1 everyone adopts in step 1 and the run stops there.
  func testRunStopsWhenNothingCanChange() throws {
    let g = try graph(5, layers: [("l", [(0, 1)])])
    try replicate(try model(g, ["alpha": 0, "beta_w": 0.5]), horizon: 30, replicates: 2) { trace in
      XCTAssertEqual(trace.stepEnds, [0])
    }
    try replicate(try model(g, ["alpha": 1, "beta_w": 0.5]), horizon: 30, replicates: 2) { trace in
      XCTAssertEqual(trace.stepEnds, [0, 5])
    }
  }

  /// Duplicate seeds count once and are adopters at step 0; without ties or advertising nobody
  /// else ever adopts.
  func testSeedsAdoptAtStepZeroOnce() throws {
    let g = try graph(4, layers: [("l", [])])
    try replicate(try model(g, ["alpha": 0, "beta_w": 0.5]), seeds: [2, 2, 3], horizon: 5, replicates: 1) { trace in
      XCTAssertEqual(trace.order, [2, 3])
      XCTAssertEqual(trace.stepEnds.first, 2)
      XCTAssertEqual(Set(trace.stepEnds), [2])
    }
  }

  func testInvalidParametersAreErrors() throws {
    let g = try graph(2, layers: [("a", [(0, 1)]), ("b", [])])
    XCTAssertInvalidParameter(
      try model(g, ["alpha": 0.1, "beta_w": 0.2, "beta_s": 0.3], options: ["strong": "nope"]), key: "strong",
      saying: "'nope'")
    XCTAssertInvalidParameter(try model(g, ["alpha": 0.1, "beta_w": 0.2], options: ["strong": "a"]), key: "beta_s")
    XCTAssertInvalidParameter(try model(g, ["alpha": 1.5, "beta_w": 0.2]), key: "alpha")
    XCTAssertInvalidParameter(try model(g, ["alpha": 0.1, "beta_w": 0.2, "gamma": 1]), key: "gamma")
    // A strong layer the model does not use is an error, not silently ignored.
    XCTAssertInvalidParameter(
      try ModelRegistry.make(
        name: "goldenberg", graph: g, layers: ["a"],
        parameters: ModelParameters(values: ["alpha": 0.1, "beta_w": 0.2, "beta_s": 0.3], options: ["strong": "b"])),
      model: "goldenberg", key: "strong")
  }
}
