import BocaGraph
import BocaRandom

extension CompetingCascade: DiffusionModel {
  public var name: String { "competing-ic" }

  public func makeSimulator() -> any ReplicateSimulator { Simulator(self) }

  /// The model on one thread: its workspace reused across replicates.
  final class Simulator: ReplicateSimulator {
    static let stateNames = ["a", "b"]
    let model: CompetingCascade
    var workspace: NegativeCascadeWorkspace

    init(_ model: CompetingCascade) {
      self.model = model
      workspace = NegativeCascadeWorkspace(nodeCount: model.cascadeA.graph.nodeCount)
    }

    func run(seeds: [UInt32], rng: RandomGenerator, horizon: Int?, trace: inout ReplicateTrace) -> Int {
      if trace.stateNames != Self.stateNames { trace.stateNames = Self.stateNames }
      return model.run(seeds: seeds, rng: rng, workspace: &workspace, trace: &trace, maxSteps: horizon ?? .max)
    }
  }

  /// The registry entry: `p_a`, `p_b` (uniform, per layer, or edge weights, as `ic`'s `p`) and
  /// option `seeds_b` (B's seeds: original node ids, comma-separated).
  static let entry = ModelEntry(
    name: "competing-ic",
    parameters: ParameterSpec.many(["p_a", "p_b"], .probability) + [ParameterSpec("seeds_b", .nodeIDs)],
    cascadeProbability: "p_a",
    summary: "competing cascades (Budak, Agrawal & El Abbadi 2011): first campaign to arrive wins, B on ties"
  ) { graph, layers, parameters in
    let model = "competing-ic"
    let probabilitiesA = try IndependentCascade.probabilities(
      "p_a", model: model, graph: graph, layers: layers, parameters: &parameters)
    let probabilitiesB = try IndependentCascade.probabilities(
      "p_b", model: model, graph: graph, layers: layers, parameters: &parameters)
    let names = try parameters.list("seeds_b", model: model) ?? []
    let ids = try names.map { text in
      guard let id = Int64(text) else {
        throw ModelError.invalidParameter(model: model, key: "seeds_b", expected: "node ids", found: "'\(text)'")
      }
      return id
    }
    let mapped = graph.internalIDs(of: ids)
    let unknown = zip(ids, mapped).filter { $0.1 == nil }.map { String($0.0) }
    if !unknown.isEmpty {
      throw ModelError.invalidParameter(
        model: model, key: "seeds_b", expected: "node ids of the graph",
        found: "unknown id\(unknown.count > 1 ? "s" : "") \(unknown.joined(separator: ", "))")
    }
    return try CompetingCascade(
      graph: graph, layers: layers, probabilitiesA: probabilitiesA, probabilitiesB: probabilitiesB,
      seedsB: mapped.map { $0! })
  }
}
