import BocaGraph
import BocaRandom

extension IndependentCascade: DiffusionModel {
  public var name: String { "ic" }

  public func makeSimulator() -> any ReplicateSimulator { Simulator(self) }

  /// IC on one thread: a cascade workspace reused across replicates.
  final class Simulator: ReplicateSimulator {
    let model: IndependentCascade
    var workspace: CascadeWorkspace

    init(_ model: IndependentCascade) {
      self.model = model
      workspace = CascadeWorkspace(nodeCount: model.graph.nodeCount)
    }

    func run(seeds: [UInt32], rng: RandomGenerator, horizon: Int?, trace: inout ReplicateTrace) -> Int {
      trace.reset()
      let spread = model.run(
        seeds: seeds, rng: rng, workspace: &workspace, recordSteps: trace.recording, maxSteps: horizon ?? .max)
      trace.order.append(contentsOf: workspace.activated)
      if trace.recording { trace.stepEnds.append(contentsOf: workspace.stepEnds) }
      return spread
    }
  }

  /// The registry entry: `p` (uniform, or per layer; edge weights when absent on a weighted layer).
  static let entry = ModelEntry(
    name: "ic", keys: ["p"],
    summary: "independent cascade (Kempe, Kleinberg & Tardos 2003): one chance p per edge"
  ) { graph, layers, parameters in
    let probabilities: [Probability] = try layers.map { i in
      let layer = graph.layers[i]
      if let p = parameters.perLayerValue("p", layer: layer.name) { return .uniform(p) }
      if layer.weighted { return .edgeWeight }
      throw ModelError.invalidParameter(
        model: "ic", key: "p", expected: "a probability for layer '\(layer.name)' (or a weighted layer)",
        found: "nothing")
    }
    return try IndependentCascade(graph: graph, layers: layers, probabilities: probabilities)
  }
}
