import Foundation
import XCTest

/// `boca compare` as a user runs it.
final class CompareCLITests: CLITestCase {
  /// The employee-advocacy example: the table on stdout and comparison.csv in --out both carry
  /// the paired and unpaired differences and the significance column.
  func testCompareEmployeeAdvocacyPrintsAndWritesPairedDifferences() throws {
    let out = scratch.appendingPathComponent("cmp")
    let r = try boca([
      "compare", "scenarios/employee-advocacy-vs-corporate-ads.yaml", "--out", out.path, "--quiet", "--threads", "2",
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("diff_paired_ci_low"), r.stdout)
    XCTAssertTrue(r.stdout.contains("ranked by mean adopters"), r.stdout)
    XCTAssertTrue(r.stdout.contains("employee-advocacy vs baseline"), r.stdout)
    let csv = try String(contentsOf: out.appendingPathComponent("comparison.csv"), encoding: .utf8)
    let header = csv.split(separator: "\n")[0]
    for c in [
      "diff_paired_ci_low", "diff_unpaired_ci_low", "significant", "cost_mean", "time_10_mean", "peak_agitators_mean",
    ] {
      XCTAssertTrue(header.contains(c), "\(c) in \(header)")
    }
    XCTAssertEqual(csv.split(separator: "\n").count, 4)  // header + 3 arms
  }

  /// An unknown seeding policy stops the run before anything is built, naming file, line and key.
  func testCompareRejectsAnUnknownPolicyAtItsKey() throws {
    let path = try write(
      """
      name: bad
      replicates: 3
      graph:
        sides: {a: {count: 20}}
        layers: {l: {generate: {er: {p: 0.1}}}}
      model: {name: ic, p: 0.1}
      arms:
        x: [{seed: {policy: pagerankk, k: 2}}]
      """, "bad.yaml")
    let r = try boca(["compare", path, "--out", scratch.appendingPathComponent("o").path, "--quiet"])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertTrue(r.stderr.contains("bad.yaml:8:"), r.stderr)
    XCTAssertTrue(r.stderr.contains("arms.x[0].seed.policy"), r.stderr)
  }
}
