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

  /// The registry entry `sir`.
  static let sirEntry = ModelEntry(
    name: "sir", keys: ["beta", "gamma", "tau", "time", "infection"],
    summary: "SIR epidemic (Kermack & McKendrick 1927): discrete beta, gamma per step, or continuous tau, gamma rates"
  ) { graph, layers, parameters in
    try Epidemic.make(.sir, graph, layers, &parameters)
  }

  /// The registry entry `sis`.
  static let sisEntry = ModelEntry(
    name: "sis", keys: ["beta", "gamma", "tau", "time", "infection"],
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
