import Foundation
import XCTest

/// Hardening of sizes and set-up (issue 11, items 5–7): what the sides or the memory cannot
/// carry is refused by `validate` and `run` alike, at the key's file:line:column, before
/// anything large is allocated or generated.
final class LimitsCLITests: CLITestCase {
  func scenario(_ name: String, layer: String = "{generate: {er: {p: 0.1}}}", extra: String = "") throws -> String {
    try write(
      """
      name: \(name)
      seed: 1
      replicates: 20
      steps: 5
      graph:
        sides: {a: {count: 25}, b: {count: 25}}
        layers: {l: \(layer)}
      model: {name: ic, p: 0.1}
      \(extra)
      """, "\(name).yaml")
  }

  /// validate refuses with file:line:column and key; run refuses with the same line.
  func assertBothRefuse(_ file: String, _ located: String, _ key: String, line: UInt = #line) throws {
    let v = try boca(["validate", file])
    XCTAssertNotEqual(v.status, 0, v.stdout, line: line)
    XCTAssertTrue(v.stderr.contains(located), "validate: no \(located) in \(v.stderr)", line: line)
    XCTAssertTrue(v.stderr.contains(key), "validate: no \(key) in \(v.stderr)", line: line)
    let r = try boca(["run", file, "--out", scratch.appendingPathComponent(UUID().uuidString).path, "--quiet"])
    XCTAssertNotEqual(r.status, 0, line: line)
    XCTAssertLessThan(r.status, 128, line: line)
    XCTAssertTrue(r.stderr.contains(located) && r.stderr.contains(key), "run: \(r.stderr)", line: line)
  }

  /// Main: validate said ok and run never finished generating (work grew with the drawn degree).
  func testAnUnrealisableBipartiteDegreeIsRefusedByValidateAndRun() throws {
    let file = try scenario(
      "bip", layer: "{generate: {bipartite: {sides: [a, b], degree: {a: {poisson: [1e10]}, b: {poisson: [3]}}}}}")
    try assertBothRefuse(file, "bip.yaml:7:", "graph.layers.l.generate.bipartite.degree.a")
  }

  /// Main: "barabasiAlbert: expected 1 ≤ m < n…" / "wattsStrogatz: …" with no file, line or key.
  func testBAAndWSBeyondTheLayerAreRefusedAtTheirKeys() throws {
    try assertBothRefuse(try scenario("bam", layer: "{generate: {ba: {m: 60}}}"), "bam.yaml:7:", "generate.ba.m")
    try assertBothRefuse(
      try scenario("wsk", layer: "{generate: {ws: {k: 60, p: 0.1}}}"), "wsk.yaml:7:", "generate.ws.k")
  }

  /// Main: "seeds.k: expected at most 50…" with the key but no file or line.
  func testSeedsBeyondThePopulationAreRefusedAtTheirLine() throws {
    try assertBothRefuse(try scenario("seedk", extra: "seeds: {policy: random, k: 80}"), "seedk.yaml:9:", "seeds.k")
    try assertBothRefuse(
      try scenario("seedd", extra: "seeds: {policy: degree, k: 30, side: a}"), "seedd.yaml:9:", "seeds.k")
  }

  /// Edge weights the model rejects are reported at graph.load.edges, naming the edge file
  /// (main: at the model's name, under a key `model.weight` the model does not have).
  func testEdgeWeightsTheModelRejectsAreReportedAtTheEdgeFile() throws {
    let edges = try write("source,target,layer,weight\n1,2,a,0.5\n2,3,a,1.7\n3,1,a,-0.2\n", "w.csv")
    for model in ["{name: ic}", "{name: lt, weights: edge}"] {
      let file = try write(
        "name: w\nreplicates: 5\ngraph:\n  load: {edges: \(edges)}\nmodel: \(model)\n", "w-\(model.count).yaml")
      try assertBothRefuse(file, "w-\(model.count).yaml:4:", "graph.load.edges")
      XCTAssertTrue(try boca(["validate", file]).stderr.contains("w.csv"))
    }
  }

  /// Main: 2^32 replicates validated, then run allocated about 35 GB for the seed table.
  func testMoreReplicatesThanSeedsAreRefusedAtTheirLine() throws {
    let text = try String(contentsOfFile: try scenario("reps"), encoding: .utf8)
      .replacingOccurrences(of: "replicates: 20", with: "replicates: 4294967296")
    let file = try write(text, "reps2.yaml")
    try assertBothRefuse(file, "reps2.yaml:3:", "replicates")
  }

  /// A seed table over --memory-limit is refused by validate and run with what, how much, what
  /// is available and how to raise it; with a higher limit the same scenario validates.
  func testReplicateSeedsOverTheMemoryLimitIsRefusedWithTheNumbers() throws {
    let text = try String(contentsOfFile: try scenario("big"), encoding: .utf8)
      .replacingOccurrences(of: "replicates: 20", with: "replicates: 5000000")
    let file = try write(text, "big2.yaml")
    let v = try boca(["validate", file, "--memory-limit", "20M"])
    XCTAssertNotEqual(v.status, 0)
    for word in [
      "not enough memory", "seed table", "5000000 replicates", "MB", "--memory-limit 20M", "BOCA_MEMORY_LIMIT",
    ] {
      XCTAssertTrue(v.stderr.contains(word), "no \(word) in \(v.stderr)")
    }
    let r = try boca(["run", file, "--memory-limit", "20M", "--out", scratch.appendingPathComponent("o").path])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertTrue(r.stderr.contains("not enough memory"), r.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("o/manifest.json").path))
    XCTAssertEqual(try boca(["validate", file, "--memory-limit", "1G"]).status, 0)
  }

  /// Main: `graph generate --gen er:100000000:0.0000001` aborted on a 2.1 GB allocation.
  func testGraphGenerateRefusesAGraphOverTheLimit() throws {
    let out = scratch.appendingPathComponent("er.edges").path
    let g = try boca(["graph", "generate", "--gen", "er:100000000:0.0000001", "--out", out, "--memory-limit", "4G"])
    XCTAssertEqual(g.status, 1, g.stderr)
    XCTAssertTrue(g.stderr.contains("not enough memory") && g.stderr.contains("GB"), g.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: out))
  }

  /// simulate keeps 4 bytes per replicate and runs in batches: the spreads file and the printed
  /// summary do not depend on the thread count across a batch boundary (65,536), and the mean
  /// printed is the mean of the spreads written; more replicates than seeds are refused.
  func testSimulateStreamsItsReplicates() throws {
    let edges = scratch.appendingPathComponent("g.edges").path
    XCTAssertEqual(try boca(["graph", "generate", "--gen", "ba:300:2", "--seed", "1", "--out", edges]).status, 0)
    var files: [Data] = []
    var means: [String] = []
    for threads in ["1", "3"] {
      let path = scratch.appendingPathComponent("s\(threads).csv").path
      let s = try boca([
        "simulate", "--model", "ic", "--edges", edges, "--p", "0.05", "--seed-nodes", "0", "--replicates", "70000",
        "--threads", threads, "--spreads", path,
      ])
      XCTAssertEqual(s.status, 0, s.stderr)
      files.append(try Data(contentsOf: URL(fileURLWithPath: path)))
      means.append(simulateRow(s.stdout)["mean_spread"] ?? "")
    }
    XCTAssertEqual(files[0], files[1])
    XCTAssertEqual(means[0], means[1])
    let spreads = String(decoding: files[0], as: UTF8.self).split(separator: "\n").dropFirst()
      .compactMap { $0.split(separator: ",").last.flatMap { Double($0) } }
    XCTAssertEqual(spreads.count, 70000)
    XCTAssertEqual(means[0], String(format: "%.6g", spreads.reduce(0, +) / 70000))
    let huge = try boca([
      "simulate", "--model", "ic", "--edges", edges, "--p", "0.05", "--seed-nodes", "0", "--replicates", "4294967296",
    ])
    XCTAssertEqual(huge.status, 1, huge.stderr)
    XCTAssertTrue(huge.stderr.contains("--replicates"), huge.stderr)
  }

  /// IMM on isolated nodes (a huge θ: any k seeds meet only k/n of the sets) stops at its share
  /// of the memory limit with a message, instead of growing until the allocation aborts.
  func testIMMStopsItsRRSetsAtTheMemoryLimit() throws {
    let nodes = "node\n" + (0..<4096).map { "\($0)\n" }.joined()
    let nodeFile = try write(nodes, "iso-nodes.csv")
    let edgeFile = try write("source,target\n", "iso-edges.csv")
    let s = try boca([
      "seeds", "--policy", "imm", "--k", "2", "--edges", edgeFile, "--nodes", nodeFile, "--p", "0.1",
      "--memory-limit", "30M",
    ])
    XCTAssertEqual(s.status, 0, s.stderr)
    XCTAssertEqual(s.stdout.split(separator: "\n").count, 2)
    XCTAssertTrue(s.stderr.contains("stopped at the memory budget"), s.stderr)
  }
}
