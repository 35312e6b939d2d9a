import BocaGraph
import BocaModels
import BocaRandom
import XCTest

@testable import BocaSeeding

/// What the policy tests share: a BA graph, and seed sets judged by their IC spread over replicates
/// whose seeds are the same for every set (common random numbers).
extension XCTestCase {
  /// Per-replicate IC spreads of `seeds`, replicate r seeded by RandomSeedDerivation(root, r).
  func spreads(_ seeds: [UInt32], graph: MultiplexGraph, p: Double, replicates: Int, root: UInt64 = 21) throws
    -> [Double]
  {
    let model = try IndependentCascade(graph: graph, p: p)
    var workspace = CascadeWorkspace(nodeCount: graph.nodeCount)
    let rng = try RandomGenerator(seed: 1)
    return (0..<replicates).map { r in
      rng.reseed(RandomSeedDerivation.seed(root: root, scenarioHash: 0, point: 0, replicate: r))
      return Double(model.run(seeds: seeds, rng: rng, workspace: &workspace))
    }
  }

  /// Mean and standard error of the mean.
  func meanSE(_ x: [Double]) -> (mean: Double, se: Double) {
    let n = Double(x.count)
    let m = x.reduce(0, +) / n
    let v = x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
    return (m, (v / n).squareRoot())
  }

  /// Paired difference a − b: mean and standard error.
  func paired(_ a: [Double], _ b: [Double]) -> (mean: Double, se: Double) { meanSE(zip(a, b).map { $0 - $1 }) }

  func barabasiAlbert(n: Int, m: Int, seed: UInt32) throws -> MultiplexGraph {
    var g = MultiplexGraph(nodeCount: n)
    try Generators.barabasiAlbert(n: n, m: m, rng: try RandomGenerator(seed: seed)).addLayer(to: &g, name: "ba")
    return g
  }
}
