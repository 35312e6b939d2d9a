import BocaRandom
import Foundation
import XCTest

/// `boca export`'s curves.csv averages every replicate at every step: a replicate whose cascade
/// finished early carries its final state forward, so the mean curve ends at the mean final spread.
final class CurvesCLITests: CLITestCase {
  func rows(_ path: String) throws -> [[String: String]] {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    return lines.dropFirst().map {
      Dictionary(
        uniqueKeysWithValues: zip(header, $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
    }
  }

  /// A small random scenario from `seed`: cascades on a random graph that stop at different
  /// steps, with or without a horizon, recorded every k steps, one or two arms, one or two points.
  static func scenario(_ seed: UInt64) -> (text: String, replicates: Int) {
    var g = SplitMix64(seed: seed)
    let replicates = Int.random(in: 5...40, using: &g)
    let p = [0.02, 0.05, 0.1, 0.2, 0.4].randomElement(using: &g)!
    let every = Int.random(in: 1...4, using: &g)
    let steps = Bool.random(using: &g) ? "steps: \(Int.random(in: 2...12, using: &g))\n" : ""
    let graph =
      Bool.random(using: &g)
      ? "ba: {m: \(Int.random(in: 1...3, using: &g))}" : "er: {p: \([0.005, 0.02, 0.05].randomElement(using: &g)!)}"
    let arms =
      Bool.random(using: &g) ? "arms:\n  one: {}\n  three: {seeds.k: 3}\n  compare_to: one\n" : ""
    let sweep = Bool.random(using: &g) ? "sweep:\n  model.p: [\(p), \(p / 2)]\n" : ""
    let text = """
      name: curves-\(seed)
      seed: \(seed)
      replicates: \(replicates)
      \(steps)graph:
        sides: {a: {count: \(Int.random(in: 40...200, using: &g))}, b: {count: \(Int.random(in: 5...40, using: &g))}}
        layers: {l: {generate: {\(graph)}}}
      model: {name: ic, p: \(p)}
      seeds: {policy: random, k: 1}
      outputs: {timeseries: true, timeseries_every: \(every)}
      \(arms)\(sweep)
      """
    return (text, replicates)
  }

  func testTheLastPointOfEveryMeanCurveIsTheMeanFinalSpread() throws {
    for seed in UInt64(1)...8 {
      let (text, replicates) = Self.scenario(seed)
      let scenario = try write(text, "c\(seed).yaml")
      let run = scratch.appendingPathComponent("run\(seed)").path
      let out = scratch.appendingPathComponent("exp\(seed)").path
      let r = try boca(["run", scenario, "--out", run, "--quiet"])
      XCTAssertEqual(r.status, 0, r.stderr)
      let e = try boca(["export", run, "--to", out])
      XCTAssertEqual(e.status, 0, e.stderr)
      let summary = try rows(run + "/summary.csv")
      let curves = try rows(out + "/curves.csv")
      XCTAssertFalse(curves.isEmpty)
      for row in summary {
        for side in ["all", "a", "b"] {
          let curve = curves.filter {
            $0["point"] == row["point"] && $0["arm"] == row["arm"] && $0["side"] == side && $0["state"] == "adopted"
          }
          let column = side == "all" ? "spread_mean" : "spread_\(side)_mean"
          guard let expected = row[column].flatMap(Double.init) else {
            XCTFail("no \(column) in summary.csv")
            continue
          }
          let last = try XCTUnwrap(curve.max { Int($0["step"]!)! < Int($1["step"]!)! }, "no curve for \(side)")
          XCTAssertEqual(
            Double(last["mean"]!)!, expected, accuracy: 1e-6 * max(1, expected),
            "scenario \(seed), point \(row["point"]!), arm \(row["arm"]!), side \(side):\n\(text)")
          for point in curve {
            XCTAssertEqual(point["n"], String(replicates), "every replicate counts at every step (scenario \(seed))")
          }
          // Cumulative adopters: the mean curve never falls.
          let means = curve.sorted { Int($0["step"]!)! < Int($1["step"]!)! }.map { Double($0["mean"]!)! }
          XCTAssertEqual(means, means.sorted(), "scenario \(seed): the mean of cumulative adopters fell")
        }
      }
    }
  }

  /// The reported case: medical-innovation's mean curve ended at 27 adopters (one replicate).
  func testMedicalInnovationCurveEndsAtTheMeanFinalSpread() throws {
    let text = try String(
      contentsOf: Self.root.appendingPathComponent("scenarios/medical-innovation.yaml"), encoding: .utf8
    )
    .replacingOccurrences(of: "replicates: 2000", with: "replicates: 300")
    .replacingOccurrences(of: "data/medical-innovation/", with: Self.root.path + "/scenarios/data/medical-innovation/")
    let scenario = try write(text, "med.yaml")
    let run = scratch.appendingPathComponent("med").path
    let out = scratch.appendingPathComponent("medexp").path
    let r = try boca(["run", scenario, "--out", run, "--quiet"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(try boca(["export", run, "--to", out]).status, 0)
    let spread = Double(try rows(run + "/summary.csv")[0]["spread_mean"]!)!
    let curve = try rows(out + "/curves.csv").filter { $0["side"] == "all" && $0["state"] == "adopted" }
    let last = try XCTUnwrap(curve.max { Int($0["step"]!)! < Int($1["step"]!)! })
    XCTAssertEqual(Double(last["mean"]!)!, spread, accuracy: 1e-6 * spread)
    XCTAssertEqual(last["n"], "300")
  }
}
