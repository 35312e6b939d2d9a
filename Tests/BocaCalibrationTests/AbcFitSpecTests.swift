import BocaRandom
import BocaScenario
import XCTest
import Yams

@testable import BocaCalibration

/// Decoding `abc-smc` entries: every setting read, every bad entry located (line, key path).
final class AbcFitSpecTests: XCTestCase {
  func decode(_ yaml: String) throws -> AbcFitSpec {
    let node = try Yams.compose(yaml: yaml)!
    return try AbcFitSpec(node: node, file: "fit.yaml", path: "fits[0]")
  }

  func diagnostics(_ yaml: String) -> [ScenarioDiagnostic] {
    do {
      _ = try decode(yaml)
      XCTFail("accepted:\n\(yaml)")
      return []
    } catch let error as ScenarioError {
      return error.diagnostics
    } catch {
      XCTFail("\(error)")
      return []
    }
  }

  func testReadsEveryKey() throws {
    let spec = try decode(
      """
      method: abc-smc
      model: {name: bass, p: {prior: uniform, a: 0, b: 0.2}, q: {prior: beta, a: 2, b: 5}, m: 0.9, field: network, layers: [a, b]}
      label: network-bass
      particles: 300
      generations: 7
      min_acceptance: 0.05
      quantile: 0.3
      tolerance: 0.01
      replicates: 4
      distance: rmse-sides
      predictive_draws: 150
      seeds: 2
      """)
    XCTAssertEqual(spec.model, "bass")
    XCTAssertEqual(spec.name, "network-bass")
    XCTAssertEqual(spec.parameters.map(\.name), ["p", "q"])
    XCTAssertEqual(spec.parameters[0].prior, try Prior(distribution: .uniform(a: 0, b: 0.2), lower: 0, upper: 1))
    XCTAssertEqual(spec.fixed, ["m": 0.9])
    XCTAssertEqual(spec.options, ["field": "network"])
    XCTAssertEqual(spec.layers, ["a", "b"])
    XCTAssertEqual(
      [spec.particles, spec.generations, spec.replicates, spec.predictiveDraws, spec.seeds], [300, 7, 4, 150, 2])
    XCTAssertEqual(spec.minAcceptance, 0.05)
    XCTAssertEqual(spec.quantile, 0.3)
    XCTAssertEqual(spec.tolerance, 0.01)
    XCTAssertEqual(spec.distance, .rmseSides)
    let defaults = try decode("model: {name: wom, q: {prior: gamma, shape: 2, scale: 0.1}}")
    XCTAssertEqual(defaults.name, "wom")
    XCTAssertEqual(defaults.particles, 500)
    XCTAssertEqual(defaults.distance, .rmse)
  }

  func testBadEntriesAreLocated() {
    let cases: [(String, line: Int, key: String, expected: String)] = [
      ("model: {name: basss, p: {prior: uniform, a: 0, b: 1}}", 1, "fits[0].model.name", "a model"),
      ("model: {name: bass, r: {prior: uniform, a: 0, b: 1}}", 1, "fits[0].model.r", "a parameter of 'bass'"),
      ("model:\n  name: bass\n  p: {prior: unifrom, a: 0, b: 1}", 3, "fits[0].model.p.prior", "a prior name"),
      ("model:\n  name: bass\n  p: {prior: uniform, a: 1, b: 0}", 3, "fits[0].model.p", "a valid uniform prior"),
      ("model:\n  name: bass\n  p: {prior: uniform, a: 2, b: 3}", 3, "fits[0].model.p", "a prior with mass"),
      ("model:\n  name: bass\n  p: {prior: beta, a: 1}", 3, "fits[0].model.p", "a valid beta prior"),
      ("model:\n  name: bass\n  p: 1.5", 3, "fits[0].model.p", "a probability"),
      ("model: {name: bass, q: 0.2}", 1, "fits[0].model", "at least one parameter with a prior"),
      ("model: {name: bass, p: {prior: uniform, a: 0, b: 1}}\nquantile: 1.5", 2, "fits[0].quantile", "a quantile"),
      ("model: {name: bass, p: {prior: uniform, a: 0, b: 1}}\ndistance: mse", 2, "fits[0].distance", "one of rmse"),
      (
        "model: {name: bass, p: {prior: uniform, a: 0, b: 1}}\nparticles: 1", 2, "fits[0].particles",
        "a whole number ≥ 2"
      ),
      ("model: {name: bass, p: {prior: uniform, a: 0, b: 1}}\nparticle: 10", 2, "fits[0].particle", "one of the keys"),
      ("method: mle\nmodel: {name: bass, p: {prior: uniform, a: 0, b: 1}}", 1, "fits[0].method", "abc-smc"),
      ("name: x", 1, "fits[0].model", "a model with priors"),
    ]
    for (yaml, line, key, expected) in cases {
      let found = diagnostics(yaml)
      XCTAssertTrue(
        found.contains {
          $0.line == line && $0.keyPath == key && $0.expected.hasPrefix(expected) && $0.file == "fit.yaml"
        },
        "\(yaml)\n→ \(found.map(\.description))")
    }
  }
}
