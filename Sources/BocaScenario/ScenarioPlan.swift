import BocaRandom
import Foundation
import Yams

/// Everything a run of a scenario executes: the points of its sweep × its arms, each resolved
/// to a complete ``Scenario``.
///
/// Points and arms are applied to the YAML tree before decoding, so the same validation (with
/// file, line and key path) applies to every combination: the swept values are put at their key
/// paths, then the arm's overrides (an arm's value wins over a swept one). A value that came
/// from the sweep or an arm is reported at the line where it was written.
public struct ScenarioPlan: Sendable {
  /// The scenario as written (no sweep or arm applied).
  public var base: Scenario
  public var sweep: Sweep
  /// The arms, in file order; a scenario without `arms:` has one arm, `baseline`.
  public var arms: [ArmSpec]
  /// The arm the others are compared with (paired differences).
  public var compareTo: String?
  public var replicates: ReplicatePlan
  /// Resolved scenarios, point-major then arm.
  public var scenarios: [Scenario]
  /// Per (point, arm), the canonical text of the `graph` section: equal keys, equal graphs.
  public var graphKeys: [String]
  /// What is allowed but probably not meant (points of the sweep that coincide), for the
  /// commands to print as warnings.
  public var warnings: [ScenarioDiagnostic] = []

  public var pointCount: Int { sweep.points.count }
  /// Whether some arm is a campaign (has actions): the runs table then has campaign columns.
  public var hasCampaigns: Bool { arms.contains { !$0.actions.isEmpty } }
  public var armCount: Int { arms.count }

  /// The scenario of `point` and `arm`.
  public func scenario(point: Int, arm: Int) -> Scenario { scenarios[point * arms.count + arm] }
  /// The graph key of `point` and `arm`.
  public func graphKey(point: Int, arm: Int) -> String { graphKeys[point * arms.count + arm] }

  /// A plan of one point and one arm.
  public init(single scenario: Scenario) {
    base = scenario
    sweep = .single
    arms = [ArmSpec(name: "baseline", overrides: [])]
    compareTo = nil
    replicates = scenario.replicatePlan
    scenarios = [scenario]
    graphKeys = ["graph"]
  }

  init(base: Scenario, sweep: Sweep, arms: [ArmSpec], compareTo: String?, scenarios: [Scenario], graphKeys: [String]) {
    self.base = base
    self.sweep = sweep
    self.arms = arms
    self.compareTo = compareTo
    self.replicates = base.replicatePlan
    self.scenarios = scenarios
    self.graphKeys = graphKeys
  }

  /// Reads and validates a scenario file with its sweep and arms, reporting every problem at once.
  ///
  /// - Parameters:
  ///   - displayName: the name used in messages and recorded as the scenario's file (default `path`).
  ///   - baseDirectory: where relative paths in `graph.load` start (default the file's folder).
  public static func load(path: String, displayName: String? = nil, baseDirectory: String? = nil) throws -> ScenarioPlan
  {
    let name = displayName ?? path
    let (data, text) = try readScenarioFile(path, name: name)
    let base = baseDirectory ?? URL(fileURLWithPath: path).deletingLastPathComponent().path
    return try parse(text, file: name, baseDirectory: base, hash: RandomSeedDerivation.fnv1a(data))
  }

  /// Parses scenario YAML with its sweep and arms.
  public static func parse(_ text: String, file: String, baseDirectory: String = ".", hash: UInt64? = nil) throws
    -> ScenarioPlan
  {
    let root = try Scenario.compose(text, file: file)
    let hash = hash ?? RandomSeedDerivation.fnv1a(Array(text.utf8))
    let r = ScenarioReader(file: file)
    let base = Scenario.decode(root, reader: r, file: file, baseDirectory: baseDirectory, hash: hash)
    let tree = root.removing(["arms", "sweep"])
    var armNodes: [(String, [(String, Node)])] = [("baseline", [])]
    var compareTo: String? = nil
    var armActions: [[CampaignAction]] = [[]]
    if case .mapping(let top) = root, let armsNode = top["arms"] {
      (armNodes, compareTo, armActions) = Scenario.decodeArms(armsNode, base: tree, r)
    }
    var section = SweepSection(design: .list, parameters: [], points: [[]])
    if case .mapping(let top) = root, let sweepNode = top["sweep"] {
      section = SweepSection.decode(sweepNode, tree: root.removing(["sweep"]), rootSeed: base?.seed ?? 1, r) ?? section
    }
    guard let base else { throw ScenarioError(r.diagnostics) }

    // Resolve every (point, arm); report each distinct problem once, with those found above.
    let combos = ScenarioReader(file: file)
    for d in r.diagnostics { combos.append(d) }
    var scenarios: [Scenario] = []
    var graphKeys: [String] = []
    for point in section.points {
      var pointTree = tree
      var arms = armNodes
      for (parameter, value) in zip(section.parameters, point) {
        if parameter.keys.first == "arms", parameter.keys.count >= 3 {
          let arm = parameter.keys[1]
          let key = parameter.keys[2...].joined(separator: ".")
          if let i = arms.firstIndex(where: { $0.0 == arm }) {
            if let j = arms[i].1.firstIndex(where: { $0.0 == key }) {
              arms[i].1[j].1 = value
            } else {
              arms[i].1.append((key, value))
            }
          }
        } else {
          pointTree = pointTree.setting(parameter.keys[...], to: value)
        }
      }
      for (a, (_, overrides)) in arms.enumerated() {
        var armTree = pointTree
        for (path, value) in overrides {
          let keys = armTree.resolve(path) ?? path.split(separator: ".").map(String.init)
          armTree = armTree.setting(keys[...], to: value)
        }
        let reader = ScenarioReader(file: file)
        if var s = Scenario.decode(armTree, reader: reader, file: file, baseDirectory: baseDirectory, hash: hash),
          reader.diagnostics.isEmpty
        {
          s.campaign = a < armActions.count ? armActions[a] : []
          if s.graph.load == nil {
            let sides = s.graph.sides.map(\.name)
            let layers = s.graph.layers.map(\.name)
            for action in s.campaign { for d in action.check(sides: sides, layers: layers) { reader.append(d) } }
          }
          scenarios.append(s)
        }
        for d in reader.diagnostics where !combos.diagnostics.contains(d) { combos.append(d) }
        let graphNode = armTree.child(at: ["graph"]) ?? Node("")
        graphKeys.append((try? Yams.serialize(node: graphNode)) ?? "")
      }
    }
    guard combos.diagnostics.isEmpty else { throw ScenarioError(combos.diagnostics) }
    let sweep = Sweep(
      design: section.design, parameters: section.parameters.map(\.path),
      points: section.points.map { $0.map { SweepValue(parsing: $0.string ?? "") } })
    let arms = armNodes.enumerated().map { a, arm in
      ArmSpec(
        name: arm.0,
        overrides: arm.1.map { ArmOverride(keyPath: $0.0, value: (try? Yams.serialize(node: $0.1)) ?? "") },
        actions: a < armActions.count ? armActions[a] : [])
    }
    var plan = ScenarioPlan(
      base: base, sweep: sweep, arms: arms, compareTo: compareTo, scenarios: scenarios, graphKeys: graphKeys)
    if case .mapping(let top) = root, let sweepNode = top["sweep"] {
      plan.warnings = sweep.duplicates.map { group in
        let values = zip(sweep.parameters, sweep.points[group[0]]).map { "\($0) = \($1.text)" }
        return ScenarioDiagnostic(
          file: file, line: sweepNode.mark?.line ?? 1, column: sweepNode.mark?.column ?? 1, keyPath: "sweep",
          expected: "distinct design points",
          found:
            "points \(group.map(String.init).joined(separator: ", ")) are the same (\(values.joined(separator: ", "))); "
            + "each runs its own replicates")
      }
    }
    return plan
  }
}
