import Foundation
import XCTest

/// `boca graph export` and `boca graph stats` as a user runs them: the exported tables, loaded
/// through `graph.load`, give a run whose manifest records the same graph checksum as the
/// scenario's own run.
final class GraphExportCLITests: CLITestCase {
  static let scenario = """
    name: export-cli
    seed: 4242
    replicates: 2
    graph:
      sides:
        consumer: {count: 150, activity: {beta: [2, 8]}}
        prosumer: {count: 20, credibility: 0.8}
      layers:
        social: {generate: {ba: {m: 2}}}
        offline: {generate: {er: {p: 0.02}}}
    model: {name: ic, p: 0.1}

    """

  func manifestChecksum(_ run: URL) throws -> String? {
    let data = try Data(contentsOf: run.appendingPathComponent("manifest.json"))
    let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    return json?["graph_checksum"] as? String
  }

  func testExportedTablesLoadBackAsTheGraphTheRunRecords() throws {
    let file = try write(Self.scenario, "export.yaml")
    let folder = scratch.appendingPathComponent("exported")
    let export = try boca(["graph", "export", file, "--out", folder.path])
    XCTAssertEqual(export.status, 0, export.stderr)
    let lines = export.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.first, "graph:")
    let load = try XCTUnwrap(lines.first { $0.hasPrefix("  load:") })
    XCTAssertEqual(load, "  load: {nodes: nodes.csv, edges: edges.csv, directed: false, side_column: side}")
    let printed = try XCTUnwrap(lines.first { $0.hasPrefix("# graph checksum ") }).dropFirst("# graph checksum ".count)

    let run = scratch.appendingPathComponent("run")
    let r = try boca(["run", file, "--out", run.path, "--quiet", "--threads", "1"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(try manifestChecksum(run), String(printed))

    // The same graph read back through graph.load.
    let reload = folder.appendingPathComponent("reload.yaml")
    try "name: reload\nreplicates: 2\n\(lines[0])\n\(load)\nmodel: {name: ic, p: 0.1}\n".write(
      to: reload, atomically: true, encoding: .utf8)
    let loaded = scratch.appendingPathComponent("loaded")
    let r2 = try boca(["run", reload.path, "--out", loaded.path, "--quiet", "--threads", "1"])
    XCTAssertEqual(r2.status, 0, r2.stderr)
    XCTAssertEqual(try manifestChecksum(loaded), String(printed))

    // graph stats reads the tables: the old columns first, the structure after them.
    let stats = try boca([
      "graph", "stats", "--nodes", folder.appendingPathComponent("nodes.csv").path, "--edges",
      folder.appendingPathComponent("edges.csv").path, "--side-column", "side", "--csv",
    ])
    XCTAssertEqual(stats.status, 0, stats.stderr)
    let rows = stats.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    XCTAssertEqual(
      rows.first?.prefix(10).joined(separator: ","),
      "layer,side,nodes,edges,mean_degree,max_degree,mean_in_degree,max_in_degree,within_edges,isolated")
    XCTAssertEqual(rows.first?.count, 17)
    XCTAssertEqual(rows.count, 1 + 3 * 3, "layers social, offline, all × sides consumer, prosumer, all")
    let header = rows[0].map(String.init)
    let all = try XCTUnwrap(rows.first { $0[0] == "all" && $0[1] == "all" }).map(String.init)
    let cell = Dictionary(uniqueKeysWithValues: zip(header, all))
    XCTAssertEqual(cell["nodes"], "170")
    // BA keeps every node in one component; the union has it too.
    XCTAssertEqual(cell["components"], "1")
    XCTAssertEqual(cell["largest_component"], "170")
    XCTAssertEqual(cell["strong_components"], "", "undirected: no strong components")
  }

  func testExportRefusesWhatTheScenarioDoesNotHave() throws {
    let file = try write(Self.scenario, "export.yaml")
    for (arguments, words) in [
      (["--point", "3"], "--point: expected a sweep point from 0 to 0, found 3"),
      (["--arm", "nope"], "--arm: expected one of baseline, found 'nope'"),
      (["--replicate", "1"], "--replicate: expected a scenario with graph.replicate: true"),
    ] {
      let out = scratch.appendingPathComponent("x").path
      let r = try boca(["graph", "export", file, "--out", out] + arguments)
      XCTAssertNotEqual(r.status, 0, arguments.joined(separator: " "))
      XCTAssertTrue(r.stderr.contains(words), r.stderr)
      XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing written")
    }
  }
}
