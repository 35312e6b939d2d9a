import BocaGraph

/// One problem found in a scenario file: where it is (file, line, column, key path), what was
/// expected and what was found, and a suggestion when one is likely ("did you mean …").
public struct ScenarioDiagnostic: Error, CustomStringConvertible, Sendable, Equatable {
  public let file: String
  public let line: Int
  public let column: Int
  /// Dotted key path, e.g. `graph.sides.prosumer.count`.
  public let keyPath: String
  public let expected: String
  public let found: String
  public let suggestion: String?
  /// The typed error under the problem, when one is known (what callers and tests match on).
  public let cause: DiagnosticCause?

  public init(
    file: String, line: Int, column: Int, keyPath: String, expected: String, found: String, suggestion: String? = nil,
    cause: DiagnosticCause? = nil
  ) {
    self.file = file
    self.line = line
    self.column = column
    self.keyPath = keyPath
    self.expected = expected
    self.found = found
    self.suggestion = suggestion
    self.cause = cause
  }

  /// `FILE:LINE:COLUMN: KEY: expected …, found …` (the compiler-style form editors jump to; line 0
  /// is a problem with the whole file, shown as `FILE: …`).
  /// Text from the file is shown with invisible characters escaped and long values cut
  /// (``MessageText``), so one message is one readable line whatever the file holds.
  public var description: String {
    let key = keyPath.isEmpty ? "(top level)" : MessageText.shown(keyPath, limit: 2 * MessageText.valueLimit)
    var text =
      "\(MessageText.escaped(file))\(line > 0 ? ":\(line):\(column)" : ""): \(key): "
      + "expected \(MessageText.shown(expected, limit: 4 * MessageText.valueLimit)), "
      + "found \(MessageText.shownQuoting(found))"
    if let suggestion { text += " (did you mean '\(MessageText.shown(suggestion))'?)" }
    return text
  }
}

/// Every problem found in a scenario, reported together.
public struct ScenarioError: Error, CustomStringConvertible, Sendable {
  public let diagnostics: [ScenarioDiagnostic]

  public init(_ diagnostics: [ScenarioDiagnostic]) { self.diagnostics = diagnostics }

  public var description: String {
    let n = diagnostics.count
    return "\(n) problem\(n == 1 ? "" : "s") in the scenario:\n"
      + diagnostics.map { "  " + $0.description }.joined(separator: "\n")
  }
}

/// The closest of `candidates` to `word` by edit distance, if close enough to be a likely typo.
public func closest(to word: String, in candidates: [String]) -> String? {
  let a = Array(word.lowercased())
  var best: (String, Int)? = nil
  for candidate in candidates {
    let b = Array(candidate.lowercased())
    var row = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
      var previous = row[0]
      row[0] = i
      for j in stride(from: 1, through: b.count, by: 1) {
        let current = row[j]
        row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
        previous = current
      }
    }
    let distance = a.isEmpty ? b.count : row[b.count]
    if distance <= max(2, b.count / 3), distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
  }
  return best?.0
}
