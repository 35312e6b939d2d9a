import BocaGraph
import BocaRandom

extension WordOfMouth: DiffusionModel {
  public var name: String { "wom" }

  /// `wom` runs without seeds when p > 0 (advertising starts adoption); with p = 0 only seeds or
  /// a campaign (broadcast, advocacy, seed actions) can start it. Seeds, if given, have adopted at
  /// step 0.
  public var needsSeeds: Bool { !(parameters.p > 0) }

  public func makeSimulator() -> any ReplicateSimulator { WordOfMouthSimulator(self) }

  /// The parameters: the symbols of `docs/wom.md` (defaults = mechanisms off, except ρ and R*).
  /// Every rate and share is a probability in [0, 1]; κ, χ and the layer strengths are reals ≥ 0;
  /// `lurkers` names a side.
  static let parameters: [ParameterSpec] =
    ["p", "q", "pic", "C0", "gain", "loss", "pi", "eps", "mu", "r", "rho", "R", "Rstar"].map {
      ParameterSpec($0, .probability)
    } + [
      ParameterSpec("kappa", .nonNegative), ParameterSpec("lambda", .probability),
      ParameterSpec("lurkers", .word(allowed: [])), ParameterSpec("chi", .nonNegative),
      ParameterSpec("a", .probability), ParameterSpec("c", .probability), ParameterSpec("f", .probability),
      ParameterSpec("strength", .nonNegative),
    ]

  /// The node columns read instead of `a`, `c` and `f` when the graph has them.
  static let columns = ["activity", "credibility", "forgetting"]

  /// The registry entry; `strength` may be given per layer. The cascade probability that the
  /// cascade-tuned seeding policies read is `pic` (the viral cascade), not `p` (advertising).
  static let entry = ModelEntry(
    name: "wom", parameters: parameters, columns: columns, cascadeProbability: "pic",
    summary: "word of mouth (Boca; docs/wom.md): Bass hazard with brand credibility, negative WOM, listening, "
      + "rewards, lurkers, cross-side effects and a viral cascade; reduces to bass and ic"
  ) { graph, layers, parameters in
    var x = Parameters()
    func read(_ key: String, _ value: inout Double) throws {
      value = try parameters.double(key, model: "wom", default: value)
    }
    try read("p", &x.p)
    try read("q", &x.q)
    try read("pic", &x.pic)
    try read("C0", &x.initialCredibility)
    try read("gain", &x.gain)
    try read("loss", &x.loss)
    try read("pi", &x.promoter)
    try read("eps", &x.agitation)
    try read("mu", &x.moderation)
    try read("r", &x.responsiveness)
    try read("rho", &x.recovery)
    try read("R", &x.reward)
    try read("Rstar", &x.crowdingThreshold)
    try read("kappa", &x.crowding)
    try read("lambda", &x.lurkerConversion)
    try read("chi", &x.crossSide)
    try read("a", &x.activity)
    try read("c", &x.credibility)
    try read("f", &x.forgetting)
    x.lurkerSide = parameters.optionalText("lurkers")
    let strengths = layers.map { parameters.perLayerValue("strength", layer: graph.layers[$0].name) ?? 1 }
    return try WordOfMouth(graph: graph, layers: layers, strengths: strengths, parameters: x)
  }
}
