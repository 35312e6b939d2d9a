import BocaGraph
import BocaScenario

/// Everything `boca run` checks before it draws a replicate, made for every point and arm of a
/// plan without running any: the seeding policies named (``CampaignPlanner/checkPolicies(_:)``),
/// the run's seed space and seed-table memory (``RunLimits``),
/// each graph built as the run builds it (``GraphFactory/build(_:rootSeed:log:)``), and each
/// point's arms set up on their graphs by the function the run itself calls before running a
/// point (``ArmEngine/prepare(plan:point:graphs:)``: model, node columns, layers, seeding, seed
/// ids, campaign plans, the arms' sides). `boca validate` calls it, so validate refuses exactly
/// what run refuses: the two share one path and cannot drift apart.
///
/// Graphs are built once per distinct `graph` section (points that share one are checked
/// together), so checking costs what setting the run up costs, without the replicates.
public enum PlanCheck {
  /// Checks every point and arm of `plan` on its real graphs.
  ///
  /// - Parameter log: one-line notes from graph building (duplicates merged…).
  /// - Throws: ``PlanCheckError`` with every distinct problem, each with the first point it
  ///   occurs at; or the ``ScenarioError`` of an unknown seeding policy.
  public static func check(_ plan: ScenarioPlan, log: (String) -> Void = { _ in }) throws {
    try CampaignPlanner.checkPolicies(plan)
    try RunLimits.check(plan, log: log)
    var problems: [PlanCheckError.Problem] = []
    var seen: Set<String> = []
    var graphs: [String: MultiplexGraph] = [:]
    var failedGraphs: Set<String> = []
    for point in grouped(Array(0..<plan.pointCount), plan) {
      let keys = (0..<plan.armCount).map { plan.graphKey(point: point, arm: $0) }
      graphs = graphs.filter { keys.contains($0.key) }
      do {
        for (arm, key) in keys.enumerated() where graphs[key] == nil && !failedGraphs.contains(key) {
          let s = plan.scenario(point: point, arm: arm)
          do { graphs[key] = try GraphFactory.build(s.graph, rootSeed: s.seed, log: log) } catch {
            failedGraphs.insert(key)
            throw error
          }
        }
        guard keys.allSatisfy({ graphs[$0] != nil }) else { continue }  // reported with the point that built it
        _ = try ArmEngine.prepare(plan: plan, point: point, graphs: keys.map { graphs[$0]! })
      } catch {
        if seen.insert("\(error)").inserted { problems.append(PlanCheckError.Problem(point: point, error: error)) }
      }
    }
    if !problems.isEmpty { throw PlanCheckError(plan: plan, problems: problems) }
  }

  /// `points` grouped by their arms' graph sections (in order of first appearance), so that
  /// each graph is built once.
  static func grouped(_ points: [Int], _ plan: ScenarioPlan) -> [Int] {
    var groups: [String: [Int]] = [:]
    var order: [String] = []
    for p in points {
      let key = (0..<plan.armCount).map { plan.graphKey(point: p, arm: $0) }.joined(separator: "\u{1}")
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(p)
    }
    return order.flatMap { groups[$0]! }
  }
}

/// What ``PlanCheck`` found: the problems `boca run` would stop at, each with the first point
/// (of the sweep) it occurs at.
public struct PlanCheckError: Error, CustomStringConvertible {
  public struct Problem: Sendable {
    public let point: Int
    public let error: any Error
  }

  public let problems: [Problem]
  /// Per problem, how its point is named ("" for a plan of one point).
  let contexts: [String]

  init(plan: ScenarioPlan, problems: [Problem]) {
    self.problems = problems
    contexts = problems.map { problem in
      guard plan.pointCount > 1 else { return "" }
      let values = zip(plan.sweep.parameters, plan.sweep.points[problem.point]).map { "\($0) = \($1.text)" }
      return "at sweep point \(problem.point) (\(values.joined(separator: ", "))): "
    }
  }

  /// The located diagnostics among the problems (file, line, key path).
  public var diagnostics: [ScenarioDiagnostic] {
    problems.flatMap { ($0.error as? ScenarioError)?.diagnostics ?? [] }
  }

  public var description: String {
    let lines = zip(problems, contexts).flatMap { problem, context -> [String] in
      if let e = problem.error as? ScenarioError { return e.diagnostics.map { context + $0.description } }
      return [context + "\(problem.error)"]
    }
    return "\(lines.count) problem\(lines.count == 1 ? "" : "s") found on the scenario's graph:\n"
      + lines.map { "  " + $0 }.joined(separator: "\n")
  }
}
