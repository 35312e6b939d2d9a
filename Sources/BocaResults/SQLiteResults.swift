import Foundation
import GRDB

/// The run's tables in one embedded SQLite database (`results.sqlite`), the same rows as the CSV
/// files. Written to a temporary file and renamed when complete, like the CSV tables.
public final class SQLiteResults {
  private let queue: DatabaseQueue
  private let url: URL
  private let partialURL: URL
  private var finished = false

  /// Creates `directory/results.sqlite.partial`.
  public init(directory: URL, fileName: String = "results.sqlite") throws {
    url = directory.appendingPathComponent(fileName)
    partialURL = directory.appendingPathComponent(fileName + ".partial")
    try? FileManager.default.removeItem(at: partialURL)
    do {
      queue = try DatabaseQueue(path: partialURL.path)
    } catch {
      throw ResultsError.database("cannot create \(partialURL.path): \(error)")
    }
  }

  /// A database dropped without ``finish()`` (a write failed, a disk filled) is removed with
  /// its journal, so that no `.partial` file is left behind.
  deinit {
    guard !finished else { return }
    try? queue.close()
    for suffix in ["", "-journal", "-wal", "-shm"] { unlink(partialURL.path + suffix) }
  }

  /// Creates the table (dropping an older one of the same name) and inserts `rows` in one
  /// transaction.
  public func write(_ schema: TableSchema, rows: [[TableValue]]) throws {
    let columns = zip(schema.columns, schema.types).map { "\"\($0)\" \($1.rawValue)" }.joined(separator: ", ")
    let placeholders = Array(repeating: "?", count: schema.columns.count).joined(separator: ", ")
    do {
      try queue.write { db in
        try db.execute(sql: "DROP TABLE IF EXISTS \"\(schema.name)\"")
        try db.execute(sql: "CREATE TABLE \"\(schema.name)\" (\(columns))")
        let statement = try db.makeStatement(sql: "INSERT INTO \"\(schema.name)\" VALUES (\(placeholders))")
        for row in rows {
          try statement.execute(arguments: StatementArguments(row.map(\.databaseValue)))
        }
      }
    } catch {
      throw ResultsError.database("writing table \(schema.name): \(error)")
    }
  }

  /// Creates the table `schema.name` (dropping an older one), for rows added with ``insert(_:rows:)``.
  public func create(_ schema: TableSchema) throws {
    let columns = zip(schema.columns, schema.types).map { "\"\($0)\" \($1.rawValue)" }.joined(separator: ", ")
    do {
      try queue.write { db in
        try db.execute(sql: "DROP TABLE IF EXISTS \"\(schema.name)\"")
        try db.execute(sql: "CREATE TABLE \"\(schema.name)\" (\(columns))")
      }
    } catch {
      throw ResultsError.database("creating table \(schema.name): \(error)")
    }
  }

  /// Appends `rows` to a table made by ``create(_:)``, in one transaction.
  public func insert(_ schema: TableSchema, rows: [[TableValue]]) throws {
    guard !rows.isEmpty else { return }
    let placeholders = Array(repeating: "?", count: schema.columns.count).joined(separator: ", ")
    do {
      try queue.write { db in
        let statement = try db.makeStatement(sql: "INSERT INTO \"\(schema.name)\" VALUES (\(placeholders))")
        for row in rows { try statement.execute(arguments: StatementArguments(row.map(\.databaseValue))) }
      }
    } catch {
      throw ResultsError.database("writing table \(schema.name): \(error)")
    }
  }

  /// Closes the database and renames it into place.
  public func finish() throws {
    do {
      try queue.close()
    } catch {
      throw ResultsError.database("closing: \(error)")
    }
    try AtomicFile.moveIntoPlace(from: partialURL, to: url)
    finished = true
  }
}

extension TableValue {
  var databaseValue: DatabaseValue {
    switch self {
    case .int(let v): return v.databaseValue
    case .double(let v): return v.databaseValue
    case .text(let s): return s.databaseValue
    case .null: return .null
    }
  }
}
