import Foundation
import XCTest

/// `boca discover` on a plain CSV and on a run directory: the contract's tables, the box
/// statistics recomputed from the rows, and errors that name the position and what was expected.
final class DiscoverCLITests: CLITestCase {
  func csvRows(_ path: String) throws -> (header: [String], rows: [[String]]) {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    return (
      header, lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    )
  }

  /// A table made elsewhere: the box (a > 0.6, b < 0.3, 10% label noise) is found.
  func testPlainCSVRecoversTheBox() throws {
    var state: UInt64 = 4242
    func uniform() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53)
    }
    var text = "a,b,c,y\n"
    for _ in 0..<2500 {
      let (a, b, c) = (uniform(), uniform(), uniform())
      var inside = a > 0.6 && b < 0.3
      if uniform() < 0.1 { inside.toggle() }
      text += "\(a),\(b),\(c),\(inside ? 1 : 0)\n"
    }
    let table = try write(text, "table.csv")
    let out = scratch.appendingPathComponent("out").path
    let r = try boca(["discover", table, "--inputs", "a,b,c", "--where", "y > 0.5", "--out", out])
    XCTAssertEqual(r.status, 0, r.stderr)
    let boxes = try csvRows(out + "/boxes.csv")
    XCTAssertEqual(Array(boxes.header.prefix(7)), ["box", "parameter", "low", "high", "coverage", "density", "mass"])
    let byName = Dictionary(uniqueKeysWithValues: boxes.rows.map { ($0[1], $0) })
    XCTAssertEqual(Double(byName["a"]![2])!, 0.6, accuracy: 0.05)
    XCTAssertEqual(Double(byName["b"]![3])!, 0.3, accuracy: 0.05)
    XCTAssertEqual(byName["a"]![7], "1")
    XCTAssertEqual(byName["b"]![7], "1")
    XCTAssertEqual(byName["c"]![7], "0", "c does not matter")
    let trade = try csvRows(out + "/tradeoff.csv")
    XCTAssertEqual(Array(trade.header.prefix(5)), ["box", "step", "coverage", "density", "mass"])
    let peel = trade.rows.filter { $0[5] == "peel" }
    XCTAssertEqual(peel.filter { $0[7] == "1" }.count, 1, "one chosen step")
    for (x, y) in zip(peel, peel.dropFirst()) {
      XCTAssertLessThan(Double(y[4])!, Double(x[4])!, "mass falls along the peel")
    }
    XCTAssertEqual(Double(peel[0][4])!, 1)
  }

  /// A run directory: rows are sweep points (replicate means per arm); the box's mass, density
  /// and coverage match a recount over the points from runs.csv.
  func testRunDirectoryBoxMatchesARecount() throws {
    let scenario = SweepCLITests.small.replacingOccurrences(of: "replicates: 30", with: "replicates: 6")
      .replacingOccurrences(of: "model.p: [0.05, 0.1]", with: "model.p: [0.03, 0.05, 0.07, 0.1, 0.13]")
    let dir = scratch.appendingPathComponent("run").path
    let run = try boca(["run", try write(scenario, "s.yaml"), "--out", dir])
    XCTAssertEqual(run.status, 0, run.stderr)
    // Replicate means per point of spread in arm prosumers, and the parameters, from runs.csv.
    let runs = try csvRows(dir + "/runs.csv")
    let col = { (name: String) in runs.header.firstIndex(of: name)! }
    var sums: [Int: (Double, Int)] = [:]
    var params: [Int: (Double, Double)] = [:]
    for row in runs.rows where row[col("arm")] == "prosumers" {
      let p = Int(row[col("point")])!
      sums[p, default: (0, 0)].0 += Double(row[col("spread")])!
      sums[p, default: (0, 0)].1 += 1
      params[p] = (Double(row[col("model.p")])!, Double(row[col("graph.sides.prosumer.count")])!)
    }
    let means = sums.mapValues { $0.0 / Double($0.1) }
    let threshold = means.values.sorted()[means.count / 2]
    let out = scratch.appendingPathComponent("d").path
    let r = try boca([
      "discover", dir, "--where", "spread[prosumers] >= \(threshold)", "--out", out, "--mass-min", "0.2",
    ])
    XCTAssertEqual(r.status, 0, r.stderr)
    let boxes = try csvRows(out + "/boxes.csv")
    let p = boxes.rows.first { $0[1] == "model.p" }!
    let k = boxes.rows.first { $0[1] == "graph.sides.prosumer.count" }!
    let inside = means.keys.filter { point in
      let (a, b) = params[point]!
      return a >= Double(p[2])! && a <= Double(p[3])! && b >= Double(k[2])! && b <= Double(k[3])!
    }
    let hits = means.filter { $0.value >= threshold }
    let inHits = inside.filter { means[$0]! >= threshold }.count
    XCTAssertEqual(Double(p[6])!, Double(inside.count) / Double(means.count), accuracy: 1e-12, "mass")
    XCTAssertEqual(Double(p[5])!, Double(inHits) / Double(inside.count), accuracy: 1e-12, "density")
    XCTAssertEqual(Double(p[4])!, Double(inHits) / Double(hits.count), accuracy: 1e-12, "coverage")
  }

  func testErrorsNameTheExpressionPlaceOrTheColumn() throws {
    let table = try write("a,b,y\n0.1,0.2,1\n0.5,0.6,0\n", "t.csv")
    let cases: [([String], [String])] = [
      (["--inputs", "a,b", "--where", "y >> 1"], ["at character 4", "a finite number"]),
      (["--inputs", "a,b", "--where", "y > 1 or b < 2"], ["at character 7", "'and'"]),
      (["--inputs", "a,b", "--where", "z > 1"], ["at character 1", "unknown column 'z'", "y"]),
      (["--inputs", "a,q", "--where", "y > 0"], ["--inputs", "'q'"]),
      (["--inputs", "a,b", "--where", "y > 5"], ["no row meets"]),
    ]
    for (arguments, expected) in cases {
      let r = try boca(["discover", table] + arguments)
      XCTAssertNotEqual(r.status, 0, "\(arguments)")
      for e in expected { XCTAssertTrue(r.stderr.contains(e), "\(arguments): \(r.stderr)") }
    }
    let missing = try boca(["discover", scratch.appendingPathComponent("nope").path, "--where", "y > 0"])
    XCTAssertNotEqual(missing.status, 0)
    XCTAssertTrue(missing.stderr.contains("no such file"), missing.stderr)
  }
}
