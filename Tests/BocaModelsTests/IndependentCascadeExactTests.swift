import BocaGraph
import BocaRandom
import XCTest

@testable import BocaModels

/// IC on graphs small enough that the spread's law is known in closed form.
///
/// Tolerances: the sample mean of R replicates has standard error sd/√R; each check allows
/// 5 standard errors (two-sided p ≈ 6·10⁻⁷ per check), so a correct kernel essentially never
/// fails, while a kernel that, for instance, gives a node two chances on one edge, or skips one
/// edge too many, moves the mean by tens of standard errors at these R.
final class IndependentCascadeExactTests: XCTestCase {
  func graph(
    _ n: Int, _ edges: [(UInt32, UInt32)], directed: Bool = false, weights: [Float]? = nil, layer: String = "l"
  )
    throws -> MultiplexGraph
  {
    var g = MultiplexGraph(nodeCount: n)
    try g.addLayer(name: layer, directed: directed, sources: edges.map(\.0), targets: edges.map(\.1), weights: weights)
    return g
  }

  /// Mean and standard error of the spread over `replicates` runs, one generator reseeded per
  /// replicate as the runner does.
  func spreads(_ model: IndependentCascade, _ g: MultiplexGraph, seeds: [UInt32], replicates: Int = 100_000) throws
    -> (mean: Double, se: Double, values: [Int])
  {
    var workspace = CascadeWorkspace(nodeCount: g.nodeCount)
    let rng = try RandomGenerator(seed: 1)
    var values: [Int] = []
    values.reserveCapacity(replicates)
    for r in 0..<replicates {
      rng.reseed(RandomSeedDerivation.seed(root: 99, scenarioHash: 0, point: 0, replicate: r))
      values.append(model.run(seeds: seeds, rng: rng, workspace: &workspace))
    }
    let mean = Double(values.reduce(0, +)) / Double(replicates)
    let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(replicates - 1)
    return (mean, (variance / Double(replicates)).squareRoot(), values)
  }

  /// On the path 0–1–2 from node 0, P(spread = 1, 2, 3) = (1−p, p(1−p), p²): checked for a p
  /// that uses geometric skipping and one that draws per edge.
  func testPathLawForSkippingAndPerEdgeKernels() throws {
    let g = try graph(3, [(0, 1), (1, 2)])
    for p in [0.1, 0.6] {
      let (_, _, values) = try spreads(try IndependentCascade(graph: g, p: p), g, seeds: [0])
      let expected = [1 - p, p * (1 - p), p * p]
      let r = Double(values.count)
      for k in 1...3 {
        let q = expected[k - 1]
        let observed = Double(values.filter { $0 == k }.count) / r
        XCTAssertEqual(observed, q, accuracy: 5 * (q * (1 - q) / r).squareRoot(), "p=\(p), spread \(k)")
      }
    }
  }

  /// From the centre of a star with L leaves the spread is 1 + Binomial(L, p): mean 1 + Lp.
  /// Long rows exercise the skip across many edges.
  func testStarSpreadIsBinomial() throws {
    let leaves = 500
    let g = try graph(leaves + 1, (1...leaves).map { (0, UInt32($0)) })
    for p in [0.003, 0.05, 0.3, 1.0] {
      let (mean, se, _) = try spreads(try IndependentCascade(graph: g, p: p), g, seeds: [0], replicates: 20_000)
      let sd = (Double(leaves) * p * (1 - p) / 20_000).squareRoot()
      XCTAssertEqual(mean, 1 + Double(leaves) * p, accuracy: max(5 * sd, 1e-9), "p=\(p) (se \(se))")
    }
  }

  /// Triangle from node 0: node 1 is reached directly or through 2, so
  /// E[spread] = 1 + 2(p + (1−p)p²).
  func testTriangleMean() throws {
    let g = try graph(3, [(0, 1), (1, 2), (0, 2)])
    let p = 0.4
    let (mean, se, _) = try spreads(try IndependentCascade(graph: g, p: p), g, seeds: [0])
    XCTAssertEqual(mean, 1 + 2 * (p + (1 - p) * p * p), accuracy: 5 * se)
  }

  /// Directed edges are followed one way only.
  func testDirectedEdgesAreOneWay() throws {
    let g = try graph(3, [(0, 1), (2, 1)], directed: true)
    let model = try IndependentCascade(graph: g, p: 1)
    var workspace = CascadeWorkspace(nodeCount: 3)
    let rng = try RandomGenerator(seed: 5)
    XCTAssertEqual(model.run(seeds: [0], rng: rng, workspace: &workspace), 2)
    XCTAssertEqual(model.run(seeds: [1], rng: rng, workspace: &workspace), 1)
  }

  /// Per-edge probabilities from weights: edge 0→1 w=0.2, 0→2 w=0.7; E = 1 + 0.9.
  func testEdgeWeightsAreProbabilities() throws {
    let g = try graph(3, [(0, 1), (0, 2)], directed: true, weights: [0.2, 0.7])
    let model = try IndependentCascade(graph: g, layers: [0], probabilities: [.edgeWeight])
    let (mean, se, _) = try spreads(model, g, seeds: [0])
    XCTAssertEqual(mean, 1.9, accuracy: 5 * se)
  }

  /// An edge on two layers is two independent chances: P = 1 − (1−p₁)(1−p₂).
  func testTwoLayersAreTwoChances() throws {
    var g = try graph(2, [(0, 1)], layer: "a")
    try g.addLayer(name: "b", directed: false, sources: [0], targets: [1])
    let model = try IndependentCascade(graph: g, layers: [0, 1], probabilities: [.uniform(0.3), .uniform(0.5)])
    let (mean, se, _) = try spreads(model, g, seeds: [0])
    XCTAssertEqual(mean, 1 + (1 - 0.7 * 0.5), accuracy: 5 * se)
  }

  /// Duplicate seeds count once; the steps record BFS generations.
  func testSeedsAndSteps() throws {
    let g = try graph(4, [(0, 1), (1, 2), (2, 3)])
    let model = try IndependentCascade(graph: g, p: 1)
    var workspace = CascadeWorkspace(nodeCount: 4)
    let rng = try RandomGenerator(seed: 5)
    XCTAssertEqual(model.run(seeds: [0, 0], rng: rng, workspace: &workspace, recordSteps: true), 4)
    XCTAssertEqual(workspace.stepEnds, [1, 2, 3, 4])
    XCTAssertEqual(Array(workspace.activated), [0, 1, 2, 3])
  }

  func testInvalidProbabilityIsAnError() throws {
    let g = try graph(2, [(0, 1)])
    XCTAssertInvalidParameter(try IndependentCascade(graph: g, p: 1.5), model: "ic", key: "p", saying: "[0, 1]")
    XCTAssertInvalidParameter(
      try IndependentCascade(graph: g, layers: [0], probabilities: [.edgeWeight]), model: "ic", key: "p")
  }
}
