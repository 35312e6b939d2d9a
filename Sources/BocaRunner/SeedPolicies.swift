import BocaGraph
import BocaModels
import BocaRandom
import BocaScenario
import BocaSeeding

/// The one place where a seeding policy's name becomes a way of choosing nodes, for campaign
/// `seed` actions. Every other piece of code passes the name through.
///
/// `random` draws a fresh order per replicate; every other policy of `BocaSeeding`'
/// ``SeedingRegistry`` (degree, pagerank, kcore, single-discount, degree-discount, celf, imm,
/// diverse) is run once, before the replicates, on the arm's graph, and its choice is fixed.
/// The policies that optimise for a cascade (degree-discount, celf, imm) are tuned to the running
/// model's cascade probability, by the rule its registry entry states
/// (``ModelEntry/cascadeProbability``: `p` for `ic` and `icn`, `p_a` for `competing-ic`, `pic` for
/// `wom`); with per-layer values, their mean over the model's layers (an approximation, said here
/// so that it is not a surprise). A model that states none (e.g. bass), or a probability that is 0
/// or unset, leaves them nothing to tune to: they refuse, saying so — except that for `lt` CELF
/// and IMM simulate lt itself, as before.
/// ``tuning(_:model:graph:layers:)`` says what a policy was tuned to (`--verbose`).
public enum SeedPolicies {
  /// The names this build resolves.
  public static let known = SeedingRegistry.all.map(\.name)

  /// How a policy orders the candidates of a pool (random afresh per wave, or a fixed ranking).
  public typealias Order = SeedDraw.Order

  /// The policies tuned to a cascade's edge probability (they read SeedingOptions.p).
  static let cascadeTuned: Set<String> = Set(SeedingRegistry.all.filter { $0.keys.contains("p") }.map(\.name))

  /// The order of `pool` under `name`, or nil when the name is not a known policy.
  ///
  /// - Parameters:
  ///   - count: the most seeds the action can take (its k, or what its budget buys, times its
  ///     number of waves): a ranking policy ranks that many.
  ///   - layers: the model's layers (degree counts out-edges on them; cascades run on them).
  ///   - model: the scenario's model, for the cascade probability and CELF's simulations.
  ///   - seed: seeds the generator of the policies that draw random numbers (CELF, IMM).
  /// - Throws: ``RunError`` when a cascade-tuned policy has no cascade probability to be tuned to.
  public static func resolve(
    _ name: String, pool: [UInt32], count: Int, graph: MultiplexGraph, layers: [Int], model: ModelSpec, seed: UInt32
  ) throws -> Order? {
    if name == "random" { return .random(pool: pool) }
    guard let entry = SeedingRegistry.all.first(where: { $0.name == name }) else { return nil }
    var options = SeedingOptions()
    options.layers = layers
    // lt has no edge probability: CELF and IMM simulate lt itself.
    let ownModel = model.name == "ic" || model.name == "lt"
    if cascadeTuned.contains(name) && !(model.name == "lt" && name != "degree-discount") {
      options.p = try tuning(name, model: model, graph: graph, layers: layers).value
    }
    if ownModel {
      options.model = model.name
      options.modelParameters = model.parameters
      options.modelParameters.values["p"] = nil
      options.modelParameters.perLayer["p"] = nil
    }
    let policy = try entry.make(options)
    let rng = try RandomGenerator(seed: seed)
    return .ranked(try policy.select(k: min(count, pool.count), graph: graph, candidates: pool, rng: rng))
  }

  /// What a cascade-tuned policy is tuned to for `model`.
  public struct Tuning: Sendable, Equatable {
    /// The cascade probability (the mean over the model's layers when given per layer).
    public var value: Double
    /// The model's name and the key the value was read from.
    public var model: String
    public var key: String
    /// The layers whose per-layer values were averaged (empty for one value).
    public var averaged: [String]

    /// E.g. "cascade p = 0.05 from wom's pic".
    public var description: String {
      "cascade p = \(value) from \(model)'s \(key)"
        + (averaged.isEmpty ? "" : " (mean of its values on \(averaged.joined(separator: ", ")))")
    }
  }

  /// The cascade probability policy `name` is tuned to for `model`, by the rule of the model's
  /// registry entry (``ModelEntry/cascadeProbability``).
  ///
  /// - Throws: ``RunError`` when the model states no cascade probability, or its value is unset
  ///   or 0 (there is no cascade to tune to), naming the policy, the model and the key.
  public static func tuning(_ name: String, model: ModelSpec, graph: MultiplexGraph, layers: [Int]) throws -> Tuning {
    let others = "degree, pagerank, kcore, single-discount or diverse"
    guard let key = ModelRegistry.entry(model.name)?.cascadeProbability else {
      throw RunError.invalid(
        "seed policy \(name): it is tuned to a cascade's edge probability, and model '\(model.name)' has none "
          + "(ic and icn: p, competing-ic: p_a, wom: pic); choose \(others)")
    }
    var value = model.parameters.values[key]
    var averaged: [String] = []
    if value == nil, let perLayer = model.parameters.perLayer[key] {
      let named = layers.compactMap { l in perLayer[graph.layers[l].name].map { (graph.layers[l].name, $0) } }
      if !named.isEmpty {
        value = named.map(\.1).reduce(0, +) / Double(named.count)
        averaged = named.map(\.0)
      }
    }
    guard let value, value > 0 else {
      throw RunError.invalid(
        "seed policy \(name): it is tuned to model \(model.name)'s cascade probability \(key), which is "
          + (value == nil ? "not set" : "0") + " (no cascade to tune to); set \(key) > 0 or choose \(others)")
    }
    return Tuning(value: value, model: model.name, key: key, averaged: averaged)
  }

  /// The `--verbose` line for policy `name` seeding for `model`, or nil when the policy is not
  /// tuned to a cascade probability: "seeding degree-discount: cascade p = 0.05 from wom's pic".
  public static func note(_ name: String, model: ModelSpec, graph: MultiplexGraph, layers: [Int]) -> String? {
    guard cascadeTuned.contains(name), !(model.name == "lt" && name != "degree-discount"),
      let tuning = try? tuning(name, model: model, graph: graph, layers: layers)
    else { return nil }
    return "seeding \(name): \(tuning.description)"
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
