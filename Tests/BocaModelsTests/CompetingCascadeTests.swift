import BocaGraph
import BocaRandom
import XCTest

@testable import BocaModels

/// Competing cascades (Budak et al. 2011) on paths whose outcome is known exactly, and their
/// reductions to IC.
///
/// Tolerances: probabilities estimated from R replicates are checked within 5 standard errors
/// √(P(1−P)/R) (two-sided p ≈ 6·10⁻⁷); the comparison of two independent sample means uses the
/// peer README's z and |z| < 4 (p ≈ 6·10⁻⁵). Deterministic cases (p = 1) and reductions that
/// share IC's draws are asserted exactly.
final class CompetingCascadeTests: XCTestCase {
  func path(_ n: Int) throws -> MultiplexGraph {
    var g = MultiplexGraph(nodeCount: n)
    let edges = (0..<UInt32(n - 1)).map { ($0, $0 + 1) }
    try g.addLayer(name: "l", directed: false, sources: edges.map(\.0), targets: edges.map(\.1))
    return g
  }

  func run(_ model: CompetingCascade, seeds: [UInt32], seed: UInt32 = 1) throws -> (spread: Int, trace: ReplicateTrace)
  {
    var workspace = NegativeCascadeWorkspace(nodeCount: model.cascadeA.graph.nodeCount)
    var trace = ReplicateTrace(recording: true)
    let spread = model.run(seeds: seeds, rng: try RandomGenerator(seed: seed), workspace: &workspace, trace: &trace)
    return (spread, trace)
  }

  /// A-seed 0 — x — B-seed 2 with p = 1: both reach x in step 1 and B wins the tie.
  /// On the path 0 … 5 (A at 0, B at 5) each campaign takes its half: A {0, 1, 2}, B {3, 4, 5};
  /// on 0 … 4 (B at 4) node 2 is a tie and goes to B: A {0, 1}.
  func testSimultaneousArrivalGoesToB() throws {
    let (spread, trace) = try run(try CompetingCascade(graph: try path(3), pA: 1, pB: 1, seedsB: [2]), seeds: [0])
    XCTAssertEqual(spread, 1)
    XCTAssertEqual(trace.order, [0])
    XCTAssertEqual(trace.stateCounts.suffix(2), [1, 2])

    let even = try run(try CompetingCascade(graph: try path(6), pA: 1, pB: 1, seedsB: [5]), seeds: [0])
    XCTAssertEqual(even.spread, 3)
    XCTAssertEqual(even.trace.order, [0, 1, 2])
    XCTAssertEqual(even.trace.stepEnds, [1, 2, 3])
    XCTAssertEqual(even.trace.stateCounts, [1, 1, 2, 2, 3, 3])

    let odd = try run(try CompetingCascade(graph: try path(5), pA: 1, pB: 1, seedsB: [4]), seeds: [0])
    XCTAssertEqual(odd.spread, 2)
    XCTAssertEqual(odd.trace.order, [0, 1])
  }

  /// A node seeded by both campaigns adopts B, and B's adopters block A.
  func testSharedSeedAdoptsB() throws {
    let (spread, trace) = try run(try CompetingCascade(graph: try path(3), pA: 1, pB: 0, seedsB: [0]), seeds: [0])
    XCTAssertEqual(spread, 0)
    XCTAssertEqual(trace.order, [])
    XCTAssertEqual(trace.stateCounts, [0, 1])
  }

  /// A-seed 0 — x — B-seed 2 with p_A, p_B < 1: x adopts B w.p. p_B (B wins ties) and A w.p.
  /// p_A(1 − p_B); the A spread is 1 + 1[x adopts A].
  func testMiddleNodeLaw() throws {
    let (pA, pB) = (0.7, 0.4)
    let model = try CompetingCascade(graph: try path(3), pA: pA, pB: pB, seedsB: [2])
    var workspace = NegativeCascadeWorkspace(nodeCount: 3)
    var trace = ReplicateTrace(recording: true)
    let rng = try RandomGenerator(seed: 1)
    let replicates = 100_000
    var toA = 0
    var toB = 0
    for r in 0..<replicates {
      rng.reseed(RandomSeedDerivation.seed(root: 51, scenarioHash: 0, point: 0, replicate: r))
      toA += model.run(seeds: [0], rng: rng, workspace: &workspace, trace: &trace) - 1
      toB += trace.stateCounts.last! - 1
    }
    let n = Double(replicates)
    for (count, p, label) in [(toA, pA * (1 - pB), "A"), (toB, pB, "B")] {
      XCTAssertEqual(Double(count) / n, p, accuracy: 5 * (p * (1 - p) / n).squareRoot(), label)
    }
  }

  /// Without B seeds and with p_B = 0, campaign A is IC draw for draw: on the peer BA graph
  /// every replicate's A cascade equals IC's from the same generator seed.
  func testWithoutBItIsIndependentCascadeDrawForDraw() throws {
    let row = try PeerFixtures.row("a2_ba10k_ic_p0.1.csv", tool: "cynetdiff", model: "IC")
    let (g, _) = try EdgeListReader.read(path: PeerFixtures.graphPath, directed: false)
    let p = try XCTUnwrap(row.parameter("p"))
    let seeds = g.internalIDs(of: row.seedNodes).map { $0! }
    let ic = try IndependentCascade(graph: g, p: p)
    let model = try CompetingCascade(graph: g, pA: p, pB: 0, seedsB: [])
    var icWorkspace = CascadeWorkspace(nodeCount: g.nodeCount)
    var workspace = NegativeCascadeWorkspace(nodeCount: g.nodeCount)
    var trace = ReplicateTrace(recording: false)
    let rng = try RandomGenerator(seed: 1)
    for r in 0..<500 {
      let seed = RandomSeedDerivation.seed(root: 6, scenarioHash: 0, point: 0, replicate: r)
      rng.reseed(seed)
      let expected = ic.run(seeds: seeds, rng: rng, workspace: &icWorkspace)
      rng.reseed(seed)
      XCTAssertEqual(model.run(seeds: seeds, rng: rng, workspace: &workspace, trace: &trace), expected)
      XCTAssertEqual(trace.order[...], icWorkspace.activated)
    }
  }

  /// With p_B = 0, B's seeds only block A: A spreads as IC on the graph without the B seeds'
  /// edges. On the peer BA graph, B = the 10 highest-degree nodes; two independent runs of
  /// 20,000 replicates agree within |z| < 4 (sensitive to a difference of about
  /// 4·sd·√(2/20000) ≈ 4% of sd), and blocking must lower the mean well below IC's.
  func testZeroPBIsICWithoutTheBSeeds() throws {
    let row = try PeerFixtures.row("a2_ba10k_ic_p0.1.csv", tool: "cynetdiff", model: "IC")
    let (g, _) = try EdgeListReader.read(path: PeerFixtures.graphPath, directed: false)
    let p = try XCTUnwrap(row.parameter("p"))
    let seeds = g.internalIDs(of: row.seedNodes).map { $0! }
    let csr = g.layers[0].out
    let hubs = (0..<g.nodeCount).filter { !seeds.contains(UInt32($0)) }.sorted { csr.degree($0) > csr.degree($1) }
      .prefix(10)
      .map { UInt32($0) }
    let kept = g.layers[0].edges().filter { !hubs.contains($0.source) && !hubs.contains($0.target) }
    var pruned = MultiplexGraph(nodeCount: g.nodeCount)
    try pruned.addLayer(name: "l", directed: false, sources: kept.map(\.source), targets: kept.map(\.target))

    let registry = try ModelRegistry.make(
      name: "competing-ic", graph: g,
      parameters: ModelParameters(
        values: ["p_a": p, "p_b": 0],
        options: ["seeds_b": hubs.map { String(g.originalID(Int($0))) }.joined(separator: ",")]))
    let competing = try Self.moments(registry, seeds: seeds, root: 11)
    let ic = try Self.moments(try IndependentCascade(graph: pruned, p: p), seeds: seeds, root: 12)
    let z = (competing.mean - ic.mean) / (competing.variance / 20_000 + ic.variance / 20_000).squareRoot()
    XCTAssertLessThan(abs(z), 4, "competing \(competing.mean) vs IC without B \(ic.mean): z = \(z)")
    XCTAssertLessThan(competing.mean, 0.8 * row.mean, "blocking the hubs must cut A's spread (IC: \(row.mean))")
  }

  static func moments(_ model: any DiffusionModel, seeds: [UInt32], root: UInt64) throws -> (
    mean: Double, variance: Double
  ) {
    let simulator = model.makeSimulator()
    var trace = ReplicateTrace(recording: false)
    let table = ReplicateSeeds(root: root, scenarioHash: 0, points: 1, replicates: 20_000)
    let rng = try RandomGenerator(seed: 1)
    var sum = 0.0
    var sumSq = 0.0
    for r in 0..<20_000 {
      rng.reseed(table[0, r])
      let s = Double(simulator.run(seeds: seeds, rng: rng, horizon: nil, trace: &trace))
      sum += s
      sumSq += s * s
    }
    let mean = sum / 20_000
    return (mean, (sumSq - 20_000 * mean * mean) / 19_999)
  }

  /// `seeds_b` takes original ids (a single number too) and names unknown ones.
  func testSeedsBAreOriginalIDs() throws {
    var g = MultiplexGraph(nodeCount: 3, originalIDs: [10, 20, 30])
    try g.addLayer(name: "l", directed: false, sources: [0, 1], targets: [1, 2])
    let byText = try ModelRegistry.make(
      name: "competing-ic", graph: g,
      parameters: ModelParameters(values: ["p_a": 1, "p_b": 1], options: ["seeds_b": "30"]))
    XCTAssertEqual((byText as? CompetingCascade)?.seedsB, [2])
    let byNumber = try ModelRegistry.make(
      name: "competing-ic", graph: g, parameters: ModelParameters(values: ["p_a": 1, "p_b": 1, "seeds_b": 20]))
    XCTAssertEqual((byNumber as? CompetingCascade)?.seedsB, [1])
    XCTAssertInvalidParameter(
      try ModelRegistry.make(
        name: "competing-ic", graph: g,
        parameters: ModelParameters(values: ["p_a": 1, "p_b": 1], options: ["seeds_b": "10,99,7"])),
      model: "competing-ic", key: "seeds_b", saying: "99, 7")
    XCTAssertInvalidParameter(try CompetingCascade(graph: g, pA: 1.5, pB: 0, seedsB: []), key: "p_a")
  }
}
