import BocaGraph
import BocaRandom

extension ComplexContagion: DiffusionModel, CascadeKernel {
  public var name: String { "threshold" }

  public var nodeCount: Int { graph.nodeCount }

  public func makeWorkspace() -> ThresholdWorkspace { ThresholdWorkspace(nodeCount: graph.nodeCount) }

  public func cascade(
    seeds: [UInt32], rng: RandomGenerator, workspace: inout ThresholdWorkspace, recordSteps: Bool, maxSteps: Int
  ) -> Int {
    run(seeds: seeds, workspace: &workspace, recordSteps: recordSteps, maxSteps: maxSteps)  // deterministic: no draws
  }

  public func makeSimulator() -> any ReplicateSimulator { CascadeSimulator(self) }

  /// The registry entry: exactly one of `theta` (absolute, an integer ≥ 1) or `phi` (fractional,
  /// in (0, 1]).
  static let entry = ModelEntry(
    name: "threshold", parameters: [ParameterSpec("theta", .count(minimum: 1)), ParameterSpec("phi", .probability)],
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
