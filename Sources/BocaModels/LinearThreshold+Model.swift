import BocaGraph
import BocaRandom

extension LinearThreshold: DiffusionModel, CascadeKernel {
  public var name: String { "lt" }

  public var nodeCount: Int { graph.nodeCount }

  public func makeWorkspace() -> ThresholdWorkspace { ThresholdWorkspace(nodeCount: graph.nodeCount) }

  public func cascade(
    seeds: [UInt32], rng: RandomGenerator, workspace: inout ThresholdWorkspace, recordSteps: Bool, maxSteps: Int
  ) -> Int {
    run(seeds: seeds, rng: rng, workspace: &workspace, recordSteps: recordSteps, maxSteps: maxSteps)
  }

  public func makeSimulator() -> any ReplicateSimulator { CascadeSimulator(self) }

  /// The registry entry: option `weights` (`indegree`, the default, or `edge`).
  static let entry = ModelEntry(
    name: "lt", parameters: [ParameterSpec("weights", .word(allowed: Weights.allCases.map(\.rawValue)))],
    summary: "linear threshold (Kempe, Kleinberg & Tardos 2003): θ ~ U(0,1) per replicate, weights 1/in-degree or edge"
  ) { graph, layers, parameters in
    let rule = try parameters.option(
      "weights", model: "lt", allowed: Weights.allCases.map(\.rawValue), default: Weights.inDegree.rawValue)
    return try LinearThreshold(graph: graph, layers: layers, weights: Weights(rawValue: rule)!)
  }
}
