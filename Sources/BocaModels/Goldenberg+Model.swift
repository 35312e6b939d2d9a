import BocaGraph
import BocaRandom

extension Goldenberg: DiffusionModel {
  public var name: String { "goldenberg" }

  /// Advertising (α > 0) lets the model run without seeds.
  public var needsSeeds: Bool { !(alpha > 0) }

  public func makeSimulator() -> any ReplicateSimulator { Simulator(self) }

  /// The model on one thread: its workspace reused across replicates.
  final class Simulator: ReplicateSimulator {
    let model: Goldenberg
    var workspace = GoldenbergWorkspace()

    init(_ model: Goldenberg) { self.model = model }

    func run(seeds: [UInt32], rng: RandomGenerator, horizon: Int?, trace: inout ReplicateTrace) -> Int {
      model.run(seeds: seeds, rng: rng, horizon: horizon, workspace: &workspace, trace: &trace)
    }
  }

  /// The registry entry: `alpha`, `beta_w`, `beta_s` and option `strong` (the layers whose
  /// ties are strong, comma-separated; all ties weak without it, and `beta_s` then unused).
  static let entry = ModelEntry(
    name: "goldenberg",
    parameters: ParameterSpec.many(["alpha", "beta_w", "beta_s"], .probability) + [
      ParameterSpec("strong", .word(allowed: []))
    ],
    summary: "talk of the network (Goldenberg, Libai & Muller 2001): P = 1 − (1−α)(1−β_w)^j(1−β_s)^m per step"
  ) { graph, layers, parameters in
    let model = "goldenberg"
    let alpha = try parameters.probability("alpha", model: model)
    let betaWeak = try parameters.probability("beta_w", model: model)
    let strongNames = try parameters.list("strong", model: model) ?? []
    let betaStrong = try parameters.probability("beta_s", model: model, default: strongNames.isEmpty ? 0 : nil)
    let strongLayers = try strongNames.map { name in
      guard let i = graph.layerIndex(name), layers.contains(i) else {
        throw ModelError.invalidParameter(
          model: model, key: "strong",
          expected: "layers the model uses (\(layers.map { graph.layers[$0].name }.joined(separator: ", ")))",
          found: "'\(name)'")
      }
      return i
    }
    return try Goldenberg(
      graph: graph, layers: layers, strongLayers: strongLayers, alpha: alpha, betaWeak: betaWeak, betaStrong: betaStrong
    )
  }
}
