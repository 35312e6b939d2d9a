import Foundation
import XCTest

final class CLITests: CLITestCase {
  func testSimulatePrintsTheContractColumns() throws {
    let r = try boca([
      "simulate", "--model", "ic", "--edges", Self.fixtures.appendingPathComponent("peers/ba_10000_3_seed1.edges").path,
      "--p", "0.1", "--seed-nodes", "2040,2271,3165", "--replicates", "200", "--rng-seed", "7",
      "--spreads", scratch.appendingPathComponent("s.csv").path,
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    let row = simulateRow(r.stdout)
    for column in ["model", "replicates", "mean_spread", "std_spread", "sem_spread", "seconds", "load_seconds"] {
      XCTAssertNotNil(row[column], "missing \(column) in \(r.stdout)")
    }
    XCTAssertEqual(row["model"], "ic")
    XCTAssertEqual(row["replicates"], "200")
    let spreads = try String(contentsOf: scratch.appendingPathComponent("s.csv"), encoding: .utf8).split(
      separator: "\n")
    XCTAssertEqual(spreads.count, 201)
    let values = spreads.dropFirst().map { Double($0.split(separator: ",")[2])! }
    XCTAssertEqual(
      values.reduce(0, +) / 200, Double(row["mean_spread"]!)!, accuracy: 1e-3 * Double(row["mean_spread"]!)!)
  }

  func testSimulateIsTheSameForAnyThreadCount() throws {
    let edges = Self.fixtures.appendingPathComponent("peers/ba_10000_3_seed1.edges").path
    func spreads(_ threads: String) throws -> String {
      let file = scratch.appendingPathComponent("s\(threads).csv").path
      let r = try boca([
        "simulate", "--model", "ic", "--edges", edges, "--p", "0.1", "--seed-nodes", "2040", "--replicates", "300",
        "--threads", threads, "--spreads", file,
      ])
      XCTAssertEqual(r.status, 0, r.stderr)
      return try String(contentsOfFile: file, encoding: .utf8)
    }
    XCTAssertEqual(try spreads("1"), try spreads("2"))
  }

  func testMalformedEdgeListNamesFileAndLine() throws {
    let bad = try write("0 1\n1 2\n2 x3\n", "bad.edges")
    let r = try boca([
      "simulate", "--model", "ic", "--edges", bad, "--p", "0.1", "--seed-nodes", "0", "--replicates", "1",
    ])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertTrue(r.stderr.contains("bad.edges:3"), r.stderr)
    XCTAssertTrue(r.stderr.contains("x3"), r.stderr)
    XCTAssertEqual(r.stdout, "")
  }

  func testUnknownSeedNodeIsAnError() throws {
    let edges = try write("0 1\n1 2\n", "ok.edges")
    let r = try boca([
      "simulate", "--model", "ic", "--edges", edges, "--p", "0.1", "--seed-nodes", "9", "--replicates", "1",
    ])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertTrue(r.stderr.contains("node 9"), r.stderr)
  }

  func testGraphGenerateThenStats() throws {
    let file = scratch.appendingPathComponent("ba.edges").path
    let g = try boca(["graph", "generate", "--gen", "ba:500:2", "--seed", "3", "--out", file])
    XCTAssertEqual(g.status, 0, g.stderr)
    let s = try boca(["graph", "stats", file, "--csv"])
    XCTAssertEqual(s.status, 0, s.stderr)
    let lines = s.stdout.split(separator: "\n")
    XCTAssertTrue(lines[0].hasPrefix("layer,side,nodes,edges,mean_degree,max_degree"), String(lines[0]))
    let total = lines.first { $0.hasPrefix("all,all,") }.map { $0.split(separator: ",").map(String.init) }
    XCTAssertEqual(total?[2], "500")
    XCTAssertEqual(total?[3], "996")
    let bad = try boca(["graph", "generate", "--gen", "er:100:x", "--out", file])
    XCTAssertNotEqual(bad.status, 0)
    XCTAssertTrue(bad.stderr.contains("er:100:x"), bad.stderr)
  }

  /// `boca graph stats` on the medical-innovation study reports its three layers with the
  /// edge counts of the data set's README (advice 161, discussion 165, friendship 124).
  func testGraphStatsOnMedicalInnovation() throws {
    let dir = Self.fixtures.appendingPathComponent("medical-innovation")
    let r = try boca([
      "graph", "stats", "--nodes", dir.appendingPathComponent("nodes.csv").path, "--edges",
      dir.appendingPathComponent("edges.csv").path, "--directed", "--side-column", "group", "--csv",
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    var edges: [String: String] = [:]
    for line in r.stdout.split(separator: "\n").dropFirst() {
      let f = line.split(separator: ",").map(String.init)
      if f[1] == "all" { edges[f[0]] = f[3] }
    }
    XCTAssertEqual(edges["advice"], "161")
    XCTAssertEqual(edges["discussion"], "165")
    XCTAssertEqual(edges["friendship"], "124")
    XCTAssertEqual(edges["all"], "450")
  }

  func testRunWritesTablesAndIsByteReproducible() throws {
    let scenario = Self.root.appendingPathComponent("scenarios/quickstart.yaml").path
    let a = scratch.appendingPathComponent("a").path
    let b = scratch.appendingPathComponent("b").path
    let r1 = try boca(["run", scenario, "--out", a])
    XCTAssertEqual(r1.status, 0, r1.stderr)
    XCTAssertEqual(r1.stdout.trimmingCharacters(in: .whitespacesAndNewlines), a)
    XCTAssertEqual(try boca(["run", scenario, "--out", b, "--threads", "1"]).status, 0)
    for file in ["runs.csv", "timeseries.csv"] {
      XCTAssertEqual(
        try Data(contentsOf: URL(fileURLWithPath: a).appendingPathComponent(file)),
        try Data(contentsOf: URL(fileURLWithPath: b).appendingPathComponent(file)), file)
    }
    let manifest =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: a).appendingPathComponent("manifest.json"))) as? [String: Any]
    XCTAssertEqual(manifest?["rng"] as? String, "taus2")
    XCTAssertEqual(manifest?["root_seed"] as? Int, 20_261_122)
    XCTAssertNotNil(manifest?["graph_checksum"])
    XCTAssertNotNil(manifest?["scenario_hash"])
  }

  func testValidateReportsEveryProblem() throws {
    let scenario = try write(
      """
      name: broken
      graph:
        sides: {consumer: {count: 10, activity: {betta: [2, 8]}}}
        layers: {social: {generate: {ba: {m: 2}}}}
      model: {name: ic, p: -0.1}
      seeds: {policy: random, k: 2, side: prosumer}
      """, "broken.yaml")
    let r = try boca(["validate", scenario])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertTrue(r.stderr.contains("broken.yaml:3:"), r.stderr)
    XCTAssertTrue(r.stderr.contains("did you mean 'beta'"), r.stderr)
    XCTAssertTrue(r.stderr.contains("model.p"), r.stderr)
    XCTAssertTrue(r.stderr.contains("seeds.side"), r.stderr)
    let ok = try boca(["validate", Self.root.appendingPathComponent("scenarios/quickstart.yaml").path])
    XCTAssertEqual(ok.status, 0, ok.stderr)
  }

  func testHelpOnEveryCommand() throws {
    for command in [
      ["--help"], ["run", "--help"], ["validate", "--help"], ["merge", "--help"], ["export", "--help"],
      ["simulate", "--help"], ["graph", "generate", "--help"], ["graph", "stats", "--help"], ["design", "--help"],
      ["analyze", "--help"],
    ] {
      let r = try boca(command)
      XCTAssertEqual(r.status, 0, "\(command)")
      XCTAssertTrue(r.stdout.contains("USAGE"), "\(command)")
    }
  }
}
