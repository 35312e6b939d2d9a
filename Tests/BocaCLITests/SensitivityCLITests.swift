import Foundation
import XCTest

/// `boca design` and `boca analyze`: the standalone path and the run-directory path, and their
/// errors naming the option, or the file, line and column.
final class SensitivityCLITests: CLITestCase {
  func testDesignAnalyzeRoundTripAndErrors() throws {
    let design = scratch.appendingPathComponent("d.csv").path
    let d = try boca([
      "design", "morris", "--param", "a=-1:1", "--param", "b=0:3", "--trajectories", "6", "--out", design,
    ])
    XCTAssertEqual(d.status, 0, d.stderr)
    var lines = try String(contentsOfFile: design, encoding: .utf8).split(separator: "\n").map(String.init)
    XCTAssertEqual(lines[0], "row,trajectory,step,changed,unit_step,a,b")
    XCTAssertEqual(lines.count, 1 + 6 * 3)
    lines[0] += ",y"
    for i in 1..<lines.count {
      let f = lines[i].split(separator: ",", omittingEmptySubsequences: false)
      lines[i] += "," + String(3 * Double(f[5])!)
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: design, atomically: true, encoding: .utf8)
    let a = try boca(["analyze", "morris", design, "--output", "y", "--out", scratch.path])
    XCTAssertEqual(a.status, 0, a.stderr)
    let table = try String(contentsOf: scratch.appendingPathComponent("sensitivity.csv"), encoding: .utf8)
    XCTAssertTrue(table.hasPrefix("output,parameter,mu_star,mu_star_ci_low,mu_star_ci_high,mu,sigma"), table)
    XCTAssertTrue(table.contains("\ny,a,6.0,"), table)  // |3| × range 2

    let bad = try boca(["design", "sobol", "--param", "a=1:0", "--n", "8", "--out", design])
    XCTAssertNotEqual(bad.status, 0)
    XCTAssertTrue(bad.stderr.contains("--param 'a=1:0'"), bad.stderr)
    let noN = try boca(["design", "sobol", "--param", "a=0:1", "--out", design])
    XCTAssertTrue(noN.stderr.contains("--n"), noN.stderr)
    let missing = try boca(["analyze", "morris", design, "--output", "z"])
    XCTAssertNotEqual(missing.status, 0)
    XCTAssertTrue(missing.stderr.contains("d.csv:1: no column 'z'"), missing.stderr)
    let notRun = try boca(["analyze", scratch.path])
    XCTAssertNotEqual(notRun.status, 0)
    XCTAssertTrue(notRun.stderr.contains("not a run directory"), notRun.stderr)
  }
}
