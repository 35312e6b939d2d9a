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

  init(scenario: Scenario, graph: MultiplexGraph) throws {
    let (model, layers) = try ScenarioRun.makeModel(scenario.model, graph: graph)
    self.scenario = scenario
    self.model = model
    selector = try SeedSelector(spec: scenario.seeding, graph: graph, modelLayers: layers, required: model.needsSeeds)
    sideOf = graph.nodeSide
    sideNames = graph.sideNames
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
    return try ReplicateRunner.run(
      count: range.count, threads: threads, kind: scenario.rng, seed: { seeds[point, first + $0] },
      makeState: { (model.makeSimulator(), ReplicateTrace(recording: record), [UInt32]()) },
      body: { _, rng, state in
        state.1.reset()
        selector.seeds(rng, into: &state.2)
        let spread = state.0.run(seeds: state.2, rng: rng, horizon: horizon, trace: &state.1)
        return ReplicateOutcome(trace: state.1, spread: spread, sideOf: sideOf, sides: sides)
      })
  }
}
