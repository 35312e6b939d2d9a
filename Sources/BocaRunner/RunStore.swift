import BocaResults
import Foundation

/// The files of one run directory, and the rules that make a run resumable.
///
/// Layout: `scenario.yaml` (a copy of the scenario, byte for byte), `manifest.json`, and
/// `parts/NNNNNN.runs.part` (plus `NNNNNN.timeseries.part`) for every completed point: the
/// point's rows for every arm and replicate, with a header line. A point's parts are written
/// under temporary names and renamed into place, time series first, runs last: a point is
/// complete exactly when its runs part exists. The tables (`runs.csv`, `summary.csv`…) are
/// assembled from the parts in point order, so they do not depend on the order points ran in,
/// on threads, on shards, or on interruptions.
public struct RunStore: Sendable {
  public let directory: URL

  public init(directory: URL) { self.directory = directory }

  public static let scenarioFileName = "scenario.yaml"
  public var partsDirectory: URL { directory.appendingPathComponent("parts") }
  public var manifestURL: URL { directory.appendingPathComponent("manifest.json") }
  public var scenarioURL: URL { directory.appendingPathComponent(Self.scenarioFileName) }

  /// The part of `table` (`runs`, `timeseries`) for `point`.
  public func part(point: Int, table: String) -> URL {
    partsDirectory.appendingPathComponent(String(format: "%06d.%@.part", point, table))
  }

  /// Whether `point` has been completed.
  public func isComplete(point: Int) -> Bool {
    FileManager.default.fileExists(atPath: part(point: point, table: "runs").path)
  }

  /// The completed points, ascending.
  public func completedPoints() -> [Int] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: partsDirectory.path)) ?? []
    return names.compactMap { name -> Int? in
      guard name.hasSuffix(".runs.part") else { return nil }
      return Int(name.prefix(while: { $0.isNumber }))
    }.sorted()
  }

  /// Creates the directories and removes temporary files left by an interrupted run.
  public func prepare() throws {
    try FileSystemError.createFolder(partsDirectory)
    for name in (try? FileManager.default.contentsOfDirectory(atPath: partsDirectory.path)) ?? []
    where name.hasSuffix(".tmp") {
      try? FileManager.default.removeItem(at: partsDirectory.appendingPathComponent(name))
    }
  }

  /// A temporary file in the parts folder.
  public func temporary(_ name: String) -> URL { partsDirectory.appendingPathComponent(name + ".tmp") }

  /// Concatenates `pieces` (in order) into `destination` through a temporary file, synced and
  /// renamed into place; removes the pieces.
  public func commit(_ pieces: [URL], header: String, to destination: URL) throws {
    let temporary = destination.appendingPathExtension("tmp")
    do {
      let out = try CheckedFile(path: temporary.path)
      try out.appendLine(header)
      for piece in pieces {
        if let data = FileManager.default.contents(atPath: piece.path) { try out.append(bytes: [UInt8](data)) }
      }
      try out.close(synchronize: true)
      try AtomicFile.moveIntoPlace(from: temporary, to: destination)
    } catch {
      unlink(temporary.path)
      throw error
    }
    for piece in pieces { try? FileManager.default.removeItem(at: piece) }
  }

  /// The lines of a part: its header and its rows.
  public func read(_ url: URL) throws -> (header: String, rows: [Substring]) {
    let text = try String(contentsOf: url, encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
    guard !lines.isEmpty else { return ("", []) }
    let header = String(lines.removeFirst())
    return (header, lines)
  }
}

/// Lines appended to a file through a buffer, every write checked (see ``CheckedFile``).
final class LineFile {
  private let file: CheckedFile

  init(_ url: URL) throws { file = try CheckedFile(path: url.path) }

  func append(_ line: String) throws { try file.appendLine(line) }

  func flush() throws { try file.flush() }

  func close() throws { try file.close() }
}
