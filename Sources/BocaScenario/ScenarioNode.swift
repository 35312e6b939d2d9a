import Yams

/// Reads typed values out of a composed YAML tree, recording every problem with its location
/// and key path instead of stopping at the first, so that validation reports all at once.
public final class ScenarioReader {
  /// The file the YAML came from (as given by the user), for messages.
  public let file: String
  /// Problems found so far.
  public private(set) var diagnostics: [ScenarioDiagnostic] = []

  public init(file: String) { self.file = file }

  /// Records a problem at `node` (or at the file's start when the node is missing).
  public func report(_ node: Node?, _ path: String, expected: String, found: String, suggestion: String? = nil) {
    diagnostics.append(
      ScenarioDiagnostic(
        file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, keyPath: path,
        expected: expected, found: found, suggestion: suggestion))
  }

  /// Where `node` was written.
  public func location(_ node: Node) -> SourceLocation {
    SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
  }

  /// Records a problem found elsewhere.
  public func append(_ diagnostic: ScenarioDiagnostic) { diagnostics.append(diagnostic) }

  /// How a node is shown in a message.
  static func show(_ node: Node) -> String {
    switch node {
    case .scalar(let s): return s.string.isEmpty ? "an empty value" : "'\(s.string)'"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    }
  }

  /// The pairs of a mapping, in file order, after checking that every key is one of `allowed`
  /// (an unknown key is an error with a "did you mean"). `nil` (and a diagnostic) when not a map.
  public func mapping(_ node: Node, _ path: String, allowed: [String]? = nil) -> [(key: String, node: Node)]? {
    guard case .mapping(let map) = node else {
      report(node, path, expected: "a mapping", found: Self.show(node))
      return nil
    }
    var result: [(key: String, node: Node)] = []
    var seen = Set<String>()
    for (k, v) in map {
      guard let key = k.string else {
        report(k, path, expected: "a text key", found: Self.show(k))
        continue
      }
      let keyPath = path.isEmpty ? key : "\(path).\(key)"
      if let allowed, !allowed.contains(key) {
        report(
          k, keyPath, expected: "one of the keys \(allowed.joined(separator: ", "))", found: "unknown key '\(key)'",
          suggestion: closest(to: key, in: allowed))
        continue
      }
      if !seen.insert(key).inserted {
        report(k, keyPath, expected: "each key once", found: "'\(key)' again")
        continue
      }
      result.append((key, v))
    }
    return result
  }

  /// A text scalar.
  public func string(_ node: Node, _ path: String) -> String? {
    guard case .scalar(let s) = node, !s.string.isEmpty else {
      report(node, path, expected: "a text value", found: Self.show(node))
      return nil
    }
    return s.string
  }

  /// A number, optionally within [min, max].
  public func double(_ node: Node, _ path: String, min: Double? = nil, max: Double? = nil, what: String? = nil)
    -> Double?
  {
    guard case .scalar = node, let v = node.float, v.isFinite else {
      report(node, path, expected: what ?? "a number", found: Self.show(node))
      return nil
    }
    if let min, v < min {
      report(node, path, expected: what ?? "a number ≥ \(min)", found: "\(v)")
      return nil
    }
    if let max, v > max {
      report(node, path, expected: what ?? "a number ≤ \(max)", found: "\(v)")
      return nil
    }
    return v
  }

  /// A probability in [0, 1].
  public func probability(_ node: Node, _ path: String) -> Double? {
    double(node, path, min: 0, max: 1, what: "a probability in [0, 1]")
  }

  /// A whole number, optionally within [min, max].
  public func int(_ node: Node, _ path: String, min: Int? = nil, max: Int? = nil) -> Int? {
    guard case .scalar = node, let v = node.int else {
      // Digits that do not fit: say which whole numbers would.
      let tooLarge = node.scalar.map { !$0.string.isEmpty && $0.string.allSatisfy { "0123456789+-_".contains($0) } }
      let range = tooLarge == true ? "a whole number in [\(min ?? Int.min), \(max ?? Int.max)]" : "a whole number"
      report(node, path, expected: range, found: Self.show(node))
      return nil
    }
    if let min, v < min {
      report(node, path, expected: "a whole number ≥ \(min)", found: "\(v)")
      return nil
    }
    if let max, v > max {
      report(node, path, expected: "a whole number ≤ \(max)", found: "\(v)")
      return nil
    }
    return v
  }

  /// A boolean.
  public func bool(_ node: Node, _ path: String) -> Bool? {
    guard case .scalar = node, let v = node.bool else {
      report(node, path, expected: "true or false", found: Self.show(node))
      return nil
    }
    return v
  }

  /// A list.
  public func sequence(_ node: Node, _ path: String) -> [Node]? {
    guard case .sequence(let seq) = node else {
      report(node, path, expected: "a list", found: Self.show(node))
      return nil
    }
    return Array(seq)
  }

  /// A list of text values, or a single text value taken as a list of one.
  public func strings(_ node: Node, _ path: String) -> [String]? {
    if case .scalar = node { return string(node, path).map { [$0] } }
    guard let items = sequence(node, path) else { return nil }
    let values = items.enumerated().compactMap { string($1, "\(path)[\($0)]") }
    return values.count == items.count ? values : nil
  }

  /// A list of numbers.
  public func doubles(_ node: Node, _ path: String) -> [Double]? {
    guard let items = sequence(node, path) else { return nil }
    let values = items.enumerated().compactMap { double($1, "\(path)[\($0)]") }
    return values.count == items.count ? values : nil
  }
}
