import BocaGraph
import BocaRandom
import XCTest

@testable import BocaModels

/// IC-N (Chen et al. 2011) on graphs whose outcome law is known exactly, and its reduction to IC.
///
/// Tolerances: an estimated probability from R independent replicates has standard error
/// √(P(1−P)/R); each check allows 5 (two-sided p ≈ 6·10⁻⁷). The alternatives the tie test rules
/// out (random order: q², one draw per success: q⁴, instead of q³) sit more than 40 standard
/// errors away at R = 100,000. Reductions to IC that share IC's draws are asserted replicate by
/// replicate, exactly.
final class NegativeCascadeTests: XCTestCase {
  func graph(_ n: Int, _ edges: [(UInt32, UInt32)], directed: Bool = true) throws -> MultiplexGraph {
    var g = MultiplexGraph(nodeCount: n)
    try g.addLayer(name: "l", directed: directed, sources: edges.map(\.0), targets: edges.map(\.1))
    return g
  }

  /// Final (positive, negative) counts of `replicates` runs, tallied.
  func outcomes(_ model: NegativeCascade, seeds: [UInt32], replicates: Int = 100_000) throws -> [[Int]: Int] {
    var workspace = NegativeCascadeWorkspace(nodeCount: model.cascade.graph.nodeCount)
    var trace = ReplicateTrace(recording: true)
    let rng = try RandomGenerator(seed: 1)
    var tally: [[Int]: Int] = [:]
    for r in 0..<replicates {
      rng.reseed(RandomSeedDerivation.seed(root: 41, scenarioHash: 0, point: 0, replicate: r))
      let spread = model.run(seeds: seeds, rng: rng, workspace: &workspace, trace: &trace)
      let last = Array(trace.stateCounts.suffix(2))
      XCTAssertEqual(last[0] + last[1], spread)
      tally[last, default: 0] += 1
    }
    return tally
  }

  func check(_ tally: [[Int]: Int], _ key: [Int], _ p: Double, _ label: String) {
    let r = Double(tally.values.reduce(0, +))
    let observed = Double(tally[key] ?? 0) / r
    XCTAssertEqual(observed, p, accuracy: max(5 * (p * (1 - p) / r).squareRoot(), 1e-12), label)
  }

  /// Seed s → v, one edge: s is positive w.p. q; v is reached w.p. p and is then positive only if
  /// s is and v's own draw is: P(v positive) = q·p·q, P(v negative) = p(1−q)+q·p(1−q) = p(1−q²).
  /// All five outcomes (positive, negative) are checked.
  func testSingleEdgeOutcomeLaw() throws {
    let (p, q) = (0.6, 0.7)
    let model = try NegativeCascade(graph: try graph(2, [(0, 1)]), p: p, quality: q)
    let tally = try outcomes(model, seeds: [0])
    check(tally, [2, 0], q * p * q, "s+, v+")
    check(tally, [1, 1], q * p * (1 - q), "s+, v-")
    check(tally, [0, 2], (1 - q) * p, "s-, v-")
    check(tally, [1, 0], q * (1 - p), "s+, v not reached")
    check(tally, [0, 1], (1 - q) * (1 - p), "s-, v not reached")
    // The brief's marginal: P(v negative) = p(1 − q²).
    let r = 100_000.0
    let negative = Double((tally[[1, 1]] ?? 0) + (tally[[0, 2]] ?? 0)) / r
    let pn = p * (1 - q * q)
    XCTAssertEqual(negative, pn, accuracy: 5 * (pn * (1 - pn) / r).squareRoot())
  }

  /// Two seeds both activate v in step 1 (p = 1). Negative dominates and v draws once: v is
  /// positive iff both seeds are and v's draw is, P = q³ (random order would give q², a draw
  /// per positive success q⁴).
  func testNegativeDominatesSimultaneousActivation() throws {
    let q = 0.5
    let model = try NegativeCascade(graph: try graph(3, [(0, 2), (1, 2)]), p: 1, quality: q)
    let tally = try outcomes(model, seeds: [0, 1])
    check(tally, [3, 0], q * q * q, "all positive")
    check(tally, [2, 1], q * q * (1 - q), "both seeds positive, v negative")
    check(tally, [1, 2], 2 * q * (1 - q), "one negative seed: v negative")
    check(tally, [0, 3], (1 - q) * (1 - q), "all negative")
  }

  /// A negative node's conversions are negative whatever q: on the path 0 → 1 → 2 with p = 1
  /// and q = 0.5, P(all positive) = q³ and a negative node is never followed by a positive one.
  func testNegativeNodesOnlySpreadNegativity() throws {
    let q = 0.5
    let model = try NegativeCascade(graph: try graph(3, [(0, 1), (1, 2)]), p: 1, quality: q)
    let tally = try outcomes(model, seeds: [0])
    check(tally, [3, 0], q * q * q, "+++")
    check(tally, [2, 1], q * q * (1 - q), "++-")
    check(tally, [1, 2], q * (1 - q), "+--")
    check(tally, [0, 3], 1 - q, "---")
  }

  /// q = 1 (nobody negative) and q = 0 (everybody negative) make no quality draws and run IC's
  /// kernel in IC's order, so on the peer BA graph (n = 10,000) every replicate's cascade equals
  /// IC's from the same seed, node for node; the opinion counts are all positive / all negative.
  func testExtremeQualityIsIndependentCascadeDrawForDraw() throws {
    let row = try PeerFixtures.row("a2_ba10k_ic_p0.1.csv", tool: "cynetdiff", model: "IC")
    let (g, _) = try EdgeListReader.read(path: PeerFixtures.graphPath, directed: false)
    let p = try XCTUnwrap(row.parameter("p"))
    let seeds = g.internalIDs(of: row.seedNodes).map { $0! }
    let ic = try IndependentCascade(graph: g, p: p)
    var icWorkspace = CascadeWorkspace(nodeCount: g.nodeCount)
    var workspace = NegativeCascadeWorkspace(nodeCount: g.nodeCount)
    var trace = ReplicateTrace(recording: true)
    let rng = try RandomGenerator(seed: 1)
    for q in [1.0, 0.0] {
      let icn = try NegativeCascade(graph: g, p: p, quality: q)
      var total = 0
      for r in 0..<500 {
        let seed = RandomSeedDerivation.seed(root: 5, scenarioHash: 0, point: 0, replicate: r)
        rng.reseed(seed)
        let expected = ic.run(seeds: seeds, rng: rng, workspace: &icWorkspace, recordSteps: true)
        rng.reseed(seed)
        XCTAssertEqual(icn.run(seeds: seeds, rng: rng, workspace: &workspace, trace: &trace), expected)
        XCTAssertEqual(trace.order[...], icWorkspace.activated)
        XCTAssertEqual(trace.stepEnds, icWorkspace.stepEnds)
        XCTAssertEqual(Array(trace.stateCounts.suffix(2)), q == 1 ? [expected, 0] : [0, expected])
        total += expected
      }
      XCTAssertGreaterThan(total, 500 * seeds.count, "the cascades must actually spread")
    }
  }

  /// Opinions do not change who is activated (every edge fires with p whatever the opinions), so
  /// for any q the spread's law is IC's: at q = 0.5 the mean spread on the peer BA graph agrees
  /// with cynetdiff's IC figure, |z| < 4 (the peer README's statistic; 10,000 replicates detect a
  /// bias of about 4·√(415²/10⁴ + 415²/10⁴) ≈ 23 nodes).
  func testSpreadLawIsICForAnyQuality() throws {
    let row = try PeerFixtures.row("a2_ba10k_ic_p0.1.csv", tool: "cynetdiff", model: "IC")
    let (g, _) = try EdgeListReader.read(path: PeerFixtures.graphPath, directed: false)
    let model = try ModelRegistry.make(
      name: "icn", graph: g,
      parameters: ModelParameters(values: ["p": try XCTUnwrap(row.parameter("p")), "q_quality": 0.5]))
    let seeds = g.internalIDs(of: row.seedNodes).map { $0! }
    let simulator = model.makeSimulator()
    var trace = ReplicateTrace(recording: false)
    let replicates = 10_000
    let table = ReplicateSeeds(root: 8, scenarioHash: 0, points: 1, replicates: replicates)
    let rng = try RandomGenerator(seed: 1)
    var sum = 0.0
    var sumSq = 0.0
    for r in 0..<replicates {
      rng.reseed(table[0, r])
      let s = Double(simulator.run(seeds: seeds, rng: rng, horizon: nil, trace: &trace))
      sum += s
      sumSq += s * s
    }
    let mean = sum / Double(replicates)
    let sd = ((sumSq - Double(replicates) * mean * mean) / Double(replicates - 1)).squareRoot()
    let z = PeerFixtures.z(mean: mean, sd: sd, replicates: Double(replicates), against: row)
    XCTAssertLessThan(abs(z), 4, "ICN mean \(mean) vs cynetdiff IC \(row.mean): z = \(z)")
  }

  /// The simulator names its states and honours the horizon (generations).
  func testTraceStatesAndHorizon() throws {
    let g = try graph(4, [(0, 1), (1, 2), (2, 3)])
    let model = try ModelRegistry.make(
      name: "icn", graph: g, parameters: ModelParameters(values: ["p": 1, "q_quality": 1]))
    let simulator = model.makeSimulator()
    var trace = ReplicateTrace(recording: true)
    XCTAssertEqual(simulator.run(seeds: [0], rng: try RandomGenerator(seed: 3), horizon: 2, trace: &trace), 3)
    XCTAssertEqual(trace.stateNames, ["positive", "negative"])
    XCTAssertEqual(trace.stepEnds, [1, 2, 3])
    XCTAssertEqual(trace.stateCounts, [1, 0, 2, 0, 3, 0])
  }

  func testInvalidParametersNameTheModel() throws {
    let g = try graph(2, [(0, 1)])
    XCTAssertInvalidParameter(try NegativeCascade(graph: g, p: 0.1, quality: 1.2), model: "icn", key: "q_quality")
    XCTAssertInvalidParameter(try NegativeCascade(graph: g, p: 2, quality: 0.5), model: "icn", key: "p")
    XCTAssertInvalidParameter(
      try ModelRegistry.make(name: "icn", graph: g, parameters: ModelParameters(values: ["p": 0.1])), model: "icn",
      key: "q_quality")
  }
}
