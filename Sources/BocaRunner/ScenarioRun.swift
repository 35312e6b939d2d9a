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

  /// Builds the IC model the scenario describes on `graph`.
  static func makeModel(_ spec: ModelSpec, graph: MultiplexGraph) throws -> (IndependentCascade, [Int]) {
    let layers = try (spec.layers.isEmpty ? graph.layers.map(\.name) : spec.layers).map { name in
      guard let i = graph.layerIndex(name) else {
        throw RunError.invalid("model.layers: expected a layer of the graph (\(graph.layers.map(\.name).joined(separator: ", "))), found '\(name)'")
      }
      return i
    }
    let perLayer = spec.perLayer["p"] ?? [:]
    for name in perLayer.keys.sorted() where graph.layerIndex(name) == nil {
      throw RunError.invalid("model.p.\(name): expected a layer of the graph, found '\(name)'")
    }
    let probabilities: [IndependentCascade.Probability] = try layers.map { i in
      let layer = graph.layers[i]
      if let p = perLayer[layer.name] ?? spec.parameters["p"] { return .uniform(p) }
      if layer.weighted { return .edgeWeight }
      throw RunError.invalid("model.p: expected a probability for layer '\(layer.name)' (or a weighted layer), found nothing")
    }
    return (try IndependentCascade(graph: graph, layers: layers, probabilities: probabilities), layers)
  }

  /// Runs every replicate of the scenario on `graph`, in replicate order.
  public func simulate(graph: MultiplexGraph, seeds: SeedTable, recordSteps: Bool) throws -> [ReplicateOutcome] {
    let (model, layers) = try Self.makeModel(scenario.model, graph: graph)
    let selector = try SeedSelector(spec: scenario.seeding, graph: graph, modelLayers: layers)
    let sideOf = graph.nodeSide
    let sides = graph.sideNames.count
    let n = graph.nodeCount
    return try ReplicateRunner.run(
      count: scenario.replicates, threads: threads, kind: scenario.rng, seed: { seeds[0, $0] },
      makeState: { (CascadeWorkspace(nodeCount: n), [UInt32]()) },
      body: { _, rng, state in
        selector.seeds(rng, into: &state.1)
        let spread = model.run(seeds: state.1, rng: rng, workspace: &state.0, recordSteps: recordSteps)
        var bySide = [Int](repeating: 0, count: sides)
        var steps: [Int] = []
        var stepsBySide: [Int] = []
        let active = state.0.activated
        if recordSteps {
          var start = active.startIndex
          for end in state.0.stepEnds {
            for v in active[start..<end] { bySide[Int(sideOf[Int(v)])] += 1 }
            steps.append(end)
            stepsBySide.append(contentsOf: bySide)
            start = end
          }
        } else {
          for v in active { bySide[Int(sideOf[Int(v)])] += 1 }
        }
        return ReplicateOutcome(spread: spread, bySide: bySide, steps: steps, stepsBySide: stepsBySide)
      })
  }
}

extension ScenarioRun {
  /// Checks what can only be checked once the graph exists (layer and side names, seed nodes),
  /// without running anything.
  public func check(graph: MultiplexGraph) throws {
    let (_, layers) = try Self.makeModel(scenario.model, graph: graph)
    _ = try SeedSelector(spec: scenario.seeding, graph: graph, modelLayers: layers)
  }
}
