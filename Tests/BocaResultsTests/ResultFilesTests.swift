import Foundation
import XCTest

@testable import BocaResults

/// The files of a run: CSV tables written atomically, the manifest, and write errors that name
/// the file.
final class ResultFilesTests: XCTestCase {
  var scratch: URL!

  override func setUpWithError() throws {
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent("boca-results-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

  func files() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() }

  func testATableIsInPlaceOnlyAfterFinishAndReadsBackRowForRow() throws {
    let schema = TableSchema(name: "runs", columns: [("point", .integer), ("spread", .real), ("arm", .text)])
    let rows: [[TableValue]] = (0..<50).map { i in
      [.int(i), i % 7 == 0 ? .null : .double(Double(i) / 3), .text(i % 5 == 0 ? "a, \"b\"" : "arm\(i % 3)")]
    }
    let writer = try CSVTableWriter(schema: schema, directory: scratch)
    for row in rows { try writer.write(row) }
    XCTAssertEqual(try files(), ["runs.csv.partial"], "nothing that looks complete before finish()")
    try writer.finish()
    try writer.finish()  // idempotent
    XCTAssertEqual(try files(), ["runs.csv"])
    XCTAssertEqual(writer.rowCount, rows.count)
    let lines = try String(contentsOf: writer.url, encoding: .utf8).split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.first, "point,spread,arm")
    XCTAssertEqual(lines.count, rows.count + 1)
    for (line, row) in zip(lines.dropFirst(), rows) {
      let read = zip(CSVRecord.fields(line), schema.types).map { CSVRecord.value($0, as: $1) }
      XCTAssertEqual(read, row, line)
    }
  }

  func testAWriterDroppedBeforeFinishLeavesNoFile() throws {
    do {
      let writer = try CSVTableWriter(
        schema: TableSchema(name: "summary", columns: [("n", .integer)]), directory: scratch)
      try writer.write([.int(1)])
    }
    XCTAssertEqual(try files(), [])
  }

  func testManifestRoundTripsWithSnakeCaseKeys() throws {
    var manifest = Manifest(
      toolVersion: "1.2.3", gitCommit: nil, scenarioName: "q", scenarioFile: "q.yaml", scenarioHash: "abc",
      rng: "taus2", rootSeed: UInt64.max, seedRule: "rule", seedCollisionsResolved: 2, graphChecksum: "ff",
      nodes: 10, edges: 20, layers: ["a", "b"], sides: ["x"], model: "ic", replicates: 100, threads: 3,
      startedAt: Manifest.timestamp(Date(timeIntervalSince1970: 0)), commandLine: ["boca", "run", "q.yaml"])
    manifest.points = 4
    manifest.shard = "1/2"
    manifest.campaignColumns = true
    let url = scratch.appendingPathComponent("manifest.json")
    try manifest.write(to: url)
    let text = try String(contentsOf: url, encoding: .utf8)
    for key in ["\"graph_checksum\"", "\"root_seed\"", "\"seed_rule\"", "\"command_line\"", "\"campaign_columns\""] {
      XCTAssertTrue(text.contains(key), key)
    }
    XCTAssertEqual(manifest.startedAt, "1970-01-01T00:00:00Z")
    let read = try Manifest.read(from: url)
    XCTAssertEqual(read.rootSeed, UInt64.max)
    XCTAssertEqual(read.layers, ["a", "b"])
    XCTAssertEqual(read.points, 4)
    XCTAssertEqual(read.shard, "1/2")
    XCTAssertEqual(read.campaignColumns, true)
    XCTAssertNil(read.gitCommit)
    XCTAssertNil(read.finishedAt)
    XCTAssertEqual(read.commandLine, manifest.commandLine)
    // Writing what was read gives the same bytes (sorted keys).
    let again = scratch.appendingPathComponent("again.json")
    try read.write(to: again)
    XCTAssertEqual(try Data(contentsOf: again), try Data(contentsOf: url))
  }

  func testAnAtomicWriteThatCannotCreateItsFolderNamesTheFolderAndWhy() throws {
    let blocker = scratch.appendingPathComponent("file")
    try Data("x".utf8).write(to: blocker)
    let target = blocker.appendingPathComponent("sub/out.csv")
    XCTAssertThrowsError(try AtomicFile.write(Data("a\n".utf8), to: target)) { error in
      guard let error = error as? FileSystemError else { return XCTFail("expected a FileSystemError, found \(error)") }
      XCTAssertEqual(error.operation, .createFolder)
      XCTAssertEqual(error.path, target.deletingLastPathComponent().path)
      XCTAssertEqual(error.reason, .notAFolder)
    }
    XCTAssertEqual(try files(), ["file"], "no temporary file left")
  }

  func testAnAtomicWriteReplacesTheFileWhole() throws {
    let url = scratch.appendingPathComponent("t.csv")
    try AtomicFile.write(Data("old,old\n".utf8), to: url)
    try AtomicFile.write(Data("new\n".utf8), to: url)
    XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "new\n")
    XCTAssertEqual(try files(), ["t.csv"])
  }
}
