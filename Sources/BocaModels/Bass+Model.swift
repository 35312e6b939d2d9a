import BocaGraph
import BocaRandom

extension Bass: DiffusionModel {
  public var name: String { "bass" }

  /// With p > 0 Bass runs without seeds (external influence starts adoption); with p = 0 nothing
  /// happens without them. Seeds, if given, have adopted at step 0.
  public var needsSeeds: Bool { !(p > 0) }

  public func makeSimulator() -> any ReplicateSimulator { BassSimulator(self) }

  /// The registry entry: `p` (innovation), `q` (imitation), `m` (market potential, default 1), `w`
  /// (weight of the network share against the population share, default 1), option `field`
  /// (`network` or `mean`).
  static let entry = ModelEntry(
    name: "bass",
    parameters: ParameterSpec.many(["p", "q", "m", "w"], .probability) + [
      ParameterSpec("field", .word(allowed: ["network", "mean"]))
    ],
    summary:
      "Bass (1969): a non-adopter adopts with p + q·a_i/k_i per step (field=network) or p + q·A/N (mean); m: market potential, w: network vs population share"
  ) { graph, layers, parameters in
    let p = try parameters.probability("p", model: "bass")
    let q = try parameters.probability("q", model: "bass")
    let m = try parameters.probability("m", model: "bass", default: 1)
    let w = try parameters.probability("w", model: "bass", default: 1)
    let field = try parameters.option(
      "field", model: "bass", allowed: Field.allCases.map(\.rawValue), default: "network")
    return try Bass(graph: graph, layers: layers, p: p, q: q, field: Field(rawValue: field)!, m: m, w: w)
  }
}
