import Foundation

/// A condition over the columns of a table: comparisons of a column with a number, joined by
/// `and`, e.g. `spread > 100`, `diff_spread[employee-advocacy-baseline] > 0 and cost <= 800`.
///
/// Grammar: `condition := comparison ("and" comparison)*`, `comparison := column op number`,
/// `op := > | >= | < | <= | == | !=`, `column := [A-Za-z_][A-Za-z0-9_.]* ("[" any but "]" "]")?`.
/// A missing value (NaN) meets no comparison, `!=` included.
public struct Condition: Sendable, Equatable, CustomStringConvertible {
  public enum Operator: String, Sendable, CaseIterable {
    case greaterOrEqual = ">=", lessOrEqual = "<=", equal = "==", notEqual = "!=", greater = ">", less = "<"
  }

  public struct Comparison: Sendable, Equatable {
    public var column: String
    public var op: Operator
    public var value: Double
    /// The 1-based character position of the column name in the expression.
    public var position: Int
  }

  public var comparisons: [Comparison]

  public var description: String {
    comparisons.map { "\($0.column) \($0.op.rawValue) \($0.value)" }.joined(separator: " and ")
  }

  /// A parse error: the 1-based character position and what was expected there.
  public struct ParseError: Error, CustomStringConvertible, Equatable {
    public var position: Int
    public var message: String
    public var expression: String
    public var description: String {
      "--where '\(expression)': at character \(position): \(message)"
    }
  }

  public init(parsing text: String) throws {
    let chars = Array(text)
    var i = 0
    func fail(_ message: String) -> ParseError { ParseError(position: i + 1, message: message, expression: text) }
    func skipSpace() { while i < chars.count, chars[i].isWhitespace { i += 1 } }
    func found() -> String {
      if i >= chars.count { return "the end of the expression" }
      let word = chars[i...].prefix { !$0.isWhitespace }
      return "'\(String(word.prefix(20)))'"
    }
    func isStart(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c == "_") }
    func isName(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == ".") }
    var comparisons: [Comparison] = []
    while true {
      skipSpace()
      guard i < chars.count, isStart(chars[i]) else {
        throw fail(
          "expected a column name (a letter or _ first, e.g. spread or diff_spread[arm-baseline]), found \(found())")
      }
      let start = i
      while i < chars.count, isName(chars[i]) { i += 1 }
      if i < chars.count, chars[i] == "[" {
        i += 1
        while i < chars.count, chars[i] != "]" { i += 1 }
        guard i < chars.count else {
          i = start
          throw fail("the '[' of this column name is not closed with ']'")
        }
        i += 1
      }
      let column = String(chars[start..<i])
      skipSpace()
      var op: Operator? = nil
      for candidate in Operator.allCases {
        let symbol = Array(candidate.rawValue)
        if i + symbol.count <= chars.count, Array(chars[i..<(i + symbol.count)]) == symbol {
          op = candidate
          break
        }
      }
      guard let op else {
        throw fail("expected a comparison operator (> >= < <= == !=) after '\(column)', found \(found())")
      }
      i += op.rawValue.count
      skipSpace()
      let numberStart = i
      while i < chars.count, !chars[i].isWhitespace { i += 1 }
      let word = String(chars[numberStart..<i])
      guard let value = Double(word), value.isFinite else {
        i = numberStart
        throw fail("expected a finite number after '\(column) \(op.rawValue)', found \(found())")
      }
      comparisons.append(Comparison(column: column, op: op, value: value, position: start + 1))
      skipSpace()
      if i == chars.count { break }
      let wordStart = i
      while i < chars.count, !chars[i].isWhitespace { i += 1 }
      guard String(chars[wordStart..<i]).lowercased() == "and" else {
        i = wordStart
        throw fail("expected 'and' or the end of the expression, found \(found())")
      }
    }
    self.comparisons = comparisons
  }

  /// The columns the condition reads, in order.
  public var columns: [String] { comparisons.map(\.column) }

  /// Whether a row (a value per column name) meets every comparison.
  public func holds(_ value: (String) -> Double) -> Bool {
    comparisons.allSatisfy { c in
      let v = value(c.column)
      guard !v.isNaN else { return false }
      switch c.op {
      case .greater: return v > c.value
      case .greaterOrEqual: return v >= c.value
      case .less: return v < c.value
      case .lessOrEqual: return v <= c.value
      case .equal: return v == c.value
      case .notEqual: return v != c.value
      }
    }
  }
}
