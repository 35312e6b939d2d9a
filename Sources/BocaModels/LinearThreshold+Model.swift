import BocaGraph
import BocaRandom

extension LinearThreshold: DiffusionModel {
  public var name: String { "lt" }

  public func makeSimulator() -> any ReplicateSimulator { Simulator(self) }

  /// LT on one thread: a threshold workspace reused across replicates.
  final class Simulator: ReplicateSimulator {
    let model: LinearThreshold
    var workspace: ThresholdWorkspace

    init(_ model: LinearThreshold) {
      self.model = model
      workspace = ThresholdWorkspace(nodeCount: model.graph.nodeCount)
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

  /// The registry entry: option `weights` (`indegree`, the default, or `edge`).
  static let entry = ModelEntry(
    name: "lt", keys: ["weights"],
    summary: "linear threshold (Kempe, Kleinberg & Tardos 2003): θ ~ U(0,1) per replicate, weights 1/in-degree or edge"
  ) { graph, layers, parameters in
    let rule = try parameters.option(
      "weights", model: "lt", allowed: Weights.allCases.map(\.rawValue), default: Weights.inDegree.rawValue)
    return try LinearThreshold(graph: graph, layers: layers, weights: Weights(rawValue: rule)!)
  }
}
