/// A node table read from CSV: one row per node, a `node` id column and attribute columns.
///
/// Format: a header line, then one row per node; blank lines are skipped; every row has as many
/// fields as the header. `node` (required) holds non-negative integer ids, each at most once.
/// Every other column is an attribute read as `Double`: a cell that is empty or not a finite
/// decimal number (`NA`, `yes`…) becomes NaN. The column named by `sideColumn` (if any) is also
/// read as text: each distinct value is a side, sides numbered in order of first appearance in
/// the file (so `group` values `1, 1, 2` give sides `["1", "2"]`); an empty side value is an
/// error. That column is kept as an attribute too.
public struct NodeTable: Sendable {
  /// The file read.
  public let path: String
  /// Node ids, in row order.
  public let ids: [Int64]
  /// Attribute column names, in file order (every column but `node`).
  public let attributeNames: [String]
  /// Attribute values per column, in row order (NaN where empty or not numeric).
  public let attributes: [[Double]]
  /// The column that gave the sides, if any.
  public let sideColumn: String?
  /// Side names in order of first appearance (empty without a side column).
  public let sideNames: [String]
  /// Each row's index into ``sideNames`` (empty without a side column).
  public let rowSides: [UInt16]
  /// Lines and bytes read.
  public let lineCount: Int
  public let byteCount: Int
  /// The 1-based line of each row, to name lines in later errors.
  let rowLines: [UInt32]

  /// Reads the node table at `path`, taking sides from `sideColumn` when given.
  ///
  /// - Throws: ``GraphInputError`` for a missing `node` or side column (line of the header), a
  ///   row with another number of fields, a non-numeric or negative id, an empty side value, an
  ///   empty table, a file that cannot be opened. Duplicate ids are found when the graph is
  ///   built (``NodeEdgeTableReader``).
  ///
  /// With `names` (string ids, see ``NodeEdgeTableReader``), the `node` cell is looked up there
  /// instead of parsed as an integer.
  public static func read(path: String, sideColumn: String? = nil, names idNames: [String: Int64]? = nil) throws
    -> NodeTable
  {
    var header: [String]? = nil
    var headerLine = 0
    var nodeColumn = -1
    var sideIndex = -1
    var attributeColumns: [Int] = []
    var ids: [Int64] = []
    var values: [[Double]] = []
    var rowLines: [UInt32] = []
    var sideNames: [String] = []
    var sideLookup: [String: UInt16] = [:]
    var rowSides: [UInt16] = []
    var knownSideBytes: [[UInt8]] = []
    var lastSide: UInt16 = 0
    var csv = CSVLine()
    let (lines, bytes) = try LineScanner.forEachLine(path: path) { line, lineNumber in
      if ByteParsing.trimmed(line).isEmpty { return }
      guard csv.split(line) else {
        throw GraphInputError(
          .malformed, file: path, line: lineNumber, expected: "a closing quote",
          found: GraphInputError.text(line))
      }
      guard let names = header else {
        let names = (0..<csv.count).map { csv.text($0, of: line) }
        try TableHeader.checkUnique(names, path: path, line: lineNumber)
        guard let n = names.firstIndex(of: "node") else {
          throw TableHeader.missing("node", names, path: path, line: lineNumber)
        }
        nodeColumn = n
        if let sideColumn {
          guard let s = names.firstIndex(of: sideColumn) else {
            throw TableHeader.missing(sideColumn, names, path: path, line: lineNumber)
          }
          sideIndex = s
        }
        attributeColumns = names.indices.filter { $0 != n }
        values = attributeColumns.map { _ in [] }
        header = names
        headerLine = lineNumber
        return
      }
      guard csv.count == names.count else {
        throw GraphInputError(
          .fieldCount, file: path, line: lineNumber, expected: "\(names.count) fields as in the header",
          found: "\(csv.count) fields: " + GraphInputError.text(line))
      }
      let idBytes = csv.bytes(nodeColumn, of: line)
      let id: Int64
      if let idNames {
        guard let code = idNames[csv.text(nodeColumn, of: line)] else {
          throw GraphInputError(
            .invalidID, file: path, line: lineNumber, column: "node", expected: "a node id (a name or an integer)",
            found: csv.text(nodeColumn, of: line))
        }
        id = code
      } else {
        id = ByteParsing.parseID(idBytes)
      }
      guard id >= 0 else {
        throw GraphInputError.nodeID(id, idBytes, file: path, line: lineNumber, column: "node")
      }
      ids.append(id)
      rowLines.append(UInt32(truncatingIfNeeded: lineNumber))
      for (k, column) in attributeColumns.enumerated() {
        values[k].append(ByteParsing.parseNumber(csv.bytes(column, of: line)) ?? .nan)
      }
      if sideIndex >= 0 {
        let sideBytes = csv.bytes(sideIndex, of: line)
        if !csv.isQuoted(sideIndex) {
          // The same side as the row before, or (with few sides) one already seen: no String.
          if !rowSides.isEmpty && sideBytes.elementsEqual(knownSideBytes[Int(lastSide)]) {
            rowSides.append(lastSide)
            return
          }
          if knownSideBytes.count <= 32,
            let known = knownSideBytes.firstIndex(where: { sideBytes.elementsEqual($0) })
          {
            lastSide = UInt16(known)
            rowSides.append(lastSide)
            return
          }
        }
        let name = csv.text(sideIndex, of: line)
        guard !name.isEmpty else {
          throw GraphInputError(
            .invalidSide, file: path, line: lineNumber, column: names[sideIndex], expected: "a side name",
            found: "")
        }
        let side: UInt16
        if let known = sideLookup[name] {
          side = known
        } else {
          guard sideNames.count < Int(UInt16.max) else {
            throw GraphInputError(
              .invalidSide, file: path, line: lineNumber, column: names[sideIndex],
              expected: "at most \(UInt16.max) sides", found: name)
          }
          side = UInt16(sideNames.count)
          sideLookup[name] = side
          sideNames.append(name)
          knownSideBytes.append(Array(name.utf8))
        }
        rowSides.append(side)
        lastSide = side
      }
    }
    guard let names = header, !ids.isEmpty else {
      throw GraphInputError(
        .emptyFile, file: path, line: max(1, header == nil ? lines : headerLine),
        expected: header == nil ? "a header line with a 'node' column" : "at least one node row",
        found: bytes == 0 ? "an empty file" : "no rows")
    }
    return NodeTable(
      path: path, ids: ids, attributeNames: attributeColumns.map { names[$0] }, attributes: values,
      sideColumn: sideColumn, sideNames: sideNames, rowSides: rowSides, lineCount: lines, byteCount: bytes,
      rowLines: rowLines)
  }
}

/// Header checks shared by the table readers.
enum TableHeader {
  /// The error for a required column absent from the header.
  static func missing(_ column: String, _ names: [String], path: String, line: Int) -> GraphInputError {
    GraphInputError(
      .missingColumn, file: path, line: line, column: column, expected: "a header column named '\(column)'",
      found: names.joined(separator: ","))
  }

  /// Throws when a header has an empty or repeated column name.
  static func checkUnique(_ names: [String], path: String, line: Int) throws {
    var seen = Set<String>()
    for name in names {
      guard !name.isEmpty, seen.insert(name).inserted else {
        throw GraphInputError(
          .malformed, file: path, line: line, column: name.isEmpty ? nil : name,
          expected: "distinct non-empty column names", found: names.joined(separator: ","))
      }
    }
  }
}
