import BocaGraph
import BocaRandom
import XCTest

@testable import BocaModels

/// The Bass model against its recursion F(t+1) = F(t) + (p + q F(t))(1 − F(t)) and exact laws.
final class BassTests: XCTestCase {
  /// The recursion from F(0) = 0, steps 0...horizon.
  static func recursion(p: Double, q: Double, steps: Int) -> [Double] {
    var f = [0.0]
    for _ in 0..<steps { f.append(f.last! + (p + q * f.last!) * (1 - f.last!)) }
    return f
  }

  /// Mean cumulative adopters per step over `replicates` replicates (seeded as the runner does).
  static func meanCurve(
    _ model: any DiffusionModel, seeds: [UInt32] = [], steps: Int, replicates: Int, root: UInt64 = 11
  ) throws -> [Double] {
    let simulator = model.makeSimulator()
    var trace = ReplicateTrace(recording: true)
    let rng = try RandomGenerator(seed: 1)
    var sum = [Double](repeating: 0, count: steps + 1)
    for r in 0..<replicates {
      rng.reseed(RandomSeedDerivation.seed(root: root, scenarioHash: 0, point: 0, replicate: r))
      _ = simulator.run(seeds: seeds, rng: rng, horizon: steps, trace: &trace)
      for t in 0...steps { sum[t] += Double(trace.stepEnds[min(t, trace.stepCount - 1)]) }
    }
    return sum.map { $0 / Double(replicates) }
  }

  /// The complete graph K_n as one undirected layer (n(n−1)/2 edges).
  static func completeGraph(_ n: Int) throws -> MultiplexGraph {
    var sources: [UInt32] = []
    var targets: [UInt32] = []
    sources.reserveCapacity(n * (n - 1) / 2)
    targets.reserveCapacity(n * (n - 1) / 2)
    for i in 0..<n {
      for j in (i + 1)..<n {
        sources.append(UInt32(i))
        targets.append(UInt32(j))
      }
    }
    var g = MultiplexGraph(nodeCount: n)
    try g.addLayer(name: "k", directed: false, sources: sources, targets: targets)
    return g
  }

  /// Network Bass on K_2000 (about 2M edges), p = 0.03, q = 0.38, 200 replicates: the mean adopted
  /// fraction is within 0.01 of the recursion at every step up to 30.
  ///
  /// Tolerance: on K_N a non-adopter's share is A/(N − 1) = A/N · (1 + O(1/N)), a bias below
  /// q/N = 2·10⁻⁴; the mean of the nonlinear recursion differs from the recursion of the mean by
  /// q·Var(F) ≤ 0.38 · 0.25/N·(a few steps of growth) ~ 10⁻³; the sampling error of the mean is at
  /// most √(0.25/2000)/√200 ≈ 8·10⁻⁴. 0.01 is about 10 of these together; a model off by one step
  /// (using end-of-step adopters) or ignoring p when a_i = 0 misses by more than 0.05.
  func testNetworkBassOnCompleteGraphFollowsRecursion() throws {
    let n = 2000
    let (p, q) = (0.03, 0.38)
    let g = try Self.completeGraph(n)
    XCTAssertEqual(g.edgeCount, n * (n - 1) / 2)
    let mean = try Self.meanCurve(try Bass(graph: g, p: p, q: q), steps: 30, replicates: 200)
    let expected = Self.recursion(p: p, q: q, steps: 30)
    for t in 0...30 {
      XCTAssertEqual(mean[t] / Double(n), expected[t], accuracy: 0.01, "step \(t)")
    }
  }

  /// Mean field on 2,000 nodes (no edges needed): same recursion, same tolerance argument (here
  /// the conditional expectation is exactly the recursion; only Var(F) and sampling remain).
  func testMeanFieldBassFollowsRecursion() throws {
    let n = 2000
    let (p, q) = (0.03, 0.38)
    var g = MultiplexGraph(nodeCount: n)
    try g.addLayer(name: "none", directed: false, sources: [], targets: [])
    let mean = try Self.meanCurve(try Bass(graph: g, p: p, q: q, field: .mean), steps: 30, replicates: 200)
    let expected = Self.recursion(p: p, q: q, steps: 30)
    for t in 0...30 {
      XCTAssertEqual(mean[t] / Double(n), expected[t], accuracy: 0.01, "step \(t)")
    }
  }

  /// The continuous closed form F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p) e^{−(p+q)t}) is the limit of
  /// the recursion with per-step rates p·dt, q·dt as dt → 0: at dt = 10⁻³ they agree to 10⁻³ at
  /// t = 10 (the recursion is Euler's method, error O(dt)).
  func testRecursionConvergesToClosedForm() {
    let (p, q, dt) = (0.03, 0.38, 1e-3)
    let f = Self.recursion(p: p * dt, q: q * dt, steps: 10_000).last!
    let e = exp(-(p + q) * 10)
    XCTAssertEqual(f, (1 - e) / (1 + q / p * e), accuracy: 1e-3)
  }

  /// Isolated nodes (k_i = 0) adopt with h = p: P(adopted by step t) = 1 − (1 − p)^t exactly.
  /// 1,000 nodes × 400 replicates: the mean fraction has sd ≤ √(0.25/4·10⁵) ≈ 8·10⁻⁴; 5 sd allowed.
  func testIsolatedNodesAdoptAtRateP() throws {
    var g = MultiplexGraph(nodeCount: 1000)
    try g.addLayer(name: "none", directed: false, sources: [], targets: [])
    let p = 0.1
    let mean = try Self.meanCurve(try Bass(graph: g, p: p, q: 0.9), steps: 8, replicates: 400)
    for t in 0...8 {
      XCTAssertEqual(mean[t] / 1000, 1 - pow(1 - p, Double(t)), accuracy: 5 * 8e-4, "step \(t)")
    }
  }

  /// With p = 0 only imitation acts. On the directed path 0 → 1 → 2 from seed 0 with q = 1, node 1
  /// (k = 1, a = 1) adopts at step 1 and node 2 at step 2, and nobody else; in-neighbours count, not
  /// out-neighbours (node 0 has k = 0 and never listens to node 1).
  func testImitationFollowsInNeighbours() throws {
    var g = MultiplexGraph(nodeCount: 4)
    try g.addLayer(name: "d", directed: true, sources: [0, 1], targets: [1, 2])
    let simulator = try Bass(graph: g, p: 0, q: 1).makeSimulator()
    var trace = ReplicateTrace(recording: true)
    let rng = try RandomGenerator(seed: 3)
    XCTAssertEqual(simulator.run(seeds: [0], rng: rng, horizon: 5, trace: &trace), 3)
    XCTAssertEqual(trace.order, [0, 1, 2])
    XCTAssertEqual(Array(trace.stepEnds.prefix(3)), [1, 2, 3])
    XCTAssertEqual(simulator.run(seeds: [1], rng: rng, horizon: 5, trace: &trace), 2)
    XCTAssertEqual(trace.order, [1, 2])
  }

  /// Half-adopted neighbourhood: node 0 with in-neighbours 1 (seed) and 2 adopts at step 1 with
  /// p + q/2. p = 0.1, q = 0.4 → 0.3; 20,000 replicates, 5 binomial standard errors.
  func testHazardIsPPlusQTimesAdoptedShare() throws {
    var g = MultiplexGraph(nodeCount: 3)
    try g.addLayer(name: "d", directed: true, sources: [1, 2], targets: [0, 0])
    let simulator = try Bass(graph: g, p: 0.1, q: 0.4).makeSimulator()
    var trace = ReplicateTrace(recording: false)
    let rng = try RandomGenerator(seed: 3)
    var hits = 0
    let replicates = 20_000
    for r in 0..<replicates {
      rng.reseed(RandomSeedDerivation.seed(root: 5, scenarioHash: 0, point: 0, replicate: r))
      _ = simulator.run(seeds: [1], rng: rng, horizon: 1, trace: &trace)
      if trace.order.contains(0) { hits += 1 }
    }
    XCTAssertEqual(Double(hits) / Double(replicates), 0.3, accuracy: 5 * (0.21 / Double(replicates)).squareRoot())
  }

  /// The registry builds `bass` from p, q and field; needs no seeds; rejects an unknown field.
  func testRegistryEntry() throws {
    var g = MultiplexGraph(nodeCount: 3)
    try g.addLayer(name: "l", directed: false, sources: [0], targets: [1])
    let model = try ModelRegistry.make(
      name: "bass", graph: g, parameters: ModelParameters(values: ["p": 0.1, "q": 0.2], options: ["field": "mean"]))
    XCTAssertEqual(model.name, "bass")
    XCTAssertFalse(model.needsSeeds)
    XCTAssertEqual((model as? Bass)?.field, .mean)
    XCTAssertInvalidParameter(
      try ModelRegistry.make(
        name: "bass", graph: g, parameters: ModelParameters(values: ["p": 0.1, "q": 0.2], options: ["field": "x"])),
      model: "bass", key: "field")
    XCTAssertInvalidParameter(
      try ModelRegistry.make(name: "bass", graph: g, parameters: ModelParameters(values: ["p": 1.5, "q": 0.2])),
      model: "bass", key: "p")
  }
}
