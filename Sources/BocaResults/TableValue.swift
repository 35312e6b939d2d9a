import Foundation

/// One cell of a result table.
public enum TableValue: Sendable, Equatable, CustomStringConvertible {
  case int(Int)
  case double(Double)
  case text(String)
  case null

  /// The cell as written in CSV: integers in decimal, doubles in Swift's shortest round-trip
  /// form (so a value reads back bit-identical), text quoted when it needs to be (RFC 4180),
  /// null as an empty field. NaN — a value that does not exist, such as the mean of a column
  /// that is empty in runs.csv or the sd of one replicate — is an empty field too.
  public var csvField: String {
    switch self {
    case .int(let v): return String(v)
    case .double(let v):
      if v.isNaN { return "" }
      if v.isInfinite { return v > 0 ? "Inf" : "-Inf" }
      return v.description
    case .text(let s):
      if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      }
      return s
    case .null: return ""
    }
  }

  public var description: String { csvField }
}

/// A column's declared type, used for the SQLite schema.
public enum ColumnType: String, Sendable {
  case integer = "INTEGER"
  case real = "REAL"
  case text = "TEXT"
}

/// A result table's name and columns.
public struct TableSchema: Sendable, Equatable {
  public let name: String
  public let columns: [String]
  public let types: [ColumnType]

  public init(name: String, columns: [(String, ColumnType)]) {
    self.name = name
    self.columns = columns.map(\.0)
    self.types = columns.map(\.1)
  }
}
