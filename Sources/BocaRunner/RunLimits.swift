import BocaGraph
import BocaRandom
import BocaScenario

/// The limits a run's size must keep, checked before anything is allocated, by `boca run` (in
/// ``SweepRun/execute(progress:shouldStop:graph:)``) and by `boca validate` (in ``PlanCheck``)
/// alike:
///
/// - **seed space**: every (point, replicate) gets its own seed among the 2^32 − 1 that GSL
///   generators take (``RandomSeedDerivation``), so points × replicates may not exceed 2^32 − 1 (the
///   collision rule could not find a free seed past it);
/// - **memory**: the seed table (``replicateSeedsBytes(_:)``) must fit in the ``MemoryBudget``.
///   Replicate results stream to disk in batches, so no other structure grows with the
///   number of replicates; graphs are checked when built (``GraphFactory/estimatedBytes(_:)``).
public enum RunLimits {
  /// Distinct replicate seeds there are: 1 … 2^32 − 1.
  public static let seedSpace = Int(UInt32.max)

  /// Bytes ``ReplicateSeeds/init(root:scenarioHash:points:replicates:)`` takes at its peak for
  /// `count` seeds: 4 per seed, and the set of seeds taken while it walks them.
  public static func replicateSeedsBytes(_ count: Int) -> Int {
    MemoryBudget.sum(MemoryBudget.product(count, 4), MemoryBudget.setBytes(count: count, elementBytes: 4))
  }

  /// Checks the seed space and the seed table's memory of `points` × `replicates`.
  ///
  /// - Parameters:
  ///   - scenario: locates the error at its `replicates` key.
  ///   - key: names the count without a scenario (`--replicates`).
  ///   - log: told of a large (≥ 1 GiB) seed table.
  /// - Throws: a ``ScenarioError`` at `replicates` when the seeds cannot all differ;
  ///   ``MemoryLimitError`` when the table would not fit.
  public static func check(
    points: Int, replicates: Int, scenario: Scenario?, key: String = "replicates", budget: MemoryBudget? = nil,
    log: (String) -> Void = { _ in }
  ) throws {
    let (total, overflow) = max(1, points).multipliedReportingOverflow(by: replicates)
    if overflow || total > seedSpace {
      let expected =
        "at most \(seedSpace / max(1, points)) replicates\(points > 1 ? " per point (\(points) points)" : "") "
        + "(every replicate needs its own seed, and generators take 2^32 − 1)"
      throw scenario?.problem("replicates", expected: expected, found: "\(replicates)")
        ?? SetupProblem(keyPath: key, expected: expected, found: "\(replicates)")
    }
    var what = "the seed table (\(points) point\(points == 1 ? "" : "s") × \(replicates) replicates)"
    if let at = scenario?.locations["replicates"] {
      what += " that replicates asks for at \(at.file):\(at.line):\(at.column)"
    } else if scenario == nil {
      what += " that \(key) asks for"
    }
    try (budget ?? .current).check(what, bytes: replicateSeedsBytes(total), log: log)
  }

  /// ``check(points:replicates:scenario:budget:log:)`` for a plan.
  public static func check(_ plan: ScenarioPlan, budget: MemoryBudget? = nil, log: (String) -> Void = { _ in }) throws {
    try check(
      points: plan.pointCount, replicates: plan.replicates.maximum, scenario: plan.base, budget: budget, log: log)
  }
}
