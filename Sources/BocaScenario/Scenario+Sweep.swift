import BocaModels
import BocaRandom
import BocaSensitivity
import Yams

/// Reading the `replicates`, `arms` and `sweep` sections (their meaning is in `ScenarioPlan`).
extension Scenario {
  /// `replicates: 200` or `replicates: {until: {metric: spread, ci_halfwidth: 0.02}, max: 5000,
  /// min: 30, batch: 10}`; `min` defaults to, and may not be less than,
  /// ``ReplicatePlan/minimumAdaptive``.
  static func decodeReplicates(_ node: Node, _ r: ScenarioReader) -> ReplicatePlan? {
    if case .scalar = node {
      return r.int(node, "replicates", min: 1, max: NumericRanges.maximumReplicates).map { .fixed($0) }
    }
    guard let map = r.mapping(node, "replicates", allowed: ["until", "max", "min", "batch"]) else { return nil }
    var metric = "spread"
    var target: Double? = nil
    var maxCount: Int? = nil
    var minCount = ReplicatePlan.minimumAdaptive
    var batch = 10
    for (key, value) in map {
      switch key {
      case "until":
        guard let until = r.mapping(value, "replicates.until", allowed: ["metric", "ci_halfwidth"]) else { continue }
        for (k, v) in until {
          if k == "metric" {
            metric = r.string(v, "replicates.until.metric") ?? metric
            if !(metric == "spread" || metric.hasPrefix("spread_")) {
              r.report(v, "replicates.until.metric", expected: "spread or spread_<side>", found: "'\(metric)'")
            }
          } else {
            target = r.double(
              v, "replicates.until.ci_halfwidth", min: 1e-9, what: "a relative half-width > 0 (0.02 = 2% of the mean)")
          }
        }
        if target == nil && !until.contains(where: { $0.key == "ci_halfwidth" }) {
          r.report(
            value, "replicates.until.ci_halfwidth", expected: "the target relative CI half-width", found: "nothing")
        }
      case "max": maxCount = r.int(value, "replicates.max", min: 2, max: NumericRanges.maximumReplicates)
      case "min":
        minCount =
          r.int(value, "replicates.min", min: ReplicatePlan.minimumAdaptive, max: NumericRanges.maximumReplicates)
          ?? minCount
      default: batch = r.int(value, "replicates.batch", min: 1, max: NumericRanges.maximumReplicates) ?? batch
      }
    }
    if !map.contains(where: { $0.key == "max" }) {
      r.report(node, "replicates.max", expected: "the most replicates per point", found: "nothing")
    }
    if !map.contains(where: { $0.key == "until" }) {
      r.report(node, "replicates.until", expected: "{metric: …, ci_halfwidth: …}", found: "nothing")
    }
    guard let target, let maxCount else { return nil }
    return .adaptive(
      metric: metric, relativeHalfWidth: target, min: min(minCount, maxCount), max: maxCount, batch: batch)
  }

  /// `arms: {NAME: {key.path: value, …}, …, compare_to: NAME}`: the arms with their override
  /// nodes, and the comparison baseline.
  ///
  /// An arm may instead be a list of campaign actions (`[{seed: {…}}, {broadcast: {…}}]`), or a
  /// mapping with overrides and `actions: [...]`.
  static func decodeArms(
    _ node: Node, base: Node, _ r: ScenarioReader
  ) -> (arms: [(String, [(String, Node)])], compareTo: String?, actions: [[CampaignAction]]) {
    guard let map = r.mapping(node, "arms") else { return ([], nil, []) }
    var arms: [(String, [(String, Node)])] = []
    var actions: [[CampaignAction]] = []
    var compareNode: Node? = nil
    let baseLeaves = base.scalarLeaves().map(\.path)
    for (name, value) in map {
      if name == "compare_to" {
        compareNode = value
        continue
      }
      var overrides: [(String, Node)] = []
      var armActions: [CampaignAction] = []
      let isEmpty: Bool
      if case .scalar(let s) = value { isEmpty = s.string.isEmpty } else { isEmpty = false }
      if case .sequence = value {
        armActions = decodeActions(value, arm: name, r)
      } else if !isEmpty, let pairs = r.mapping(value, "arms.\(name)") {
        for (path, v) in pairs {
          if path == "actions" {
            armActions = decodeActions(v, arm: name, r)
            continue
          }
          let top = String(path.split(separator: ".").first ?? "")
          if !["graph", "model", "seeds", "steps"].contains(top) {
            r.report(
              v, "arms.\(name).\(path)", expected: "a key path under graph, model, seeds or steps, or actions",
              found: "'\(path)'",
              suggestion: closest(to: path, in: baseLeaves))
            continue
          }
          overrides.append((path, v))
        }
      }
      arms.append((name, overrides))
      actions.append(armActions)
    }
    var compareTo: String? = arms.count > 1 ? arms[0].0 : nil
    if let compareNode, let text = r.string(compareNode, "arms.compare_to") {
      let names = arms.map(\.0)
      if names.contains(text) {
        compareTo = text
      } else {
        r.report(
          compareNode, "arms.compare_to", expected: "an arm (\(names.joined(separator: ", ")))", found: "'\(text)'",
          suggestion: closest(to: text, in: names))
      }
    }
    if arms.isEmpty { r.report(node, "arms", expected: "at least one arm", found: "none") }
    return (arms, compareTo, actions)
  }
}

/// A decoded `sweep:` section: the design, the swept key paths (with their mapping keys in the
/// tree) and, per point, the value nodes to put at those paths.
struct SweepSection {
  var design: SweepDesign
  var parameters: [(path: String, keys: [String])]
  var points: [[Node]]
}

extension SweepSection {
  static let reserved = ["design", "n", "seed", "base", "points", "trajectories", "levels"]
  /// Top-level sections a sweep may vary.
  static let sweepable = ["graph", "model", "seeds", "steps", "arms"]

  /// Reads `sweep:`; `tree` is the whole scenario (its key paths are what can be swept).
  static func decode(_ node: Node, tree: Node, rootSeed: UInt64, _ r: ScenarioReader) -> SweepSection? {
    guard let map = r.mapping(node, "sweep") else { return nil }
    let leaves = tree.removing(["sweep"]).scalarLeaves()
    var design = SweepDesign.grid
    var n: Int? = nil
    var trajectories: Int? = nil
    var levels = 4
    var levelsNode: Node? = nil
    var seed = RandomSeedDerivation.seed(root: rootSeed, scenarioHash: 0, point: -2, replicate: 0)
    var baseNode: Node? = nil
    var listNode: Node? = nil
    var columns: [(path: String, keys: [String], spec: Node)] = []
    var designNode: Node? = nil
    var written = 0
    for (key, value) in map {
      switch key {
      case "design":
        designNode = value
        if let text = r.string(value, "sweep.design") {
          switch text {
          case "grid": design = .grid
          case "list": design = .list
          case "lhs": design = .latinHypercube(n: 0, seed: 0)
          case "one-at-a-time", "oat": design = .oneAtATime
          case "sobol": design = .sobol(n: 0, seed: 0)
          case "morris": design = .morris(trajectories: 0, levels: 4, seed: 0, ranges: [])
          default:
            r.report(
              value, "sweep.design", expected: "a design (\(SweepDesign.names.joined(separator: ", ")))",
              found: "'\(text)'", suggestion: closest(to: text, in: SweepDesign.names))
          }
        }
      case "n": n = r.int(value, "sweep.n", min: 1, max: NumericRanges.maximumSweepValues)
      case "trajectories":
        trajectories = r.int(value, "sweep.trajectories", min: 2, max: NumericRanges.maximumSweepValues)
      case "levels":
        levelsNode = value
        levels = r.int(value, "sweep.levels", min: 2, max: 1000) ?? levels
      case "seed": seed = r.int(value, "sweep.seed", min: 1, max: Int(UInt32.max)).map(UInt32.init) ?? seed
      case "base": baseNode = value
      case "points": listNode = value
      default:
        written += 1
        if let keys = parameterKeys(key, value, tree: tree, leaves: leaves, r) { columns.append((key, keys, value)) }
      }
    }
    var section = SweepSection(design: design, parameters: columns.map { ($0.path, $0.keys) }, points: [])
    switch design {
    case .grid, .oneAtATime:
      let values = columns.map {
        Self.values(of: $0.spec, "sweep.\($0.path)", kind: ScenarioSchema.kind(of: $0.keys, in: tree), r) ?? []
      }
      if written == 0 { r.report(node, "sweep", expected: "at least one key path to sweep", found: "none") }
      if design == .grid {
        section.points = values.reduce([[]]) { points, column in points.flatMap { p in column.map { p + [$0] } } }
      } else {
        let bases = columns.map { column -> Node? in
          if let baseNode, case .mapping(let b) = baseNode, let v = b[column.path] { return v }
          return tree.child(at: column.keys[...])
        }
        guard bases.allSatisfy({ $0 != nil }) else { return nil }
        let base = bases.map { $0! }
        section.points = [base]
        for (i, column) in values.enumerated() {
          for v in column where v.string != base[i].string {
            var p = base
            p[i] = v
            section.points.append(p)
          }
        }
      }
    case .latinHypercube, .sobol, .morris:
      let isLHS: Bool
      if case .latinHypercube = design { isLHS = true } else { isLHS = false }
      if case .morris = design {
        guard let trajectories else {
          r.report(
            designNode ?? node, "sweep.trajectories", expected: "the number of trajectories for design morris",
            found: "nothing")
          return nil
        }
        if levels % 2 != 0 {
          r.report(
            levelsNode ?? node, "sweep.levels", expected: "an even number of levels (4 is usual)", found: "\(levels)")
          return nil
        }
        n = trajectories
      }
      guard let n else {
        r.report(
          designNode ?? node, "sweep.n",
          expected: "the number of \(isLHS ? "points" : "base samples") n for design \(design.name)",
          found: "nothing")
        return nil
      }
      if case .sobol = design, n < 2 {
        r.report(designNode ?? node, "sweep.n", expected: "at least 2 base samples for design sobol", found: "\(n)")
        return nil
      }
      if isLHS { section.design = .latinHypercube(n: n, seed: seed) }
      var ranges: [(low: Double, high: Double, integer: Bool)] = []
      var marks: [Node] = []
      for column in columns {
        let kind = ScenarioSchema.kind(of: column.keys, in: tree)
        guard let (low, high, at) = rangeBounds(column.spec, "sweep.\(column.path)", kind: kind, r) else { continue }
        ranges.append((low, high, kind.isWhole))
        marks.append(at)
      }
      guard ranges.count == columns.count, !columns.isEmpty else { return nil }
      let sample: [[SweepValue]]
      switch design {
      case .sobol:
        guard columns.count <= SobolDesign.maximumParameters else {
          r.report(
            node, "sweep", expected: "at most \(SobolDesign.maximumParameters) key paths for design sobol",
            found: "\(columns.count)")
          return nil
        }
        guard let d = try? SobolDesign(n: n, parameters: ranges.count, seed: seed) else { return nil }
        section.design = .sobol(n: n, seed: seed)
        sample = SweepDesign.scaled(d.unitRows, ranges: ranges)
      case .morris:
        guard let d = try? MorrisDesign(trajectories: n, levels: levels, parameters: ranges.count, seed: seed) else {
          return nil
        }
        section.design = .morris(
          trajectories: n, levels: levels, seed: seed, ranges: ranges.map { $0.low...$0.high })
        sample = SweepDesign.scaled(d.unitRows, ranges: ranges)
      default:
        guard let s = try? SweepDesign.latinHypercube(n: n, ranges: ranges, seed: seed) else { return nil }
        sample = s
      }
      section.points = sample.map { row in zip(row, marks).map { $1.scalar($0.text) } }
    case .list:
      guard let listNode, let rows = r.sequence(listNode, "sweep.points") else {
        r.report(node, "sweep.points", expected: "a list of points for design list", found: "nothing")
        return nil
      }
      var order: [(path: String, keys: [String])] = section.parameters
      var parsed: [[(String, Node)]] = []
      for (i, row) in rows.enumerated() {
        guard let pairs = r.mapping(row, "sweep.points[\(i)]") else { continue }
        var point: [(String, Node)] = []
        for (path, v) in pairs {
          if !order.contains(where: { $0.path == path }) {
            guard let keys = parameterKeys(path, v, tree: tree, leaves: leaves, r, at: "sweep.points[\(i)].\(path)")
            else { continue }
            order.append((path, keys))
          }
          guard case .scalar = v else {
            r.report(v, "sweep.points[\(i)].\(path)", expected: "a value", found: ScenarioReader.show(v))
            continue
          }
          point.append((path, v))
        }
        parsed.append(point)
      }
      section.parameters = order
      for (i, point) in parsed.enumerated() {
        var values: [Node] = []
        for p in order {
          if let v = point.first(where: { $0.0 == p.path })?.1 {
            values.append(v)
          } else {
            r.report(
              rows[i], "sweep.points[\(i)].\(p.path)", expected: "a value for every swept key path", found: "nothing")
          }
        }
        if values.count == order.count { section.points.append(values) }
      }
    }
    return section
  }

  /// Checks that `path` names a scalar of the scenario that may vary; its mapping keys.
  static func parameterKeys(
    _ path: String, _ value: Node, tree: Node, leaves: [ScalarLeaf], _ r: ScenarioReader, at: String? = nil
  ) -> [String]? {
    let where_ = at ?? "sweep.\(path)"
    let top = String(path.split(separator: ".").first ?? "")
    guard sweepable.contains(top) else {
      let candidates = leaves.map(\.path).filter { sweepable.contains(String($0.split(separator: ".").first ?? "")) }
      r.report(
        value, where_, expected: "a key path of a scalar under graph, model, seeds, steps or arms", found: "'\(path)'",
        suggestion: closest(to: path, in: candidates + reserved))
      return nil
    }
    guard let keys = tree.resolve(path), case .scalar = tree.child(at: keys[...]) else {
      r.report(
        value, where_, expected: "a key path of a scalar of the scenario", found: "'\(path)'",
        suggestion: closest(to: path, in: leaves.map(\.path)))
      return nil
    }
    return keys
  }

  /// A parameter's values: `[a, b, c]`, `{values: [a, b, c]}` or `{range: [lo, hi], steps: n}`;
  /// a range's values are whole numbers when the key's `kind` is a count, else reals.
  static func values(of node: Node, _ path: String, kind: ValueKind, _ r: ScenarioReader) -> [Node]? {
    switch node {
    case .sequence(let items):
      let values = items.enumerated().compactMap { i, v -> Node? in
        guard case .scalar = v else {
          r.report(v, "\(path)[\(i)]", expected: "a value", found: ScenarioReader.show(v))
          return nil
        }
        return v
      }
      if values.isEmpty { r.report(node, path, expected: "at least one value", found: "an empty list") }
      return values
    case .mapping:
      guard let map = r.mapping(node, path, allowed: ["values", "range", "steps"]) else { return nil }
      if let v = map.first(where: { $0.key == "values" }) {
        return values(of: v.node, "\(path).values", kind: kind, r)
      }
      guard let (low, high, at) = rangeBounds(node, path, kind: kind, r) else { return nil }
      guard let stepsNode = map.first(where: { $0.key == "steps" })?.node else {
        r.report(node, "\(path).steps", expected: "the number of values in the range (steps: n)", found: "nothing")
        return nil
      }
      guard let steps = r.int(stepsNode, "\(path).steps", min: 1, max: NumericRanges.maximumSweepValues) else {
        return nil
      }
      return SweepDesign.range(low: low, high: high, steps: steps, integer: kind.isWhole).map { at.scalar($0.text) }
    case .scalar:
      return [node]
    }
  }

  /// `{range: [lo, hi], …}`: the bounds, checked against the key's `kind` (a range over a
  /// probability lies in [0, 1]; there is no range over a word), and the node to locate
  /// generated values at.
  static func rangeBounds(_ node: Node, _ path: String, kind: ValueKind, _ r: ScenarioReader) -> (Double, Double, Node)?
  {
    guard case .mapping(let map) = node, let range = map["range"] else {
      r.report(node, path, expected: "{range: [low, high]}", found: ScenarioReader.show(node))
      return nil
    }
    guard case .sequence(let ends) = range, ends.count == 2, let low = ends[0].float, let high = ends[1].float,
      low <= high
    else {
      r.report(range, "\(path).range", expected: "[low, high] with low ≤ high", found: ScenarioReader.show(range))
      return nil
    }
    let key = String(path.dropFirst("sweep.".count))
    guard let bounds = kind.bounds else {
      r.report(range, "\(path).range", expected: "a list of values (\(key) is \(kind))", found: "a range")
      return nil
    }
    guard bounds.contains(low), bounds.contains(high) else {
      r.report(
        range, "\(path).range",
        expected:
          "[low, high] within [\(Self.show(bounds.lowerBound)), \(Self.show(bounds.upperBound))] (\(key) is \(kind))",
        found: "[\(Self.show(low)), \(Self.show(high))]")
      return nil
    }
    if kind.isWhole, low.rounded(.up) > high {
      r.report(
        range, "\(path).range", expected: "a range holding a whole number (\(key) is \(kind))",
        found: "[\(Self.show(low)), \(Self.show(high))]")
      return nil
    }
    return (low, high, range)
  }

  /// A bound as written in messages (whole numbers without a decimal point).
  static func show(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : x.description
  }
}
