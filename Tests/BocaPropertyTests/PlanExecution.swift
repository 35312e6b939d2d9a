import BocaGraph
import BocaModels
import BocaRandom
import BocaScenario
import Foundation

@testable import BocaRunner

/// One replicate of one arm as the runner ran it (``outcome``, from ``ArmEngine``, the code
/// path of `boca run`), and the same replicate replayed step by step with what the tables do
/// not show: the adoption order, the seeds, the per-action cost drivers.
struct TracedReplicate {
  var outcome: ReplicateOutcome
  var order: [UInt32]
  var stepEnds: [Int]
  var stateNames: [String]
  var stateCounts: [Int]
  /// Nodes that adopt at step 0 as seeds: the `seeds:` section's and the first waves at step 0.
  var startSeeds: [UInt32]
  /// First waves of seed actions that start later.
  var scheduled: [(step: Int, nodes: [UInt32])]
  /// Per action slot, the model's cost driver (empty without a campaign).
  var units: [Double]
  /// The replayed cost (first waves' seeds + units × unit prices).
  var cost: Double
  /// Whether the replay reproduced the runner's outcome (spread, by side, curve, cost): when not,
  /// ``PlanExecution/replay(_:point:count:replicateSeeds:)`` no longer mirrors ``ArmEngine`` and must follow it.
  var replayAgrees = true

  /// The state count `name` at recorded step `t`.
  func state(_ name: String, step t: Int) -> Int? {
    stateNames.firstIndex(of: name).map { stateCounts[t * stateNames.count + $0] }
  }
}

/// One point × arm of a plan, run.
struct ArmRun {
  var point: Int
  var arm: Int
  var scenario: Scenario
  var graph: MultiplexGraph
  var replicates: [TracedReplicate]
  var sideSizes: [Int] { graph.nodesBySide().map(\.count) }
}

/// Runs a generated scenario through the library: parse (``ScenarioPlan/parse``), graph
/// (``GraphFactory``), model and campaign (``ArmEngine``), on one thread.
enum PlanExecution {
  static func plan(_ s: GeneratedScenario) throws -> ScenarioPlan {
    try ScenarioPlan.parse(s.yaml, file: "case-\(s.caseSeed).yaml")
  }

  /// The run's replicate seeds (they depend on the scenario text's hash).
  static func replicateSeeds(_ plan: ScenarioPlan) -> ReplicateSeeds {
    ReplicateSeeds(
      root: plan.base.seed, scenarioHash: plan.base.sourceHash, points: plan.pointCount,
      replicates: plan.replicates.maximum)
  }

  /// Every point × arm, replicate by replicate, with `seeds` (default: the plan's own).
  static func run(_ plan: ScenarioPlan, replicateSeeds: ReplicateSeeds? = nil) throws -> [ArmRun] {
    let replicateSeeds = replicateSeeds ?? Self.replicateSeeds(plan)
    var runs: [ArmRun] = []
    for point in 0..<plan.pointCount {
      for arm in 0..<plan.armCount {
        let scenario = plan.scenario(point: point, arm: arm)
        let graph = try GraphFactory.build(scenario.graph, rootSeed: scenario.seed)
        let engine = try ArmEngine(scenario: scenario, graph: graph)
        let count = plan.replicates.maximum
        let outcomes = try engine.run(
          point: point, range: 0..<count, replicateSeeds: replicateSeeds, threads: 1, record: true)
        let traced = try replay(engine, point: point, count: count, replicateSeeds: replicateSeeds)
        runs.append(
          ArmRun(
            point: point, arm: arm, scenario: scenario, graph: graph,
            replicates: zip(outcomes, traced).map { o, t in
              var t = t
              t.replayAgrees =
                o.spread == t.outcome.spread && o.bySide == t.outcome.bySide && o.steps == t.outcome.steps
                && o.cost == t.cost
              t.outcome = o
              return t
            }))
      }
    }
    return runs
  }

  /// The body of ``ArmEngine/run(point:range:replicateSeeds:threads:record:)``, keeping the trace.
  static func replay(_ engine: ArmEngine, point: Int, count: Int, replicateSeeds: ReplicateSeeds) throws
    -> [TracedReplicate]
  {
    let rng = try RandomGenerator(kind: engine.scenario.rng, seed: replicateSeeds[point, 0])
    let simulator = engine.model.makeSimulator()
    var trace = ReplicateTrace(recording: true)
    var selected: [UInt32] = []
    var scratch: [UInt32] = []
    var out: [TracedReplicate] = []
    for r in 0..<count {
      rng.reseed(replicateSeeds[point, r])
      trace.reset()
      engine.selector.seeds(rng, into: &selected)
      var start = selected
      var cost = 0.0
      var scheduled: [(step: Int, nodes: [UInt32])] = []
      if !engine.seeders.isEmpty {
        for seeder in engine.seeders {
          var picked: [UInt32] = []
          cost += seeder.pick(rng, scratch: &scratch, into: &picked)
          if seeder.start == 0 {
            for v in picked where !start.contains(v) { start.append(v) }
          } else {
            scheduled.append((seeder.start, picked))
          }
        }
        (simulator as? any CampaignSimulator)?.scheduledSeeds = scheduled
      }
      let spread = simulator.run(seeds: start, rng: rng, horizon: engine.scenario.steps, trace: &trace)
      let units = (simulator as? any CampaignSimulator)?.campaignUnits ?? []
      for (slot, n) in units.enumerated() where slot < engine.unitCosts.count { cost += n * engine.unitCosts[slot] }
      let outcome = ReplicateOutcome(trace: trace, spread: spread, sideOf: engine.sideOf, sides: engine.sideNames.count)
      out.append(
        TracedReplicate(
          outcome: outcome, order: trace.order, stepEnds: trace.stepEnds, stateNames: trace.stateNames,
          stateCounts: trace.stateCounts, startSeeds: start, scheduled: scheduled, units: units, cost: cost))
    }
    return out
  }

  /// What `boca run` does (``SweepRun``, every point × arm into a scratch folder). Nil when it
  /// runs to the end, else the error.
  static func runFully(_ s: GeneratedScenario) -> String? {
    let dir = scratchDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    do {
      let plan = try ScenarioPlan.parse(s.yaml, file: "case-\(s.caseSeed).yaml")
      let finished = try SweepRun(plan: plan, directory: dir, threads: 1, commandLine: ["property"]).execute()
      return finished ? nil : "stopped"
    } catch {
      return "\(error)"
    }
  }

  /// A fresh folder name for one run, in memory (`/dev/shm`) where there is one: the runner
  /// syncs every part it writes, which on a disk costs more than the small runs themselves.
  static func scratchDirectory() -> URL {
    let shm = "/dev/shm"
    let base =
      FileManager.default.isWritableFile(atPath: shm)
      ? URL(fileURLWithPath: shm) : FileManager.default.temporaryDirectory
    return base.appendingPathComponent("boca-property-\(UUID().uuidString)")
  }
}
