import BocaGraph
import BocaRandom

extension ComplexContagion: DiffusionModel {
  public var name: String { "threshold" }

  public func makeSimulator() -> any ReplicateSimulator { Simulator(self) }

  /// Complex contagion on one thread: a threshold workspace reused across replicates. The
  /// generator is not used (the model is deterministic).
  final class Simulator: ReplicateSimulator {
    let model: ComplexContagion
    var workspace: ThresholdWorkspace

    init(_ model: ComplexContagion) {
      self.model = model
      workspace = ThresholdWorkspace(nodeCount: model.graph.nodeCount)
    }

    func run(seeds: [UInt32], rng: RandomGenerator, horizon: Int?, trace: inout ReplicateTrace) -> Int {
      trace.reset()
      let spread = model.run(
        seeds: seeds, workspace: &workspace, recordSteps: trace.recording, maxSteps: horizon ?? .max)
      trace.order.append(contentsOf: workspace.activated)
      if trace.recording { trace.stepEnds.append(contentsOf: workspace.stepEnds) }
      return spread
    }
  }

  /// The registry entry: exactly one of `theta` (absolute, an integer ≥ 1) or `phi` (fractional,
  /// in (0, 1]).
  static let entry = ModelEntry(
    name: "threshold", keys: ["theta", "phi"],
    summary: "complex contagion (Centola & Macy 2007; Watts 2002): adopt at theta adopted neighbours or a fraction phi"
  ) { graph, layers, parameters in
    let theta = try parameters.optionalDouble("theta", model: "threshold")
    let phi = try parameters.optionalDouble("phi", model: "threshold")
    switch (theta, phi) {
    case (let theta?, nil):
      guard theta >= 1, theta == theta.rounded(), theta < Double(Int32.max) else {
        throw ModelError.invalidParameter(
          model: "threshold", key: "theta", expected: "an integer ≥ 1", found: "\(theta)")
      }
      return try ComplexContagion(graph: graph, layers: layers, threshold: .absolute(Int(theta)))
    case (nil, let phi?):
      return try ComplexContagion(graph: graph, layers: layers, threshold: .fractional(phi))
    case (.some, .some):
      throw ModelError.invalidParameter(
        model: "threshold", key: "theta", expected: "exactly one of theta (absolute) or phi (fractional)",
        found: "both")
    case (nil, nil):
      throw ModelError.invalidParameter(
        model: "threshold", key: "theta", expected: "exactly one of theta (absolute) or phi (fractional)",
        found: "neither")
    }
  }
}
