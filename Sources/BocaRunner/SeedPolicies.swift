import BocaCampaigns
import BocaGraph
import BocaModels
import BocaRandom
import BocaScenario

/// The one place where a seeding policy's name becomes a way of choosing nodes, for campaign
/// `seed` actions. Every other piece of code passes the name through.
///
/// `random` draws a fresh order per replicate; every other policy of `BocaCampaigns`'
/// ``SeedingRegistry`` (degree, pagerank, kcore, single-discount, degree-discount, celf, imm,
/// diverse) is run once, before the replicates, on the arm's graph, and its choice is fixed.
/// The policies that optimise for a cascade (degree-discount, celf, imm) read the model's IC
/// probability: `p` (or `pic` for `wom`); with per-layer values, their mean over the model's
/// layers (an approximation, said here so that it is not a surprise).
public enum SeedPolicies {
  /// The names this build resolves.
  public static let known = SeedingRegistry.all.map(\.name)

  /// How a policy orders the candidates of a pool (random afresh per wave, or a fixed ranking).
  public typealias Order = SeedDraw.Order

  /// The order of `pool` under `name`, or nil when the name is not a known policy.
  ///
  /// - Parameters:
  ///   - count: the most seeds the action can take (its k, or what its budget buys, times its
  ///     number of waves): a ranking policy ranks that many.
  ///   - layers: the model's layers (degree counts out-edges on them; cascades run on them).
  ///   - model: the scenario's model, for the cascade probability and CELF's simulations.
  ///   - seed: seeds the generator of the policies that draw random numbers (CELF, IMM).
  public static func resolve(
    _ name: String, pool: [UInt32], count: Int, graph: MultiplexGraph, layers: [Int], model: ModelSpec, seed: UInt32
  ) throws -> Order? {
    if name == "random" { return .random(pool: pool) }
    guard let entry = SeedingRegistry.all.first(where: { $0.name == name }) else { return nil }
    var options = SeedingOptions()
    options.layers = layers
    options.p = cascadeProbability(model, graph: graph, layers: layers)
    if model.name == "ic" || model.name == "lt" {
      options.model = model.name
      options.modelParameters = model.parameters
      options.modelParameters.values["p"] = nil
      options.modelParameters.perLayer["p"] = nil
    }
    let policy = try entry.make(options)
    let rng = try RandomGenerator(seed: seed)
    return .ranked(try policy.select(k: min(count, pool.count), graph: graph, candidates: pool, rng: rng))
  }

  /// IC's p for the policies that need one: the model's `p` (or `pic`), per-layer values
  /// averaged over the model's layers.
  static func cascadeProbability(_ model: ModelSpec, graph: MultiplexGraph, layers: [Int]) -> Double? {
    for key in ["p", "pic"] {
      if let p = model.parameters.values[key] { return p }
      if let perLayer = model.parameters.perLayer[key] {
        let values = layers.compactMap { perLayer[graph.layers[$0].name] }
        if !values.isEmpty { return values.reduce(0, +) / Double(values.count) }
      }
    }
    return nil
  }
}

/// One `seed` action set up on a graph: picks the seeds of its first wave for a replicate (see
/// ``SeedDraw``: the first k nodes of the policy's order, or what the budget buys greedily in that
/// order) and says what they cost. Later waves, if any, are drawn by the model at their steps
/// (``WordOfMouth/SeedWaves``).
struct CampaignSeeder: Sendable {
  let draw: SeedDraw
  let sideOf: [UInt16]
  /// The step the first wave's seeds adopt at.
  let start: Int

  /// Appends the replicate's first-wave seeds to `out` and returns their cost.
  func pick(_ rng: RandomGenerator, scratch: inout [UInt32], into out: inout [UInt32]) -> Double {
    draw.pick(rng, sideOf: sideOf, scratch: &scratch, skipping: { _ in false }, into: &out)
  }
}
