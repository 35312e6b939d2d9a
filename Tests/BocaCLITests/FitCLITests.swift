import Foundation
import XCTest

/// `boca fit`: the fit folder's tables, byte-identical estimates for any --threads, the folder
/// rules, and `boca validate` accepting and refusing fit scenarios as `fit` does.
final class FitCLITests: CLITestCase {
  func testFitWritesTheContractTablesIdenticallyForOneAndTwoThreads() throws {
    let scenario = "scenarios/fit-medical-innovation.yaml"
    var estimates: [String] = []
    for threads in ["1", "2"] {
      let out = scratch.appendingPathComponent("fit-\(threads)")
      let r = try boca(["fit", scenario, "--out", out.path, "--threads", threads, "--quiet"])
      XCTAssertEqual(r.status, 0, r.stderr)
      XCTAssertEqual(r.stdout.split(separator: "\n").first.map(String.init), out.path)
      XCTAssertTrue(r.stdout.contains("ranked by AIC"), r.stdout)
      let e = try String(contentsOf: out.appendingPathComponent("estimates.csv"), encoding: .utf8)
      XCTAssertTrue(e.hasPrefix("model,method,parameter,estimate,ci_low,ci_high\n"), e)
      XCTAssertTrue(e.contains("\nhazard-exposure,mle,q,"), e)
      XCTAssertTrue(e.contains("\nbass-meanfield,nls-meanfield,m,"), e)
      let f = try String(contentsOf: out.appendingPathComponent("fits.csv"), encoding: .utf8)
      XCTAssertTrue(f.hasPrefix("model,method,neg_log_lik,aic,rmse,simulations\n"), f)
      XCTAssertTrue(f.contains("\nbass-meanfield,nls-meanfield,,,"), f)  // no likelihood: empty cells
      for name in [
        "curves.csv", "posterior.csv", "generations.csv", "results.sqlite", "manifest.json", "scenario.yaml",
      ] {
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), name)
      }
      let g = try String(contentsOf: out.appendingPathComponent("generations.csv"), encoding: .utf8)
      XCTAssertGreaterThan(g.split(separator: "\n").count, 1, "the abc-smc fit's generations")
      XCTAssertTrue(f.contains("\nnetwork-bass-m,abc-smc,,,"), f)  // ABC: no likelihood, an RMSE
      estimates.append(e)
      estimates.append(try String(contentsOf: out.appendingPathComponent("curves.csv"), encoding: .utf8))
    }
    XCTAssertEqual(estimates[0], estimates[2])
    XCTAssertEqual(estimates[1], estimates[3])

    let again = try boca(["fit", scenario, "--out", scratch.appendingPathComponent("fit-1").path, "--quiet"])
    XCTAssertNotEqual(again.status, 0)
    XCTAssertTrue(again.stderr.contains("not empty"), again.stderr)
    let forced = try boca([
      "fit", scenario, "--out", scratch.appendingPathComponent("fit-1").path, "--quiet", "--force",
    ])
    XCTAssertEqual(forced.status, 0, forced.stderr)
  }

  func testValidateAcceptsAndRefusesFitScenariosLikeFit() throws {
    let run = try boca([
      "run", "scenarios/fit-brazilian-farmers.yaml", "--out", scratch.appendingPathComponent("r").path,
    ])
    XCTAssertNotEqual(run.status, 0)
    XCTAssertTrue(run.stderr.contains("boca fit"), run.stderr)
    let ok = try boca(["validate", "scenarios/fit-brazilian-farmers.yaml"])
    XCTAssertEqual(ok.status, 0, ok.stderr)
    XCTAssertTrue(ok.stdout.contains("ok (fit: "), ok.stdout)
    let data = Self.root.appendingPathComponent("scenarios/data/medical-innovation").path
    let cases: [(String, String)] = [
      ("data: {toa: month, censoring: last-period}", "no column 'month'"),
      ("data: {toa: toa, censoring: later}", "data.censoring"),
      ("data: {toa: toa}", "data.censoring"),
    ]
    for (line, message) in cases {
      let path = try write(
        """
        name: bad
        graph: {load: {nodes: \(data)/nodes.csv, edges: \(data)/edges.csv, directed: true, influence: reversed}}
        \(line)
        fits:
          - {model: hazard-exposure, method: mle}
        """, "bad.yaml")
      for command in [["validate", path], ["fit", path, "--out", scratch.appendingPathComponent("o").path]] {
        let r = try boca(command)
        XCTAssertNotEqual(r.status, 0, "\(command) accepted \(line)")
        XCTAssertTrue(r.stderr.contains(message), "\(command): \(r.stderr)")
      }
    }
    let wrong = try write(
      """
      name: bad
      graph: {load: {nodes: \(data)/nodes.csv, edges: \(data)/edges.csv, directed: true, influence: sideways}}
      data: {toa: toa, censoring: last-period}
      fits:
        - {model: hazard-fraction, method: mle, q: per-layer}
        - {model: hazard-exposur, method: mle}
        - {model: bass, method: abc-smc}
      """, "wrong.yaml")
    for command in [["validate", wrong], ["fit", wrong]] {
      let r = try boca(command)
      XCTAssertNotEqual(r.status, 0)
      for part in ["graph.load.influence", "fits[0].q", "fits[1].model", "fits[2].model: expected a model with priors", "wrong.yaml:"] {
        XCTAssertTrue(r.stderr.contains(part), "\(command) \(part): \(r.stderr)")
      }
    }
  }

  func testNamedNodesAreFittedAndReportedAsGiven() throws {
    // A small named network: ids are names in both tables; "NA" and 99 both mean "not adopted".
    var nodes = "node,toa\n"
    var edges = "source,target\n"
    let names = (0..<40).map { "person-\($0)" }
    for (i, name) in names.enumerated() {
      nodes += "\(name),\(i % 7 == 0 ? "NA" : i % 11 == 0 ? "99" : String(1 + i % 6))\n"
      edges += "\(name),\(names[(i * 7 + 3) % 40])\n\(name),\(names[(i + 1) % 40])\n"
    }
    let n = try write(nodes, "nodes.csv")
    let e = try write(edges, "edges.csv")
    let scenario = try write(
      """
      name: named
      graph: {load: {nodes: \(n), edges: \(e), directed: true, influence: reversed}}
      data: {toa: toa, censoring: {value: 99}}
      predictive: {simulations: 20}
      fits:
        - {model: hazard-exposure, method: mle}
      """, "named.yaml")
    let out = scratch.appendingPathComponent("named-fit")
    let r = try boca(["fit", scenario, "--out", out.path, "--quiet"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let curves = try String(contentsOf: out.appendingPathComponent("curves.csv"), encoding: .utf8)
    XCTAssertEqual(curves.split(separator: "\n").count, 1 + 6, curves)  // periods 1…6
    let seeds = try boca(["seeds", "--policy", "degree", "--k", "3", "--edges", e, "--nodes", n])
    XCTAssertEqual(seeds.status, 0, seeds.stderr)
    for line in seeds.stdout.split(separator: "\n") { XCTAssertTrue(names.contains(String(line)), seeds.stdout) }
    // Under last-period censoring an NA cell is an error that says how to read it.
    let strict = try write(
      """
      name: named
      graph: {load: {nodes: \(n), edges: \(e), directed: true}}
      data: {toa: toa, censoring: last-period}
      fits:
        - {model: hazard-exposure, method: mle}
      """, "strict.yaml")
    let refused = try boca(["validate", strict])
    XCTAssertNotEqual(refused.status, 0)
    XCTAssertTrue(refused.stderr.contains("strict.yaml:3:"), refused.stderr)
    XCTAssertTrue(refused.stderr.contains("for node person-0"), refused.stderr)
    XCTAssertTrue(refused.stderr.contains("censoring: {value: …}"), refused.stderr)
  }
}
