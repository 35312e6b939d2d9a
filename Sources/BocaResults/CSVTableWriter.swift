import Foundation

/// Streams one result table to a CSV file, atomically: rows go to `NAME.csv.partial` in the
/// same directory, and ``finish()`` renames it to `NAME.csv` once complete. A run interrupted
/// before that leaves no file that looks complete, and a writer dropped without ``finish()``
/// (a write failed, a disk filled) removes its `.partial` file.
public final class CSVTableWriter {
  /// The table written.
  public let schema: TableSchema
  /// The final path.
  public let url: URL
  private let partialURL: URL
  private let file: CheckedFile
  private var finished = false
  /// Rows written so far.
  public private(set) var rowCount = 0

  /// Opens `directory/NAME.csv.partial` and writes the header.
  public init(schema: TableSchema, directory: URL) throws {
    self.schema = schema
    url = directory.appendingPathComponent("\(schema.name).csv")
    partialURL = directory.appendingPathComponent("\(schema.name).csv.partial")
    try FileSystemError.createFolder(directory)
    file = try CheckedFile(path: partialURL.path)
    try file.appendLine(schema.columns.joined(separator: ","))
  }

  deinit {
    if !finished {
      try? file.close()
      unlink(partialURL.path)
    }
  }

  /// Appends one row; its cell count must match the schema.
  public func write(_ row: [TableValue]) throws {
    precondition(row.count == schema.columns.count, "row of \(row.count) cells for \(schema.columns.count) columns")
    try file.appendLine(row.map(\.csvField).joined(separator: ","))
    rowCount += 1
  }

  /// Flushes, syncs and renames the file into place. Idempotent.
  public func finish() throws {
    guard !finished else { return }
    try file.close(synchronize: true)
    try AtomicFile.moveIntoPlace(from: partialURL, to: url)
    finished = true
  }
}

/// Writing files so that a reader never sees half of one.
public enum AtomicFile {
  /// Writes `data` to `url` through a temporary file in the same directory and a rename.
  ///
  /// A special file (a device such as `/dev/full`, a named pipe) is written in place instead:
  /// renaming over it would replace the device. On failure the temporary file is removed.
  ///
  /// - Throws: ``FileSystemError`` when `url`'s folder cannot be created, ``WriteError`` naming
  ///   `url`'s path when the file cannot be written.
  public static func write(_ data: Data, to url: URL) throws {
    if CheckedWrite.isSpecialFile(url.path) { return try CheckedWrite.intoSpecialFile(data, path: url.path) }
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
    try FileSystemError.createFolder(url.deletingLastPathComponent())
    do {
      let file = try CheckedFile(path: temporary.path)
      try file.append(bytes: [UInt8](data))
      try file.close(synchronize: true)
      try moveIntoPlace(from: temporary, to: url)
    } catch var error as WriteError {
      unlink(temporary.path)
      error.target = url.path
      throw error
    }
  }

  /// Renames `from` onto `to` (replacing it): atomic within one file system (rename(2)).
  public static func moveIntoPlace(from: URL, to: URL) throws {
    if rename(from.path, to.path) != 0 {
      throw WriteError(
        target: to.path, reason: "renaming \(from.lastPathComponent) failed: \(String(cString: strerror(errno)))")
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
