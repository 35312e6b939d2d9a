import BocaGraph
import BocaRandom

@testable import BocaModels

/// Shared helpers of the epidemic tests: small graphs and replicate loops seeded as the runner
/// seeds them (one generator reseeded per replicate from a ``ReplicateSeeds``).
enum EpidemicTestSupport {
  static func graph(_ n: Int, _ edges: [(UInt32, UInt32)], directed: Bool = false) throws -> MultiplexGraph {
    var g = MultiplexGraph(nodeCount: n)
    try g.addLayer(name: "l", directed: directed, sources: edges.map(\.0), targets: edges.map(\.1))
    return g
  }

  /// Spreads (or any per-replicate statistic of the trace) over `replicates` runs.
  static func run(
    _ model: Epidemic, seeds: [UInt32], replicates: Int, horizon: Int? = nil, recording: Bool = false, root: UInt64 = 3,
    _ statistic: (Int, ReplicateTrace) -> Double = { spread, _ in Double(spread) }
  ) throws -> (mean: Double, sd: Double, se: Double, values: [Double]) {
    let simulator = model.makeSimulator()
    let table = ReplicateSeeds(root: root, scenarioHash: 0, points: 1, replicates: replicates)
    let rng = try RandomGenerator(seed: 1)
    var trace = ReplicateTrace(recording: recording)
    var values: [Double] = []
    values.reserveCapacity(replicates)
    for r in 0..<replicates {
      rng.reseed(table[0, r])
      let spread = simulator.run(seeds: seeds, rng: rng, horizon: horizon, trace: &trace)
      values.append(statistic(spread, trace))
    }
    let mean = values.reduce(0, +) / Double(replicates)
    let variance = values.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(replicates - 1, 1))
    return (mean, variance.squareRoot(), (variance / Double(replicates)).squareRoot(), values)
  }
}
