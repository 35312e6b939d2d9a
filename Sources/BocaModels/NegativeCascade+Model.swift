import BocaGraph
import BocaRandom

extension NegativeCascade: DiffusionModel {
  public var name: String { "icn" }

  public func makeSimulator() -> any ReplicateSimulator { Simulator(self) }

  /// The model on one thread: its workspace reused across replicates.
  final class Simulator: ReplicateSimulator {
    static let stateNames = ["positive", "negative"]
    let model: NegativeCascade
    var workspace: NegativeCascadeWorkspace

    init(_ model: NegativeCascade) {
      self.model = model
      workspace = NegativeCascadeWorkspace(nodeCount: model.cascade.graph.nodeCount)
    }

    func run(seeds: [UInt32], rng: RandomGenerator, horizon: Int?, trace: inout ReplicateTrace) -> Int {
      if trace.stateNames != Self.stateNames { trace.stateNames = Self.stateNames }
      return model.run(seeds: seeds, rng: rng, workspace: &workspace, trace: &trace, maxSteps: horizon ?? .max)
    }
  }

  /// The registry entry: `p` (uniform, per layer, or edge weights on a weighted layer, as `ic`)
  /// and `q_quality`.
  static let entry = ModelEntry(
    name: "icn", parameters: ParameterSpec.many(["p", "q_quality"], .probability), cascadeProbability: "p",
    summary: "IC with negative opinions (Chen et al. 2011): quality q, negative dominates"
  ) { graph, layers, parameters in
    let probabilities = try IndependentCascade.probabilities(
      "p", model: "icn", graph: graph, layers: layers, parameters: &parameters)
    let quality = try parameters.probability("q_quality", model: "icn")
    return try NegativeCascade(graph: graph, layers: layers, probabilities: probabilities, quality: quality)
  }
}
