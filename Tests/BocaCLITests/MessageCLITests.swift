import Foundation
import XCTest

/// File-system errors reach the user in plain words naming the path, never as a Foundation
/// `NSCocoaErrorDomain Code=…` dump (issue 11, item 8).
final class MessageCLITests: CLITestCase {
  func testFileSystemErrorsAreInPlainWords() throws {
    let scenario = Self.root.appendingPathComponent("scenarios/quickstart.yaml").path
    let notAFolder = try write("x", "plain-file")
    let cases: [([String], String)] = [
      (["run", scenario, "--out", "/dev/null/run"], "/dev/null/run"),
      (["run", scenario, "--out", notAFolder + "/run"], notAFolder),
      (["run", "--resume", scratch.path], scratch.path),
      (["validate", scratch.appendingPathComponent("none.yaml").path], "none.yaml"),
      (["validate", scratch.path], scratch.path),
    ]
    for (arguments, path) in cases {
      let r = try boca(arguments)
      XCTAssertNotEqual(r.status, 0, "\(arguments)")
      XCTAssertLessThan(r.status, 128, "\(arguments)")
      XCTAssertFalse(r.stderr.contains("Domain"), "\(arguments): \(r.stderr)")
      XCTAssertFalse(r.stderr.contains("Code="), "\(arguments): \(r.stderr)")
      XCTAssertTrue(r.stderr.contains(path), "\(arguments): \(r.stderr)")
    }
  }
}
