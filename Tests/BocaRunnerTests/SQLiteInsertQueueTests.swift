import BocaResults
import Foundation
import XCTest

@testable import BocaRunner

/// `results.sqlite` holds the same bytes whether its rows are inserted inline (one thread) or on a
/// background thread beside the CSV writing (two threads or more).
final class SQLiteInsertQueueTests: XCTestCase {
  func testBackgroundInsertsWriteTheSameDatabaseAsInlineInserts() throws {
    var rng = SystemRandomNumberGenerator()
    let schema = TableSchema(name: "t", columns: [("i", .integer), ("x", .real), ("s", .text)])
    for _ in 0..<20 {
      let batches = (0..<Int.random(in: 1...12, using: &rng)).map { _ in
        (0..<Int.random(in: 0...300, using: &rng)).map { _ -> [TableValue] in
          [
            .int(Int.random(in: -1000...1000, using: &rng)), .double(Double.random(in: -1...1, using: &rng)),
            .text(String(Int.random(in: 0...99, using: &rng))),
          ]
        }
      }
      var files: [Data] = []
      for background in [false, true] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("boca-sqlq-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try SQLiteResults(directory: dir)
        try db.create(schema)
        let queue = SQLiteInsertQueue(db, background: background, maxPending: Int.random(in: 1...4, using: &rng))
        for batch in batches { try queue.insert(schema, rows: batch) }
        try queue.finish()
        files.append(try Data(contentsOf: dir.appendingPathComponent("results.sqlite")))
      }
      XCTAssertEqual(files[0], files[1])
    }
  }
}
