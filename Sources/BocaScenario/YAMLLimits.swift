import Yams

/// How large a scenario's YAML may be in shape, so that no file can overflow the stack or make
/// reading it take exponential time and memory. Both limits are documented in
/// `scenarios/README.md` ("Limits"); a real scenario needs a tenth of either.
public enum YAMLLimits {
  /// The most lists and mappings one value may sit inside (the top-level mapping counts as one),
  /// as written and once aliases are expanded. The YAML parser recurses once per level.
  public static let maximumDepth = 64
  /// How many values (scalars, lists and mappings) aliases may add beyond the size of the file:
  /// a scenario holds at most this many plus its size in bytes once every `*alias` is replaced
  /// by the value it names. Ten aliases of ten aliases of … ("a billion laughs") are refused.
  public static let aliasAllowance = 100_000

  /// Refuses text nested deeper than ``maximumDepth``, before the YAML parser reads it.
  static func checkNesting(_ text: String, file: String) throws {
    let scan = YAMLNestingScan.scan(text, limit: maximumDepth)
    guard let at = scan.crossing else { return }
    throw ScenarioError([
      ScenarioDiagnostic(
        file: file, line: at.line, column: at.column, keyPath: "",
        expected: "lists and mappings nested at most \(maximumDepth) deep",
        found: at.alias.map { "the alias *\($0), whose value nests \(at.depth) deep here" }
          ?? "a value nested \(at.depth) deep here")
    ])
  }

  /// Refuses a composed tree that aliases make larger than the file allows or deeper than
  /// ``maximumDepth``, visiting at most that many values (never the whole expansion).
  static func checkExpansion(_ root: Node, textSize: Int, file: String) throws {
    var walk = ExpansionWalk(budget: aliasAllowance + textSize)
    do {
      try walk.visit(root, depth: 1, path: "", parentMark: nil)
    } catch let stop as ExpansionWalk.Stop {
      let mark = stop.alias?.parentMark ?? stop.mark
      let keyPath = stop.alias?.path ?? stop.path
      let what = stop.tooDeep ? "a value nested deeper" : "more"
      let found =
        stop.alias?.anchorMark.map {
          "\(what) through an alias here (of the value at line \($0.line), column \($0.column))"
        } ?? "\(what) once aliases are expanded"
      throw ScenarioError([
        ScenarioDiagnostic(
          file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, keyPath: keyPath,
          expected: stop.tooDeep
            ? "lists and mappings nested at most \(maximumDepth) deep once aliases are expanded"
            : "at most \(walk.budget) values once aliases are expanded (\(aliasAllowance) plus the file's size in bytes)",
          found: found)
      ])
    }
  }
}

/// A depth-first count of a composed tree's values with aliases expanded, stopping at a budget.
private struct ExpansionWalk {
  /// Why and where the walk stopped.
  struct Stop: Error {
    var tooDeep: Bool
    var path: String
    var mark: Place?
    /// The outermost value on the way that an alias put there (its mark lies before its parent's).
    var alias: (path: String, parentMark: Place?, anchorMark: Place?)?
  }

  /// A line and column (Yams' `Mark`, which is not `Sendable`).
  struct Place: Sendable {
    let line: Int
    let column: Int
    init?(_ mark: Mark?) {
      guard let mark else { return nil }
      (line, column) = (mark.line, mark.column)
    }
  }

  let budget: Int
  var count = 0

  init(budget: Int) { self.budget = budget }

  mutating func visit(_ node: Node, depth: Int, path: String, parentMark: Mark?) throws {
    count += 1
    let isCollection: Bool
    if case .scalar = node { isCollection = false } else { isCollection = true }
    if count > budget || (isCollection && depth > YAMLLimits.maximumDepth) {
      throw Stop(tooDeep: count <= budget, path: path, mark: Place(node.mark ?? parentMark), alias: nil)
    }
    do {
      switch node {
      case .scalar: break
      case .sequence(let items):
        for (i, item) in items.enumerated() {
          try visit(item, depth: depth + 1, path: "\(path)[\(i)]", parentMark: node.mark)
        }
      case .mapping(let map):
        for (key, value) in map {
          try visit(key, depth: depth + 1, path: path, parentMark: node.mark)
          let name = key.string ?? "?"
          try visit(value, depth: depth + 1, path: path.isEmpty ? name : "\(path).\(name)", parentMark: node.mark)
        }
      }
    } catch var stop as Stop {
      if let mine = node.mark, let parent = parentMark, (mine.line, mine.column) < (parent.line, parent.column) {
        stop.alias = (path, Place(parentMark), Place(mine))
      }
      throw stop
    }
  }
}
