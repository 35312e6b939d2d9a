/// A problem in a graph input file, located by file and line.
///
/// The description reads like a compiler diagnostic, so editors and terminals can jump to it:
///
///     edges.txt:12: expected a non-negative integer node id, found 'x3'
///     edges.csv:1: column 'target': expected a header column named 'target', found 'source,layer'
///
/// File-level problems (the file cannot be opened) have `line == 0` and print without a line.
public struct GraphInputError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The class of problem, for callers and tests that branch on it.
  public enum Kind: String, Sendable, Equatable {
    /// The file could not be opened or read.
    case fileNotFound
    /// The file holds no data (no bytes, no header, or no node and no edge).
    case emptyFile
    /// A node id is not an integer (or does not fit in 64 bits).
    case invalidID
    /// A node id is negative.
    case negativeID
    /// A line has more or fewer fields than the format allows.
    case fieldCount
    /// A required header column is absent (reported on line 1).
    case missingColumn
    /// A layer name that the caller did not allow.
    case unknownLayer
    /// A weight that is not a finite number.
    case invalidWeight
    /// An edge names a node that the node table does not list.
    case unknownNode
    /// A node table lists the same id twice.
    case duplicateNode
    /// A side value is empty or there are too many sides.
    case invalidSide
    /// Anything else (an unterminated quote, a line too long…).
    case malformed
  }

  /// The class of problem.
  public var kind: Kind
  /// The path as given by the caller.
  public var file: String
  /// 1-based line number, or 0 for a problem with the whole file.
  public var line: Int
  /// The column (CSV header name) concerned, if any.
  public var column: String?
  /// What the reader expected, as a noun phrase ("a non-negative integer node id").
  public var expected: String
  /// What it found instead, as read (escaped and cut when shown).
  public var found: String

  public init(
    _ kind: Kind, file: String, line: Int, column: String? = nil, expected: String, found: String
  ) {
    self.kind = kind
    self.file = file
    self.line = line
    self.column = column
    self.expected = expected
    self.found = found
  }

  /// `FILE:LINE: column 'C': expected …, found '…'`, with the value's invisible characters
  /// escaped and a long value cut (``MessageText``); a file that cannot be read says why in words.
  public var description: String {
    let location = line > 0 ? "\(MessageText.escaped(file)):\(line)" : MessageText.escaped(file)
    let columnPart = column.map { "column '\(MessageText.shown($0))': " } ?? ""
    let shown = kind == .fileNotFound ? found : "'\(MessageText.shown(found))'"
    return "\(location): \(columnPart)expected \(expected), found \(shown)"
  }
}

extension GraphInputError {
  /// The text of a byte range for messages (invalid UTF-8 is repaired; cut when shown).
  static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
  }

  /// The error for a node id token that ``ByteParsing/parseID(_:)`` refused with `code`.
  static func nodeID(
    _ code: Int64, _ token: UnsafeBufferPointer<UInt8>, file: String, line: Int, column: String? = nil
  ) -> GraphInputError {
    switch code {
    case ByteParsing.negative:
      return GraphInputError(
        .negativeID, file: file, line: line, column: column, expected: "a non-negative integer node id",
        found: text(token))
    case ByteParsing.tooLarge:
      return GraphInputError(
        .invalidID, file: file, line: line, column: column, expected: "a node id at most \(Int64.max)",
        found: text(token))
    default:
      return GraphInputError(
        .invalidID, file: file, line: line, column: column, expected: "a non-negative integer node id",
        found: text(token))
    }
  }
}
