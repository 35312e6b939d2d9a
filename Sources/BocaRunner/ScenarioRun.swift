import BocaGraph
import BocaModels
import BocaRandom
import BocaResults
import BocaScenario
import Foundation

/// What one replicate reports.
public struct ReplicateOutcome: Sendable {
  /// Nodes ever active, seeds included.
  public var spread: Int
  /// Spread per side, in the graph's side order.
  public var bySide: [Int]
  /// Cumulative active count after each step (step 0 = seeds), when recorded.
  public var steps: [Int]
  /// Cumulative active count per step and side (step-major), when recorded.
  public var stepsBySide: [Int]
  /// Names of the model's per-state counts.
  public var stateNames: [String]
  /// Per-step state counts (step-major), when recorded.
  public var stateCounts: [Int]
  /// The campaign's cost in this replicate (0 without campaign actions).
  public var cost: Double = 0
  /// Adopters placed by a seed: the initial seeds (campaign seed actions at step 0 included) and
  /// the nodes adopted by later seed actions. The rest of `spread` is `organic`.
  public var seeded = 0
  /// Adopters not placed by a seed (word of mouth, advertising, broadcasts…): `spread − seeded`.
  public var organic: Int { spread - seeded }
}

/// Runs a scenario end to end: builds the graph, runs the replicates, writes the tables.
public struct ScenarioRun {
  public let scenario: Scenario
  /// Worker threads.
  public let threads: Int

  public init(scenario: Scenario, threads: Int) {
    self.scenario = scenario
    self.threads = max(1, threads)
  }

  /// The default run directory: `results/<name>/<UTC timestamp>` (suffixed `-2`, `-3`… if taken).
  public static func defaultDirectory(for scenario: Scenario, base: String = "results") -> URL {
    let stamp = Manifest.timestamp().replacingOccurrences(of: ":", with: "")
    var url = URL(fileURLWithPath: base).appendingPathComponent(scenario.name).appendingPathComponent(stamp)
    var n = 2
    while FileManager.default.fileExists(atPath: url.path) {
      url = url.deletingLastPathComponent().appendingPathComponent("\(stamp)-\(n)")
      n += 1
    }
    return url
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

  /// Runs every replicate of the scenario on `graph`, in replicate order.
  public func simulate(graph: MultiplexGraph, seeds: SeedTable, recordSteps: Bool) throws -> [ReplicateOutcome] {
    let (model, layers) = try Self.makeModel(scenario, graph: graph)
    let selector = try SeedSelector(spec: scenario.seeding, graph: graph, modelLayers: layers)
    let sideOf = graph.nodeSide
    let sides = graph.sideNames.count
    let horizon = scenario.steps
    return try ReplicateRunner.run(
      count: scenario.replicates, threads: threads, kind: scenario.rng, seed: { seeds[0, $0] },
      makeState: { (model.makeSimulator(), ReplicateTrace(recording: recordSteps), [UInt32]()) },
      body: { _, rng, state in
        selector.seeds(rng, into: &state.2)
        let spread = state.0.run(seeds: state.2, rng: rng, horizon: horizon, trace: &state.1)
        var outcome = ReplicateOutcome(trace: state.1, spread: spread, sideOf: sideOf, sides: sides)
        outcome.seeded = ReplicateOutcome.initialSeeded(state.2, order: state.1.order)
        return outcome
      })
  }
}

extension ReplicateOutcome {
  /// Summarises a trace: final spread by side and, when recorded, the cumulative curve by side.
  init(trace: ReplicateTrace, spread: Int, sideOf: [UInt16], sides: Int) {
    var bySide = [Int](repeating: 0, count: sides)
    var stepsBySide: [Int] = []
    if trace.recording {
      var start = 0
      for end in trace.stepEnds {
        for v in trace.order[start..<end] { bySide[Int(sideOf[Int(v)])] += 1 }
        stepsBySide.append(contentsOf: bySide)
        start = end
      }
      for v in trace.order[start...] { bySide[Int(sideOf[Int(v)])] += 1 }
    } else {
      for v in trace.order { bySide[Int(sideOf[Int(v)])] += 1 }
    }
    self.init(
      spread: spread, bySide: bySide, steps: trace.stepEnds, stepsBySide: stepsBySide, stateNames: trace.stateNames,
      stateCounts: trace.stateCounts)
  }
}

extension ReplicateOutcome {
  /// How many of the initial `seeds` adopted: the distinct seeds at the head of the adoption
  /// `order` (every model adopts its seeds first, ``BocaModels/ReplicateTrace/order``).
  static func initialSeeded(_ seeds: [UInt32], order: [UInt32]) -> Int {
    guard !seeds.isEmpty else { return 0 }
    let set = Set(seeds)
    return order.prefix(set.count).reduce(0) { $0 + (set.contains($1) ? 1 : 0) }
  }
}
