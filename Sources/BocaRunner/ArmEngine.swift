import BocaGraph
import BocaModels
import BocaRandom
import BocaScenario

/// One arm of one point set up on its graph: the model, the seeding, ready to run replicate
/// ranges on any number of threads with the sweep's seeds.
struct ArmEngine: Sendable {
  let scenario: Scenario
  let model: any DiffusionModel
  let selector: SeedSelector
  let sideOf: [UInt16]
  let sideNames: [String]
  let nodeCount: Int
  /// Campaign seed actions and the unit cost of each action's cost driver (see ``CampaignPlanner``).
  let seeders: [CampaignSeeder]
  let unitCosts: [Double]
  /// `--verbose` notes (what each cascade-tuned seed policy was tuned to).
  let notes: [String]
  /// Problems that do not stop the run: an arm where no node can ever adopt.
  let warnings: [String]

  init(scenario: Scenario, graph: MultiplexGraph) throws {
    let (base, layers) = try Self.makeModel(scenario, graph: graph)
    let planner = try CampaignPlanner(scenario: scenario, graph: graph, model: base, layers: layers)
    self.scenario = scenario
    model = planner.model
    seeders = planner.seeders
    unitCosts = planner.unitCosts
    selector = try SeedSelector(
      spec: scenario.seeding, graph: graph, modelLayers: layers, defaultSeed: !planner.hasSeeds)
    notes = planner.notes
    warnings =
      selector.seedsNothing && !planner.startsAdoption && model.needsSeeds
      ? [
        "no node can ever adopt: no seeds, no campaign action that starts adoption (seed, broadcast, advocacy), "
          + "and model '\(model.name)' has no external influence; every replicate has spread 0"
      ] : []
    sideOf = graph.nodeSide
    sideNames = graph.sideNames
    nodeCount = graph.nodeCount
  }

  /// Builds the model the scenario describes on `graph`, with the layer indices it runs on.
  ///
  /// - Throws: ``ScenarioError`` at the key the problem is about (a parameter's line, or the
  ///   side that lacks a node column the model reads).
  static func makeModel(_ scenario: Scenario, graph: MultiplexGraph) throws -> (any DiffusionModel, [Int]) {
    let spec = scenario.model
    do {
      let model = try ModelRegistry.make(
        name: spec.name, graph: graph, layers: spec.layers, parameters: spec.parameters)
      let names = spec.layers.isEmpty ? graph.layers.map(\.name) : spec.layers
      return (model, names.compactMap { graph.layerIndex($0) })
    } catch let error as ModelError {
      throw scenario.locate(error)
    }
  }

  /// Every arm of `point` set up on its graph (`graphs[arm]`): all that a run does before it
  /// draws a replicate, and all that ``PlanCheck`` (so `boca validate`) does for the point.
  ///
  /// - Throws: what the model, the seeding or the campaign refuse on these graphs, or
  ///   ``RunError`` when the arms' graphs have different sides.
  static func prepare(plan: ScenarioPlan, point: Int, graphs: [MultiplexGraph]) throws -> [ArmEngine] {
    let engines = try (0..<plan.armCount).map {
      try ArmEngine(scenario: plan.scenario(point: point, arm: $0), graph: graphs[$0])
    }
    let sides = engines[0].sideNames
    if let other = engines.first(where: { $0.sideNames != sides }) {
      throw RunError.invalid(
        "arms: every arm's graph must have the same sides (\(sides.joined(separator: ", ")) vs \(other.sideNames.joined(separator: ", ")))"
      )
    }
    return engines
  }

  /// Replicates `range` of `point`: replicate r draws from a generator seeded with
  /// `replicateSeeds[point, r]`, whatever the thread count. With `graph.replicate` every replicate runs on
  /// its own network draw (see ``runOnFreshGraphs``). `stop` is polled between replicates
  /// (see ``ReplicateRunner``).
  func run(
    point: Int, range: Range<Int>, replicateSeeds: ReplicateSeeds, threads: Int, record: Bool,
    stop: (@Sendable () -> Bool)? = nil
  ) throws -> [ReplicateOutcome] {
    if scenario.graph.replicate {
      return try runOnFreshGraphs(
        point: point, range: range, replicateSeeds: replicateSeeds, threads: threads, record: record, stop: stop)
    }
    let engine = self
    let first = range.lowerBound
    return try ReplicateRunner.run(
      count: range.count, threads: threads, kind: scenario.rng, seed: { replicateSeeds[point, first + $0] },
      makeState: { (engine.model.makeSimulator(), ReplicateTrace(recording: record), [UInt32](), [UInt32]()) },
      body: { _, rng, state in
        engine.replicate(rng, simulator: state.0, trace: &state.1, seedNodes: &state.2, scratch: &state.3)
      }, stop: stop)
  }

  /// Replicates `range` of `point`, each on a fresh network drawn with a seed derived from the
  /// graph's seed and the replicate number (not the point or the arm: every arm of a replicate,
  /// and every point with the same graph, sees the same draw). The replicate's own generator is
  /// seeded as without `graph.replicate`, so the tables do not depend on threads.
  func runOnFreshGraphs(
    point: Int, range: Range<Int>, replicateSeeds: ReplicateSeeds, threads: Int, record: Bool,
    stop: (@Sendable () -> Bool)? = nil
  ) throws -> [ReplicateOutcome] {
    enum Attempt: Sendable {
      case done(ReplicateOutcome)
      case failed(String)
    }
    let scenario = scenario
    let first = range.lowerBound
    let attempts = try ReplicateRunner.run(
      count: range.count, threads: threads, kind: scenario.rng, seed: { replicateSeeds[point, first + $0] },
      makeState: { () },
      body: { i, rng, _ -> Attempt in
        do {
          let graph = try GraphFactory.build(scenario.graph, rootSeed: scenario.seed, replicate: first + i)
          let engine = try ArmEngine(scenario: scenario, graph: graph)
          var trace = ReplicateTrace(recording: record)
          var nodes: [UInt32] = []
          var scratch: [UInt32] = []
          return .done(
            engine.replicate(
              rng, simulator: engine.model.makeSimulator(), trace: &trace, seedNodes: &nodes, scratch: &scratch))
        } catch {
          return .failed("replicate \(first + i): \(error)")
        }
      }, stop: stop)
    return try attempts.map {
      switch $0 {
      case .done(let outcome): return outcome
      case .failed(let message): throw RunError.invalid("graph.replicate: \(message)")
      }
    }
  }

  /// One replicate on this engine's graph, drawing from `rng`.
  func replicate(
    _ rng: RandomGenerator, simulator: any ReplicateSimulator, trace: inout ReplicateTrace,
    seedNodes picked: inout [UInt32],
    scratch: inout [UInt32]
  ) -> ReplicateOutcome {
    trace.reset()
    selector.seeds(rng, into: &picked)
    var seedNodes = picked
    var cost = 0.0
    if !seeders.isEmpty {
      var scheduled: [(step: Int, nodes: [UInt32])] = []
      for seeder in seeders {
        var chosen: [UInt32] = []
        cost += seeder.pick(rng, scratch: &scratch, into: &chosen)
        if seeder.start == 0 {
          for v in chosen where !seedNodes.contains(v) { seedNodes.append(v) }
        } else {
          scheduled.append((seeder.start, chosen))
        }
      }
      (simulator as? any CampaignSimulator)?.scheduledSeeds = scheduled
    }
    let spread = simulator.run(seeds: seedNodes, rng: rng, horizon: scenario.steps, trace: &trace)
    var outcome = ReplicateOutcome(trace: trace, spread: spread, sideOf: sideOf, sides: sideNames.count)
    outcome.seeded = ReplicateOutcome.initialSeeded(seedNodes, order: trace.order)
    if let campaign = simulator as? any CampaignSimulator {
      for (slot, n) in campaign.campaignUnits.enumerated() where slot < unitCosts.count { cost += n * unitCosts[slot] }
      outcome.seeded += campaign.seededAdopters
    }
    outcome.cost = cost
    return outcome
  }
}
