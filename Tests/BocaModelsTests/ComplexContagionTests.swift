import BocaGraph
import BocaRandom
import XCTest

@testable import BocaModels

/// Complex contagion: Centola & Macy's ring-versus-random result, and exact small cases of the
/// absolute and fractional rules. The model is deterministic, so every check is exact.
final class ComplexContagionTests: XCTestCase {
  func graph(_ n: Int, _ edges: [(UInt32, UInt32)], directed: Bool = false, layer: String = "l") throws
    -> MultiplexGraph
  {
    var g = MultiplexGraph(nodeCount: n)
    try g.addLayer(name: layer, directed: directed, sources: edges.map(\.0), targets: edges.map(\.1))
    return g
  }

  /// Watts–Strogatz graph of `n` nodes, degree `k`, rewiring `p`, generated with `graphSeed`.
  func wattsStrogatz(n: Int, k: Int, p: Double, graphSeed: UInt32) throws -> MultiplexGraph {
    var g = MultiplexGraph(nodeCount: n)
    let edges = try Generators.wattsStrogatz(n: n, k: k, p: p, rng: try RandomGenerator(seed: graphSeed))
    try edges.addLayer(to: &g, name: "l")
    return g
  }

  /// Node `c` and its neighbours: a seeded neighbourhood.
  func neighbourhood(_ c: Int, in g: MultiplexGraph) -> [UInt32] {
    [UInt32(c)] + g.layers[0].out.neighbors(c)
  }

  /// Run the model once, recording steps.
  func run(_ model: ComplexContagion, seeds: [UInt32]) -> (spread: Int, workspace: ThresholdWorkspace) {
    var workspace = ThresholdWorkspace(nodeCount: model.graph.nodeCount)
    let spread = model.run(seeds: seeds, workspace: &workspace, recordSteps: true)
    return (spread, workspace)
  }

  /// Ring lattice (WS p = 0), n = 1000, k = 4, θ = 2, seeds = node 0 and its four neighbours
  /// (±1, ±2). Node 3 has neighbours 1, 2 (adopted), 4, 5: it adopts at step 1, and so on: a node
  /// at ring distance 3 ≤ d < 500 from node 0 adopts at step d − 2 (its neighbours at distances
  /// d − 1 and d − 2 have adopted by step d − 3), two nodes per step. The single antipode
  /// (d = n/2 = 500) has its two neighbours at distance 498 adopted by step 496, so it joins the
  /// two at distance 499 at step 497. So the whole ring adopts, with stepEnds[t] = 5 + 2t for
  /// t ≤ 496 and stepEnds[497] = 1000, exactly.
  func testRingLatticeSeededNeighbourhoodTakesTheWholeRing() throws {
    let n = 1_000
    let g = try wattsStrogatz(n: n, k: 4, p: 0, graphSeed: 1)
    let model = try ComplexContagion(graph: g, threshold: .absolute(2))
    let seeds = neighbourhood(0, in: g)
    XCTAssertEqual(Set(seeds), [0, 1, 2, 998, 999])
    let (spread, w) = run(model, seeds: seeds)
    XCTAssertEqual(spread, n)
    XCTAssertEqual(w.stepEnds, (0..<497).map { 5 + 2 * $0 } + [n])
    // A lone seed is not enough: every other node has at most one adopted neighbour.
    XCTAssertEqual(run(model, seeds: [0]).spread, 1)
  }

  /// Fully rewired graph of the same mean degree (WS p = 1, n = 2000, k = 4), ten graph seeds,
  /// seeds = a node and its neighbours. With θ = 2 the spread stays below 5% of n (100 nodes):
  /// in a locally tree-like graph a node outside the seed set needs two adopted neighbours, i.e. to
  /// close a short cycle through it; the seed set's ~12 outward edges put two ends on one node
  /// with probability about 12²/(2n) ≈ 0.04, and there are no vulnerable (θ = 1) nodes to carry a
  /// cascade further (Watts 2002), so the spread stays at the seed set plus rarely a node or two.
  /// From the same seeds a simple contagion (θ = 1) reaches exactly the seeds' connected component
  /// (checked against a BFS), which holds almost every node (> 90%; every node keeps degree ≥ 2 at
  /// p = 1): random long ties help simple contagions and stop complex ones (Centola & Macy 2007).
  func testRewiredGraphStopsTheComplexContagion() throws {
    let n = 2_000
    for graphSeed in UInt32(1)...10 {
      let g = try wattsStrogatz(n: n, k: 4, p: 1, graphSeed: graphSeed)
      let c = Int(graphSeed) * 97 % n
      let seeds = neighbourhood(c, in: g)
      let complex = run(try ComplexContagion(graph: g, threshold: .absolute(2)), seeds: seeds).spread
      XCTAssertLessThan(complex, n / 20, "graph seed \(graphSeed)")
      XCTAssertGreaterThanOrEqual(complex, seeds.count)
      let simple = run(try ComplexContagion(graph: g, threshold: .absolute(1)), seeds: seeds).spread
      XCTAssertEqual(simple, componentSize(of: c, in: g), "graph seed \(graphSeed)")
      XCTAssertGreaterThan(simple, n * 9 / 10, "graph seed \(graphSeed)")
    }
  }

  /// Size of the connected component of `node` (plain BFS, for reference).
  func componentSize(of node: Int, in g: MultiplexGraph) -> Int {
    var seen = Set([node])
    var frontier = [node]
    while let u = frontier.popLast() {
      for v in g.layers[0].out.neighbors(u) where seen.insert(Int(v)).inserted { frontier.append(Int(v)) }
    }
    return seen.count
  }

  /// Star, centre 0, leaves 1–4, φ = 1/2. From the centre: each leaf (degree 1) has fraction 1 ≥ 1/2
  /// and adopts at step 1 (stepEnds [1, 5]). From leaves 1, 2: the centre has 2/4 ≥ 1/2 and adopts
  /// at step 1, then leaves 3, 4 at step 2 (stepEnds [2, 3, 5]). From leaf 1 alone: 1/4 < 1/2,
  /// nothing happens.
  func testFractionalThresholdOnStar() throws {
    let g = try graph(5, [(0, 1), (0, 2), (0, 3), (0, 4)])
    let model = try ComplexContagion(graph: g, threshold: .fractional(0.5))
    XCTAssertEqual(model.need(of: 0), 2)
    XCTAssertEqual(model.need(of: 1), 1)
    let fromCentre = run(model, seeds: [0])
    XCTAssertEqual(fromCentre.workspace.stepEnds, [1, 5])
    let fromTwo = run(model, seeds: [1, 2])
    XCTAssertEqual(fromTwo.workspace.stepEnds, [2, 3, 5])
    XCTAssertEqual(Array(fromTwo.workspace.activated), [1, 2, 0, 3, 4])
    XCTAssertEqual(run(model, seeds: [1]).spread, 1)
  }

  /// Path 0–1–2–3 from node 0: with φ = 1/2 each inner node (degree 2) needs one adopted
  /// neighbour, so the path adopts node by node (stepEnds [1, 2, 3, 4]); with φ = 0.6 node 1
  /// needs ⌈1.2⌉ = 2 and nothing happens.
  func testFractionalThresholdOnPath() throws {
    let g = try graph(4, [(0, 1), (1, 2), (2, 3)])
    XCTAssertEqual(
      run(try ComplexContagion(graph: g, threshold: .fractional(0.5)), seeds: [0]).workspace.stepEnds, [1, 2, 3, 4])
    XCTAssertEqual(run(try ComplexContagion(graph: g, threshold: .fractional(0.6)), seeds: [0]).spread, 1)
  }

  /// φ = 0.55 on a node of degree 100: 0.55 · 100 is 55.00000000000001 in binary floating point, but
  /// the intended threshold is 55 adopted neighbours: 55 leaves adopt the centre, 54 do not.
  func testFractionalThresholdIsNotRoundedUpByBinaryError() throws {
    let g = try graph(101, (1...100).map { (0, UInt32($0)) })
    let model = try ComplexContagion(graph: g, threshold: .fractional(0.55))
    XCTAssertEqual(model.need(of: 0), 55)
    let leaves = (1...100).map(UInt32.init)
    XCTAssertTrue(run(model, seeds: Array(leaves.prefix(55))).workspace.activated.contains(0))
    XCTAssertFalse(run(model, seeds: Array(leaves.prefix(54))).workspace.activated.contains(0))
  }

  /// Directed edges count as in-neighbours only: 0→2, 1→2, 2→3, 3→0. With θ = 2 from {0, 1}, node 2
  /// adopts; node 3 (in-degree 1 < θ) never can. With φ = 1, node 3 follows at step 2, and
  /// node 0's in-neighbour 3 adopting changes nothing for it (already a seed).
  func testDirectedLayersCountInNeighbours() throws {
    let g = try graph(4, [(0, 2), (1, 2), (2, 3), (3, 0)], directed: true)
    let absolute = try ComplexContagion(graph: g, threshold: .absolute(2))
    XCTAssertNil(absolute.need(of: 3))
    XCTAssertEqual(run(absolute, seeds: [0, 1]).workspace.stepEnds, [2, 3])
    XCTAssertEqual(run(absolute, seeds: [2]).spread, 1, "2→0 and 2→1 do not exist")
    let whole = try ComplexContagion(graph: g, threshold: .fractional(1))
    XCTAssertEqual(run(whole, seeds: [0, 1]).workspace.stepEnds, [2, 3, 4])
    XCTAssertEqual(run(whole, seeds: [0]).spread, 1, "node 2 needs both in-neighbours")
  }

  /// An edge on two layers is two adopted neighbours: layers a and b both join 0–1, so with θ = 2
  /// node 1 adopts from node 0 alone; on layer a only it does not.
  func testEdgeOnTwoLayersCountsTwice() throws {
    var g = try graph(2, [(0, 1)], layer: "a")
    try g.addLayer(name: "b", directed: false, sources: [0], targets: [1])
    XCTAssertEqual(run(try ComplexContagion(graph: g, threshold: .absolute(2)), seeds: [0]).spread, 2)
    XCTAssertEqual(run(try ComplexContagion(graph: g, layers: [0], threshold: .absolute(2)), seeds: [0]).spread, 1)
  }

  /// The registry's `threshold` takes exactly one of `theta` (integer ≥ 1) or `phi` (in (0, 1]);
  /// the simulator ignores the generator (two runs give the same trace) and honours the horizon.
  func testRegistryEntryValidatesThetaAndPhi() throws {
    let g = try graph(4, [(0, 1), (1, 2), (2, 3)])
    func make(_ values: [String: Double]) throws -> any DiffusionModel {
      try ModelRegistry.make(name: "threshold", graph: g, parameters: ModelParameters(values: values))
    }
    XCTAssertEqual((try make(["theta": 2]) as? ComplexContagion)?.threshold, .absolute(2))
    XCTAssertEqual((try make(["phi": 0.5]) as? ComplexContagion)?.threshold, .fractional(0.5))
    for (bad, key): ([String: Double], String) in [
      ([:], "theta"), (["theta": 2, "phi": 0.5], "theta"), (["theta": 0], "theta"), (["theta": 1.5], "theta"),
      (["phi": 0], "phi"), (["phi": 1.2], "phi"),
    ] {
      XCTAssertInvalidParameter(try make(bad), model: "threshold", key: key, "\(bad)")
    }
    XCTAssertInvalidParameter(try make(["theta": 1, "beta": 0.1]), model: "threshold", key: "beta")
    let model = try make(["phi": 0.5])
    XCTAssertEqual(model.name, "threshold")
    let simulator = model.makeSimulator()
    var first = ReplicateTrace(recording: true)
    var second = ReplicateTrace(recording: true)
    XCTAssertEqual(simulator.run(seeds: [0], rng: try RandomGenerator(seed: 1), horizon: nil, trace: &first), 4)
    XCTAssertEqual(simulator.run(seeds: [0], rng: try RandomGenerator(seed: 2), horizon: nil, trace: &second), 4)
    XCTAssertEqual(first.order, [0, 1, 2, 3])
    XCTAssertEqual(first.order, second.order)
    XCTAssertEqual(first.stepEnds, [1, 2, 3, 4])
    XCTAssertEqual(simulator.run(seeds: [0], rng: try RandomGenerator(seed: 1), horizon: 1, trace: &first), 2)
  }
}
