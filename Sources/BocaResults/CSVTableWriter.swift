import Foundation

/// Streams one result table to a CSV file, atomically: rows go to `NAME.csv.partial` in the
/// same directory, and ``finish()`` renames it to `NAME.csv` once complete. A run interrupted
/// before that leaves no file that looks complete.
public final class CSVTableWriter {
  /// The table written.
  public let schema: TableSchema
  /// The final path.
  public let url: URL
  private let partialURL: URL
  private let handle: FileHandle
  private var buffer: [UInt8] = []
  private var finished = false
  /// Rows written so far.
  public private(set) var rowCount = 0

  /// Opens `directory/NAME.csv.partial` and writes the header.
  public init(schema: TableSchema, directory: URL) throws {
    self.schema = schema
    url = directory.appendingPathComponent("\(schema.name).csv")
    partialURL = directory.appendingPathComponent("\(schema.name).csv.partial")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: partialURL.path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: partialURL.path) else {
      throw ResultsError.cannotWrite(partialURL.path)
    }
    self.handle = handle
    buffer.reserveCapacity(1 << 16)
    append(line: schema.columns.joined(separator: ","))
  }

  deinit {
    if !finished { try? handle.close() }
  }

  /// Appends one row; its cell count must match the schema.
  public func write(_ row: [TableValue]) throws {
    precondition(row.count == schema.columns.count, "row of \(row.count) cells for \(schema.columns.count) columns")
    append(line: row.map(\.csvField).joined(separator: ","))
    rowCount += 1
    if buffer.count >= 1 << 16 { try flush() }
  }

  private func append(line: String) {
    buffer.append(contentsOf: line.utf8)
    buffer.append(UInt8(ascii: "\n"))
  }

  private func flush() throws {
    guard !buffer.isEmpty else { return }
    try handle.write(contentsOf: buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  /// Flushes, syncs and renames the file into place. Idempotent.
  public func finish() throws {
    guard !finished else { return }
    try flush()
    try handle.synchronize()
    try handle.close()
    finished = true
    try AtomicFile.moveIntoPlace(from: partialURL, to: url)
  }
}

/// Writing files so that a reader never sees half of one.
public enum AtomicFile {
  /// Writes `data` to `url` through a temporary file in the same directory and a rename.
  public static func write(_ data: Data, to url: URL) throws {
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: temporary)
    try moveIntoPlace(from: temporary, to: url)
  }

  /// Renames `from` onto `to` (replacing it): atomic within one file system (rename(2)).
  public static func moveIntoPlace(from: URL, to: URL) throws {
    if rename(from.path, to.path) != 0 {
      throw ResultsError.cannotWrite("\(to.path) (rename failed: \(String(cString: strerror(errno))))")
    }
  }
}

/// Failures while writing results.
public enum ResultsError: Error, CustomStringConvertible, Sendable {
  case cannotWrite(String)
  case database(String)

  public var description: String {
    switch self {
    case .cannotWrite(let path): return "cannot write \(path)"
    case .database(let message): return "SQLite: \(message)"
    }
  }
}
