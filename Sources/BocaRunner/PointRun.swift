import BocaGraph
import BocaRandom
import BocaResults
import BocaScenario
import Foundation

/// One point of a sweep: every arm, every replicate, written to the point's parts.
///
/// Replicates run in batches (fixed counts: up to ``SweepRun/fixedBatch``; adaptive: `min`,
/// then `batch` at a time, each run in chunks of at most ``SweepRun/fixedBatch``); in each batch every arm runs the same replicate numbers with the
/// same seeds. Rows go to one temporary file per arm and table; when the point is done they are
/// joined arm by arm into the point's parts, so rows are ordered by arm, then replicate.
struct PointRun {
  let sweep: SweepRun
  let point: Int
  let replicateSeeds: ReplicateSeeds
  let graphs: [MultiplexGraph]
  /// Replicate threads for the next batch (its lane's share of the run's threads, read before
  /// each batch; see ``PointScheduler``).
  let threads: @Sendable () -> Int

  var plan: ScenarioPlan { sweep.plan }

  var campaignColumns: Bool { sweep.campaignColumns || plan.hasCampaigns }

  /// Long format: `state` is `adopted` (cumulative adopters, per side and `all`) or one of the
  /// model's own states (e.g. `infected`, `agitators`; side `all`), `count` its number of nodes.
  static let timeseriesHeader = ["point", "arm", "replicate", "step", "side", "state", "count"]

  /// Runs the point; `false` when stopped before it was complete (nothing is committed then):
  /// `shouldStop` is polled between batches, ``SweepRun/interrupt`` inside them.
  func execute(progress: SweepProgress?, shouldStop: () -> Bool) throws -> Bool {
    let engines = try ArmEngine.prepare(plan: plan, point: point, graphs: graphs)
    sweep.notes.report(engines, arms: plan.arms.map(\.name))
    let sides = engines[0].sideNames
    let outputs = plan.base.outputs
    let store = sweep.store
    let runFiles = try (0..<plan.armCount).map { try LineFile(store.temporary("\(point).\($0).runs")) }
    let seriesFiles =
      outputs.timeseries
      ? try (0..<plan.armCount).map { try LineFile(store.temporary("\(point).\($0).timeseries")) } : []
    let runsTable = RunsTable(parameters: plan.sweep.parameters, sides: sides, campaign: campaignColumns)
    let values = RunsTable.parameterCells(plan.sweep.points[point]).map(\.csvField)
    var tracked = StoppingSamples(arms: plan.armCount, baseline: baselineArm)
    var done = 0
    while true {
      let size = nextBatch(done: done, samples: tracked)
      if size == 0 { break }
      for (a, engine) in engines.enumerated() {
        if shouldStop() { return false }
        let arm = TableValue.text(plan.arms[a].name).csvField
        // An adaptive `min` or `batch` may be large: the batch runs in chunks of at most
        // `SweepRun.fixedBatch` replicates, so memory does not grow with it (same rows, same order).
        for first in stride(from: done, to: done + size, by: SweepRun.fixedBatch) {
          let outcomes: [ReplicateOutcome]
          do {
            outcomes = try engine.run(
              point: point, range: first..<min(done + size, first + SweepRun.fixedBatch),
              replicateSeeds: replicateSeeds,
              threads: threads(), record: outputs.timeseries || campaignColumns, stop: sweep.interrupt)
          } catch is ReplicateRunner.Stopped {
            return false  // the batch under way is dropped; the point stays incomplete
          }
          for (i, o) in outcomes.enumerated() {
            let r = first + i
            try runFiles[a].append(
              runsTable.line(
                point: point, arm: plan.arms[a].name, replicate: r, seed: replicateSeeds[point, r],
                parameterCells: values,
                outcome: o, nodes: engine.nodeCount))
            tracked.record(arm: a, metric(o, sides: sides))
            if outputs.timeseries {
              try writeSeries(
                o, replicate: r, arm: arm, sides: sides, every: outputs.timeseriesEvery, horizon: engine.scenario.steps,
                to: seriesFiles[a])
            }
          }
        }
        progress?.replicatesDone(size)
      }
      tracked.endBatch()
      done += size
    }
    for f in runFiles + seriesFiles { try f.close() }
    let armsRange = 0..<plan.armCount
    if outputs.timeseries {
      try store.commit(
        armsRange.map { store.temporary("\(point).\($0).timeseries") },
        header: Self.timeseriesHeader.joined(separator: ","),
        to: store.part(point: point, table: "timeseries"))
    }
    try store.commit(
      armsRange.map { store.temporary("\(point).\($0).runs") },
      header: runsTable.header,
      to: store.part(point: point, table: "runs"))
    return true
  }

  /// The arm whose paired differences the adaptive rule tracks, when differences are reported:
  /// `compare_to` (summary.csv's differences), else under `boca compare` the first arm
  /// (comparison.csv's baseline); nil with one arm or when no difference is reported.
  var baselineArm: Int? {
    guard plan.armCount > 1 else { return nil }
    if let name = plan.compareTo { return plan.arms.firstIndex { $0.name == name } ?? 0 }
    return sweep.campaignColumns ? 0 : nil
  }

  /// The next batch size: 0 when the point is done.
  func nextBatch(done: Int, samples: StoppingSamples) -> Int {
    switch plan.replicates {
    case .fixed(let n):
      return min(n - done, SweepRun.fixedBatch)
    case .adaptive:
      return StoppingRule(plan.replicates)!.nextBatch(done: done, samples: samples.tracked)
    }
  }

  /// The adaptive rule's metric for one replicate.
  func metric(_ o: ReplicateOutcome, sides: [String]) -> Double {
    guard case .adaptive(let name, _, _, _, _) = plan.replicates, name != "spread" else { return Double(o.spread) }
    let side = String(name.dropFirst("spread_".count))
    return sides.firstIndex(of: side).map { Double(o.bySide[$0]) } ?? Double(o.spread)
  }

  /// Rows at steps 0, k, 2k, … and the last step (the horizon, or the replicate's own last step);
  /// a finished cascade stays at its final size.
  func writeSeries(
    _ o: ReplicateOutcome, replicate r: Int, arm: String, sides: [String], every: Int, horizon: Int?, to file: LineFile
  ) throws {
    guard !o.steps.isEmpty else { return }
    let last = horizon ?? (o.steps.count - 1)
    var steps = Array(stride(from: 0, through: last, by: every))
    if steps.last != last { steps.append(last) }
    let prefix = "\(point),\(arm),\(r),"
    for t in steps {
      let s = min(t, o.steps.count - 1)
      try file.append(prefix + "\(t),all,adopted,\(o.steps[s])")
      if sides != ["all"] {
        for (i, side) in sides.enumerated() {
          try file.append(
            prefix + "\(t),\(TableValue.text(side).csvField),adopted,\(o.stepsBySide[s * sides.count + i])")
        }
      }
      let k = o.stateNames.count
      if k > 0 && o.stateCounts.count >= (s + 1) * k {
        for (j, name) in o.stateNames.enumerated() {
          try file.append(prefix + "\(t),all,\(TableValue.text(name).csvField),\(o.stateCounts[s * k + j])")
        }
      }
    }
  }
}

/// The samples the adaptive rule watches at one point: with a baseline arm, every other arm's
/// paired difference from it (replicate r of both arms ran from the same seed), relative to the
/// baseline's mean — the differences `summary.csv` and `comparison.csv` report; otherwise each
/// arm's own metric.
struct StoppingSamples {
  let baseline: Int?
  private(set) var own: [SampleMoments]
  private(set) var differences: [SampleMoments]
  /// This batch's metric values per arm, in replicate order.
  private var batch: [[Double]]

  init(arms: Int, baseline: Int?) {
    self.baseline = baseline
    own = [SampleMoments](repeating: SampleMoments(), count: arms)
    differences = own
    batch = [[Double]](repeating: [], count: arms)
  }

  mutating func record(arm: Int, _ value: Double) {
    own[arm].add(value)
    batch[arm].append(value)
  }

  /// Pairs the batch's values once every arm has run it.
  mutating func endBatch() {
    if let b = baseline {
      for a in batch.indices where a != b {
        for (x, y) in zip(batch[a], batch[b]) { differences[a].add(x - y) }
      }
    }
    for a in batch.indices { batch[a].removeAll(keepingCapacity: true) }
  }

  /// What the rule must find narrow enough, with the mean its width is relative to.
  var tracked: [(sample: SampleMoments, reference: Double)] {
    guard let b = baseline else { return own.map { ($0, $0.mean) } }
    return differences.indices.filter { $0 != b }.map { (differences[$0], own[b].mean) }
  }
}
