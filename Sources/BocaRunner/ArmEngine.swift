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

  init(scenario: Scenario, graph: MultiplexGraph) throws {
    let (base, layers) = try ScenarioRun.makeModel(scenario.model, graph: graph)
    let planner = try CampaignPlanner(scenario: scenario, graph: graph, model: base, layers: layers)
    self.scenario = scenario
    model = planner.model
    seeders = planner.seeders
    unitCosts = planner.unitCosts
    selector = try SeedSelector(
      spec: scenario.seeding, graph: graph, modelLayers: layers, required: model.needsSeeds && !planner.hasSeeds)
    sideOf = graph.nodeSide
    sideNames = graph.sideNames
    nodeCount = graph.nodeCount
  }

  /// Replicates `range` of `point`: replicate r draws from a generator seeded with
  /// `seeds[point, r]`, whatever the thread count.
  func run(point: Int, range: Range<Int>, seeds: SeedTable, threads: Int, record: Bool) throws -> [ReplicateOutcome] {
    let model = model
    let selector = selector
    let sideOf = sideOf
    let sides = sideNames.count
    let horizon = scenario.steps
    let first = range.lowerBound
    let seeders = seeders
    let unitCosts = unitCosts
    return try ReplicateRunner.run(
      count: range.count, threads: threads, kind: scenario.rng, seed: { seeds[point, first + $0] },
      makeState: { (model.makeSimulator(), ReplicateTrace(recording: record), [UInt32](), [UInt32]()) },
      body: { _, rng, state in
        state.1.reset()
        selector.seeds(rng, into: &state.2)
        var seeds = state.2
        var cost = 0.0
        if !seeders.isEmpty {
          var scheduled: [(step: Int, nodes: [UInt32])] = []
          for seeder in seeders {
            var picked: [UInt32] = []
            cost += seeder.pick(rng, scratch: &state.3, into: &picked)
            if seeder.start == 0 {
              for v in picked where !seeds.contains(v) { seeds.append(v) }
            } else {
              scheduled.append((seeder.start, picked))
            }
          }
          (state.0 as? any CampaignSimulator)?.scheduledSeeds = scheduled
        }
        let spread = state.0.run(seeds: seeds, rng: rng, horizon: horizon, trace: &state.1)
        var outcome = ReplicateOutcome(trace: state.1, spread: spread, sideOf: sideOf, sides: sides)
        outcome.seeded = ReplicateOutcome.initialSeeded(seeds, order: state.1.order)
        if let campaign = state.0 as? any CampaignSimulator {
          for (slot, n) in campaign.campaignUnits.enumerated() where slot < unitCosts.count {
            cost += n * unitCosts[slot]
          }
          outcome.seeded += campaign.seededAdopters
        }
        outcome.cost = cost
        return outcome
      })
  }
}
