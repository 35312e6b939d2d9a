import BocaGraph
import BocaRandom

extension Epidemic: DiffusionModel {
  public var name: String { kind.rawValue }

  public func makeSimulator() -> any ReplicateSimulator { Simulator(self) }

  /// The state names of ``ReplicateTrace/stateCounts``: S, I, R for SIR; S, I for SIS.
  public var stateNames: [String] {
    kind == .sir ? ["susceptible", "infected", "recovered"] : ["susceptible", "infected"]
  }

  /// An epidemic on one thread: a workspace reused across replicates.
  final class Simulator: ReplicateSimulator {
    let model: Epidemic
    let workspace: EpidemicWorkspace

    init(_ model: Epidemic) {
      self.model = model
      workspace = EpidemicWorkspace(nodeCount: model.nodeCount)
    }

    func run(seeds: [UInt32], rng: RandomGenerator, horizon: Int?, trace: inout ReplicateTrace) -> Int {
      trace.reset()
      trace.stateNames = model.stateNames
      switch (model.clock, model.kind) {
      case (.discrete(let beta, let gamma, .neighbour), .sir):
        return model.runDiscreteSIREvents(
          beta: beta, gamma: gamma, seeds: seeds, rng: rng, horizon: horizon, workspace: workspace, trace: &trace)
      case (.discrete(let beta, let gamma, let infection), _):
        return model.runDiscrete(
          beta: beta, gamma: gamma, infection: infection, seeds: seeds, rng: rng, horizon: horizon,
          workspace: workspace, trace: &trace)
      case (.continuous(let tau, let gamma), .sir):
        return model.runContinuousSIR(
          tau: tau, gamma: gamma, seeds: seeds, rng: rng, horizon: horizon, workspace: workspace, trace: &trace)
      case (.continuous(let tau, let gamma), .sis):
        return model.runContinuousSIS(
          tau: tau, gamma: gamma, seeds: seeds, rng: rng, horizon: horizon, workspace: workspace, trace: &trace)
      }
    }
  }

  /// The parameters of `sir` and `sis`: `beta` is a probability per step; `gamma` is one in
  /// discrete time and a rate in continuous time, so its kind is the wider (a real ≥ 0; the
  /// model checks [0, 1] in discrete time); `tau` is a rate.
  static let parameters: [ParameterSpec] = [
    ParameterSpec("beta", .probability), ParameterSpec("gamma", .nonNegative), ParameterSpec("tau", .nonNegative),
    ParameterSpec("time", .word(allowed: ["discrete", "continuous"])),
    ParameterSpec("infection", .word(allowed: Infection.allCases.map(\.rawValue))),
  ]

  /// The registry entry `sir`.
  static let sirEntry = ModelEntry(
    name: "sir", parameters: parameters,
    summary: "SIR epidemic (Kermack & McKendrick 1927): discrete beta, gamma per step, or continuous tau, gamma rates"
  ) { graph, layers, parameters in
    try Epidemic.make(.sir, graph, layers, &parameters)
  }

  /// The registry entry `sis`.
  static let sisEntry = ModelEntry(
    name: "sis", parameters: parameters,
    summary: "SIS epidemic: discrete beta, gamma per step, or continuous tau, gamma rates; 100 steps unless --steps"
  ) { graph, layers, parameters in
    try Epidemic.make(.sis, graph, layers, &parameters)
  }

  /// Reads `time` (`discrete` | `continuous`), then `beta`, `gamma` and `infection` (discrete)
  /// or `tau`, `gamma` (continuous).
  static func make(_ kind: Kind, _ graph: MultiplexGraph, _ layers: [Int], _ parameters: inout ModelParameters) throws
    -> Epidemic
  {
    let model = kind.rawValue
    let time = try parameters.option("time", model: model, allowed: ["discrete", "continuous"], default: "discrete")
    let rule = try parameters.option(
      "infection", model: model, allowed: Infection.allCases.map(\.rawValue), default: Infection.neighbour.rawValue)
    let clock: Clock
    if time == "discrete" {
      clock = .discrete(
        beta: try parameters.probability("beta", model: model),
        gamma: try parameters.probability("gamma", model: model),
        infection: Infection(rawValue: rule)!)
    } else {
      guard rule == Infection.neighbour.rawValue else {
        throw ModelError.invalidParameter(
          model: model, key: "infection", expected: "'neighbour' in continuous time (rate tau per S–I edge)",
          found: "'\(rule)'")
      }
      let rates = 0...Double.greatestFiniteMagnitude
      clock = .continuous(
        tau: try parameters.double("tau", model: model, in: rates, what: "a transmission rate >= 0"),
        gamma: try parameters.double("gamma", model: model, in: rates, what: "a recovery rate >= 0"))
    }
    return try Epidemic(kind: kind, clock: clock, graph: graph, layers: layers)
  }
}
