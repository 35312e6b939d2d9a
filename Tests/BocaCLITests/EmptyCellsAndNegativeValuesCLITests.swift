import Foundation
import XCTest

/// Small things of issue 11, defect 9: negative numbers on the command line are values, and a
/// value that does not exist (the sd of one replicate, the mean of an empty column) is an
/// empty cell, never `nan` or `NaN`.
final class EmptyCellsAndNegativeValuesCLITests: CLITestCase {
  func edges() throws -> String {
    let path = scratch.appendingPathComponent("g.edges").path
    let r = try boca(["graph", "generate", "--gen", "ba:300:2", "--seed", "1", "--out", path])
    XCTAssertEqual(r.status, 0, r.stderr)
    return path
  }

  /// Negative numbers are values, refused with the range they are outside (main read `-0.1`
  /// as a flag and said "Missing value for '--p <p>'").
  func testNegativeNumbersAreReadAsValuesAndRefusedByRange() throws {
    let g = try edges()
    let simulate = try boca([
      "simulate", "--model", "ic", "--edges", g, "--p", "-0.1", "--seed-nodes", "0", "--replicates", "10",
    ])
    XCTAssertNotEqual(simulate.status, 0)
    XCTAssertTrue(simulate.stderr.contains("-0.1"), simulate.stderr)
    XCTAssertFalse(simulate.stderr.contains("Missing value"), simulate.stderr)
    let seeds = try boca(["seeds", "--policy", "imm", "--k", "-3", "--edges", g, "--p", "0.1"])
    XCTAssertNotEqual(seeds.status, 0)
    XCTAssertTrue(seeds.stderr.contains("-3"), seeds.stderr)
    XCTAssertFalse(seeds.stderr.contains("Missing value"), seeds.stderr)
  }

  /// One replicate has no standard deviation: the cell is empty, never `nan` or `NaN`, in
  /// simulate's row and in summary.csv.
  func testOneReplicateLeavesTheStandardDeviationEmpty() throws {
    let g = try edges()
    let r = try boca([
      "simulate", "--model", "ic", "--edges", g, "--p", "0.1", "--seed-nodes", "0", "--replicates", "1",
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    let row = simulateRow(r.stdout)
    XCTAssertEqual(row["std_spread"], "", r.stdout)
    XCTAssertEqual(row["sem_spread"], "", r.stdout)
    XCTAssertFalse(r.stdout.lowercased().contains("nan"), r.stdout)

    let scenario = try write(
      """
      name: one
      replicates: 1
      graph: {load: {edges: \(g)}}
      model: {name: ic, p: 0.1}
      """, "one.yaml")
    let dir = scratch.appendingPathComponent("one")
    let run = try boca(["run", scenario, "--out", dir.path, "--quiet"])
    XCTAssertEqual(run.status, 0, run.stderr)
    let summary = try String(contentsOf: dir.appendingPathComponent("summary.csv"), encoding: .utf8)
    XCTAssertFalse(summary.lowercased().contains("nan"), summary)
    let lines = summary.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let sd = try XCTUnwrap(lines[0].firstIndex(of: "spread_sd"))
    XCTAssertEqual(lines[1][sd], "", summary)
  }

  /// A column that is empty in runs.csv (peak_agitators of a model without agitators) has
  /// empty summary cells, not NaN.
  func testEmptyRunsColumnsGiveEmptySummaryCells() throws {
    let g = try edges()
    let scenario = try write(
      """
      name: cmp
      replicates: 20
      graph: {load: {edges: \(g)}}
      model: {name: ic, p: 0.1}
      arms: {a: {}, b: {}}
      """, "cmp.yaml")
    let dir = scratch.appendingPathComponent("cmp")
    let r = try boca(["compare", scenario, "--out", dir.path, "--quiet"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let runs = try String(contentsOf: dir.appendingPathComponent("runs.csv"), encoding: .utf8)
    XCTAssertTrue(runs.split(separator: "\n")[0].contains("peak_agitators"), runs)
    let summary = try String(contentsOf: dir.appendingPathComponent("summary.csv"), encoding: .utf8)
    XCTAssertTrue(summary.split(separator: "\n")[0].contains("peak_agitators_mean"), summary)
    XCTAssertFalse(summary.lowercased().contains("nan"), summary)
  }
}
