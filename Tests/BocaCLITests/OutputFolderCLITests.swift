import Foundation
import XCTest

/// An output folder that cannot be made is refused in plain words — which folder, and why —
/// never with a `NSCocoaErrorDomain Code=…` dump (issue 15, item 5).
final class OutputFolderCLITests: CLITestCase {
  func testAnOutputFolderBelowAFileIsRefusedInWords() throws {
    let file = scratch.appendingPathComponent("file")
    try Data("x".utf8).write(to: file)
    let scenario = Self.root.appendingPathComponent("scenarios/quickstart.yaml").path
    let commands = [
      ["run", scenario, "--out", file.appendingPathComponent("run").path, "--quiet"],
      ["run", scenario, "--out", file.appendingPathComponent("a/b").path, "--quiet"],
    ]
    for arguments in commands {
      let r = try boca(arguments)
      XCTAssertNotEqual(r.status, 0, "\(arguments)")
      XCTAssertTrue(r.stderr.contains("cannot create folder \(file.path)/"), r.stderr)
      XCTAssertTrue(r.stderr.contains("a path through something that is not a folder"), r.stderr)
      XCTAssertFalse(r.stderr.contains("NSCocoaErrorDomain") || r.stderr.contains("Code="), r.stderr)
    }
  }
}
