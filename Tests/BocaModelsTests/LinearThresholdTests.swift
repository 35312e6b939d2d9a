import BocaGraph
import BocaRandom
import XCTest

@testable import BocaModels

/// LT on graphs small enough to work its law out by hand, and against cynetdiff on the peer graph.
///
/// Tolerances: a frequency q estimated from R replicates has standard error √(q(1−q)/R) and a
/// mean has sd/√R; each check allows 5 standard errors (two-sided p ≈ 6·10⁻⁷ per check). At
/// R = 10⁵ that is ±0.0075 on a probability of 1/2: a kernel that redraws thresholds each step,
/// uses 1/out-degree, or lets a step-t adopter push in step t moves the checked figure by far
/// more (worked out in each test).
final class LinearThresholdTests: XCTestCase {
  func graph(
    _ n: Int, _ edges: [(UInt32, UInt32)], directed: Bool = false, weights: [Float]? = nil, layer: String = "l"
  )
    throws -> MultiplexGraph
  {
    var g = MultiplexGraph(nodeCount: n)
    try g.addLayer(name: layer, directed: directed, sources: edges.map(\.0), targets: edges.map(\.1), weights: weights)
    return g
  }

  /// Runs `replicates` replicates (one generator reseeded per replicate, as the runner does) and
  /// hands each run's workspace (activated nodes, step ends) to `body`.
  func replicate(
    _ model: LinearThreshold, seeds: [UInt32], replicates: Int = 100_000, body: (Int, ThresholdWorkspace) -> Void
  ) throws {
    var workspace = ThresholdWorkspace(nodeCount: model.graph.nodeCount)
    let rng = try RandomGenerator(seed: 1)
    for r in 0..<replicates {
      rng.reseed(RandomSeedDerivation.seed(root: 41, scenarioHash: 0, point: 0, replicate: r))
      let spread = model.run(seeds: seeds, rng: rng, workspace: &workspace, recordSteps: true)
      body(spread, workspace)
    }
  }

  /// Fraction of `replicates` runs in which `event` holds.
  func frequency(
    _ model: LinearThreshold, seeds: [UInt32], replicates: Int = 100_000, event: (Int, ThresholdWorkspace) -> Bool
  ) throws -> Double {
    var hits = 0
    try replicate(model, seeds: seeds, replicates: replicates) { spread, w in if event(spread, w) { hits += 1 } }
    return Double(hits) / Double(replicates)
  }

  func assertProbability(
    _ observed: Double, _ q: Double, replicates: Int = 100_000, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
  ) {
    let tolerance = 5 * (q * (1 - q) / Double(replicates)).squareRoot()
    XCTAssertEqual(observed, q, accuracy: max(tolerance, 1e-12), message, file: file, line: line)
  }

  /// Node 2 has in-neighbours 0 and 1, both seeds, each weighing 1/2: the weight 1 reaches any
  /// θ < 1, so node 2 is always active (probability 1, exactly; no tolerance). Undirected here,
  /// so in-degree = degree = 2.
  func testTwoSeedInNeighboursOfWeightHalfAlwaysActivate() throws {
    let g = try graph(3, [(0, 2), (1, 2)])
    let model = try LinearThreshold(graph: g)
    try replicate(model, seeds: [0, 1], replicates: 10_000) { spread, w in
      XCTAssertEqual(spread, 3)
      XCTAssertEqual(w.stepEnds, [2, 3])
    }
  }

  /// Node 3 has in-degree 3 (0→3, 1→3, 2→3) and only node 0 is active: it activates iff
  /// θ ≤ 1/3, probability 1/3. (With 1/out-degree weights node 0's single out-edge would weigh 1
  /// and the probability would be 1.)
  func testOneActiveInNeighbourOfThreeActivatesWithProbabilityOneThird() throws {
    let g = try graph(4, [(0, 3), (1, 3), (2, 3)], directed: true)
    let p = try frequency(try LinearThreshold(graph: g), seeds: [0]) { spread, _ in spread == 2 }
    assertProbability(p, 1.0 / 3)
  }

  /// A directed chain 0→1→2→3: each node has in-degree 1, so its one active in-neighbour brings
  /// weight 1 ≥ θ: the whole chain activates, one node per step, in every replicate.
  func testDirectedChainActivatesOneNodePerStep() throws {
    let g = try graph(4, [(0, 1), (1, 2), (2, 3)], directed: true)
    try replicate(try LinearThreshold(graph: g), seeds: [0], replicates: 1_000) { spread, w in
      XCTAssertEqual(spread, 4)
      XCTAssertEqual(w.stepEnds, [1, 2, 3, 4])
      XCTAssertEqual(Array(w.activated), [0, 1, 2, 3])
    }
  }

  /// Undirected path 0–1–2–3 from node 0. Node 1 (degree 2) gets weight 1/2 from node 0:
  /// active w.p. 1/2. Then node 2 (degree 2) gets 1/2 from node 1 (node 3 can only follow it):
  /// w.p. 1/2. Node 3 (degree 1) gets weight 1 from node 2: certain. So the spread is 1, 2, 4
  /// with probabilities 1/2, 1/2 · 1/2 = 1/4, 1/4 · 1 = 1/4, and never 3.
  func testPathSpreadLawIsProductOfStepProbabilities() throws {
    let g = try graph(4, [(0, 1), (1, 2), (2, 3)])
    var counts = [Int](repeating: 0, count: 5)
    try replicate(try LinearThreshold(graph: g), seeds: [0]) { spread, _ in counts[spread] += 1 }
    let r = 100_000.0
    assertProbability(Double(counts[1]) / r, 0.5, "spread 1")
    assertProbability(Double(counts[2]) / r, 0.25, "spread 2")
    XCTAssertEqual(counts[3], 0, "spread 3 is impossible")
    assertProbability(Double(counts[4]) / r, 0.25, "spread 4")
  }

  /// Node 2 has in-edges from 0 (seed), 1 and 3 (in-degree 3); node 1 has in-edge 0→1 only, so
  /// it activates at step 1 for sure and pushes at step 2. Node 2 gets 1/3 at step 1 and 2/3 in
  /// total at step 2, with the same θ: it activates at step 1 w.p. 1/3, at step 2 w.p.
  /// 2/3 − 1/3 = 1/3, never w.p. 1/3. A kernel that redrew θ at step 2 would give
  /// P(step 2) = 2/3 · 2/3 = 4/9; one that let node 1 push at step 1 would give P(step 1) = 2/3.
  func testThresholdIsKeptAcrossStepsAndNewActivesPushOneStepLater() throws {
    let g = try graph(4, [(0, 1), (0, 2), (1, 2), (3, 2)], directed: true)
    var atStep = [0, 0, 0]
    try replicate(try LinearThreshold(graph: g), seeds: [0]) { spread, w in
      if spread == 2 { atStep[0] += 1 } else if w.stepEnds == [1, 3] { atStep[1] += 1 } else { atStep[2] += 1 }
    }
    let r = 100_000.0
    assertProbability(Double(atStep[0]) / r, 1.0 / 3, "never")
    assertProbability(Double(atStep[1]) / r, 1.0 / 3, "at step 1 (with node 1)")
    assertProbability(Double(atStep[2]) / r, 1.0 / 3, "at step 2")
  }

  /// Edge weights: 0→2 weighs 0.2, 1→2 weighs 0.5. From {0}: P(node 2) = P(θ ≤ 0.2) = 0.2; from
  /// {1}: 0.5; from {0, 1}: 0.7.
  func testEdgeWeightsAreSummedAgainstTheThreshold() throws {
    let g = try graph(3, [(0, 2), (1, 2)], directed: true, weights: [0.2, 0.5])
    let model = try LinearThreshold(graph: g, weights: .edge)
    for (seeds, q) in [([UInt32(0)], 0.2), ([1], 0.5), ([0, 1], 0.7)] {
      let p = try frequency(model, seeds: seeds) { _, w in w.activated.contains(2) }
      assertProbability(p, q, "seeds \(seeds)")
    }
  }

  /// Incoming weights above 1, negative weights, and `edge` on an unweighted layer are errors.
  /// Three `Float` thirds (sum 1 + 3·10⁻⁸) are accepted.
  func testInvalidEdgeWeightsAreErrors() throws {
    let over = try graph(3, [(0, 2), (1, 2)], directed: true, weights: [0.6, 0.6])
    XCTAssertInvalidParameter(
      try LinearThreshold(graph: over, weights: .edge), model: "lt", key: "weight", saying: "at most 1")
    let negative = try graph(2, [(0, 1)], directed: true, weights: [-0.1])
    XCTAssertInvalidParameter(try LinearThreshold(graph: negative, weights: .edge), model: "lt", key: "weight")
    let plain = try graph(2, [(0, 1)])
    XCTAssertInvalidParameter(
      try LinearThreshold(graph: plain, weights: .edge), model: "lt", key: "weights", saying: "weighted")
    let thirds = try graph(4, [(0, 3), (1, 3), (2, 3)], directed: true, weights: [1.0 / 3, 1.0 / 3, 1.0 / 3])
    XCTAssertNoThrow(try LinearThreshold(graph: thirds, weights: .edge))
  }

  /// In-degree is summed over layers: node 1 has edge 0–1 on layer a and 0–1, 1–2 on layer b,
  /// in-degree 3; the seed 0 pushes 1/3 on each layer, 2/3 in all: P(node 1) = 2/3.
  func testInDegreeIsSummedOverLayers() throws {
    var g = try graph(3, [(0, 1)], layer: "a")
    try g.addLayer(name: "b", directed: false, sources: [0, 1], targets: [1, 2])
    let p = try frequency(try LinearThreshold(graph: g), seeds: [0]) { _, w in w.activated.contains(1) }
    assertProbability(p, 2.0 / 3)
  }

  /// Node 0 has in-degree 0 (edge 0→1 only): never activated unless seeded.
  func testNodeWithoutInEdgesIsOnlyActiveAsSeed() throws {
    let g = try graph(2, [(0, 1)], directed: true)
    try replicate(try LinearThreshold(graph: g), seeds: [1], replicates: 1_000) { spread, _ in XCTAssertEqual(spread, 1)
    }
  }

  /// The documented draw order: seed 0 pushes to 1, 2, 3 (in id order) and each has in-degree 2
  /// (the other in-edge from node 4, never active). So θ₁, θ₂, θ₃ are the first three
  /// `uniformPositive()` draws of the replicate's generator, node v activates iff θ_v ≤ 1/2, and
  /// the run draws nothing else (the next draw is the fourth). Checked exactly, replicate by
  /// replicate.
  func testThresholdsAreDrawnLazilyInTouchOrder() throws {
    let g = try graph(5, [(0, 1), (0, 2), (0, 3), (4, 1), (4, 2), (4, 3)], directed: true)
    let model = try LinearThreshold(graph: g)
    var workspace = ThresholdWorkspace(nodeCount: 5)
    let rng = try RandomGenerator(seed: 1)
    let reference = try RandomGenerator(seed: 1)
    for r in 0..<200 {
      let seed = RandomSeedDerivation.seed(root: 3, scenarioHash: 0, point: 0, replicate: r)
      reference.reseed(seed)
      let theta = (0..<4).map { _ in reference.uniformPositive() }
      let expected: [UInt32] = [0] + (1...3).filter { theta[$0 - 1] * 2 <= 1 }.map(UInt32.init)
      rng.reseed(seed)
      _ = model.run(seeds: [0], rng: rng, workspace: &workspace)
      XCTAssertEqual(Array(workspace.activated), expected, "replicate \(r)")
      XCTAssertEqual(rng.uniformPositive(), theta[3], "replicate \(r): the run made exactly 3 draws")
    }
  }

  /// The registry builds `lt` with `weights=indegree` (default) or `edge`, rejects other values
  /// and unknown keys; the simulator fills the trace.
  func testRegistryEntryAndSimulator() throws {
    let g = try graph(4, [(0, 1), (1, 2), (2, 3)], directed: true, weights: [1, 1, 1])
    let model = try ModelRegistry.make(name: "lt", graph: g, parameters: ModelParameters())
    XCTAssertEqual(model.name, "lt")
    XCTAssertTrue(model.needsSeeds)
    XCTAssertEqual((model as? LinearThreshold)?.weights, .inDegree)
    let edge = try ModelRegistry.make(name: "lt", graph: g, parameters: ModelParameters(options: ["weights": "edge"]))
    XCTAssertEqual((edge as? LinearThreshold)?.weights, .edge)
    XCTAssertInvalidParameter(
      try ModelRegistry.make(name: "lt", graph: g, parameters: ModelParameters(options: ["weights": "x"])),
      model: "lt", key: "weights")
    XCTAssertInvalidParameter(
      try ModelRegistry.make(name: "lt", graph: g, parameters: ModelParameters(values: ["p": 0.1])), model: "lt",
      key: "p")
    let simulator = model.makeSimulator()
    var trace = ReplicateTrace(recording: true)
    let rng = try RandomGenerator(seed: 2)
    XCTAssertEqual(simulator.run(seeds: [0], rng: rng, horizon: nil, trace: &trace), 4)
    XCTAssertEqual(trace.order, [0, 1, 2, 3])
    XCTAssertEqual(trace.stepEnds, [1, 2, 3, 4])
    XCTAssertEqual(simulator.run(seeds: [0], rng: rng, horizon: 2, trace: &trace), 3, "horizon = 2 steps")
    XCTAssertEqual(trace.stepEnds, [1, 2, 3])
  }

  /// LT against cynetdiff on the peer benchmark's BA graph (n = 10,000, m = 3, seed 1), same
  /// seed nodes, θ ~ U(0,1) per replicate and weights 1/in-degree (= 1/degree, undirected).
  ///
  /// Tolerance |z| < 4: z is the difference of two independent sample means over its standard
  /// error (the peer README's statistic); under agreement z ≈ N(0, 1), so |z| ≥ 4 has probability
  /// 6·10⁻⁵. The README recommends this family-wise threshold because spread distributions are
  /// heavy-tailed. With 20,000 replicates here and cynetdiff's 10,000 (sd ≈ 57), the test detects
  /// a bias of about 4·√(57²/20000 + 57²/10000) ≈ 2.8 nodes (6% of the mean 43.5); a kernel with
  /// 1/out-degree weights or a threshold redrawn every step would be far outside.
  func testLTAgreesWithCynetdiffOnBA10k() throws {
    let row = try PeerFixtures.row("a_ba10k.csv", tool: "cynetdiff", model: "LT")
    let (graph, _) = try EdgeListReader.read(path: PeerFixtures.graphPath, directed: false)
    XCTAssertEqual(graph.nodeCount, 10_000)
    let model = try LinearThreshold(graph: graph)
    let seeds = graph.internalIDs(of: row.seedNodes).map { $0! }
    XCTAssertEqual(seeds.count, 10)
    let (mean, sd, z) = try PeerFixtures.agreement(of: model, seeds: seeds, replicates: 20_000, root: 11, against: row)
    XCTAssertLessThan(abs(z), 4, "Boca mean \(mean) sd \(sd) vs cynetdiff \(row.mean) sd \(row.sd): z = \(z)")
  }
}
