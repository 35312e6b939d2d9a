import BocaGraph
import BocaRandom

extension IndependentCascade: DiffusionModel, CascadeKernel {
  public var name: String { "ic" }

  public var nodeCount: Int { graph.nodeCount }

  public func makeWorkspace() -> CascadeWorkspace { CascadeWorkspace(nodeCount: graph.nodeCount) }

  public func cascade(
    seeds: [UInt32], rng: RandomGenerator, workspace: inout CascadeWorkspace, recordSteps: Bool, maxSteps: Int
  ) -> Int {
    run(seeds: seeds, rng: rng, workspace: &workspace, recordSteps: recordSteps, maxSteps: maxSteps)
  }

  public func makeSimulator() -> any ReplicateSimulator { CascadeSimulator(self) }

  /// The registry entry: `p` (uniform, or per layer; edge weights when absent on a weighted layer).
  static let entry = ModelEntry(
    name: "ic", parameters: [ParameterSpec("p", .probability)], cascadeProbability: "p",
    summary: "independent cascade (Kempe, Kleinberg & Tardos 2003): one chance p per edge"
  ) { graph, layers, parameters in
    try IndependentCascade(
      graph: graph, layers: layers,
      probabilities: probabilities("p", model: "ic", graph: graph, layers: layers, parameters: &parameters))
  }
}
