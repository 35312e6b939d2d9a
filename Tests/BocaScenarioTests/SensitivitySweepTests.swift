import BocaResults
import BocaRunner
import BocaSensitivity
import Foundation
import XCTest

@testable import BocaScenario

/// `design: sobol` and `design: morris` sweeps: the points of the library designs, typed by the
/// parameters' schema, run like any sweep and analysed from the run directory.
final class SensitivitySweepTests: XCTestCase {
  static let base = """
    name: sens
    seed: 3
    replicates: 3
    steps: 4
    graph:
      sides: {a: {count: 60}, b: {count: 40}}
      layers: {l: {generate: {er: {p: 0.05}}}}
    seeds: {k: 2}
    model: {name: wom, p: 0.01, q: 0.3, chi: 1}
    """

  func plan(_ sweep: String, base: String = SensitivitySweepTests.base) throws -> ScenarioPlan {
    try ScenarioPlan.parse(base + "\nsweep:\n" + sweep, file: "sens.yaml")
  }

  /// N(k+2) points in SobolDesign order, reals scaled into their ranges, a count whole.
  func testSobolSweepPoints() throws {
    let p = try plan(
      "  design: sobol\n  n: 8\n  seed: 4\n  model.q: {range: [0.1, 0.5]}\n  model.chi: {range: [0, 5]}\n  seeds.k: {range: [1, 6]}\n"
    )
    XCTAssertEqual(p.sweep.design, .sobol(n: 8, seed: 4))
    XCTAssertEqual(p.sweep.design.name, "sobol")
    XCTAssertEqual(p.sweep.points.count, 8 * 5)
    let unit = try SobolDesign(n: 8, parameters: 3, seed: 4).unitRows
    for (point, u) in zip(p.sweep.points, unit) {
      XCTAssertEqual(point[0].number!, 0.1 + u[0] * 0.4, accuracy: 1e-12)
      XCTAssertEqual(point[1].number!, u[1] * 5, accuracy: 1e-12)
      guard case .int(let k) = point[2] else { return XCTFail("seeds.k is a count: \(point[2])") }
      XCTAssertEqual(k, Int((1 + u[2] * 5).rounded()))
    }
  }

  /// r(k+1) points; an odd number of levels and a missing count are refused at their line.
  func testMorrisSweepPointsAndErrors() throws {
    let p = try plan(
      "  design: morris\n  trajectories: 5\n  levels: 4\n  model.q: {range: [0.1, 0.5]}\n  model.chi: {range: [0, 5]}\n"
    )
    XCTAssertEqual(p.sweep.points.count, 5 * 3)
    XCTAssertEqual(p.sweep.design.name, "morris")
    XCTAssertThrowsError(
      try plan("  design: morris\n  trajectories: 5\n  levels: 5\n  model.q: {range: [0.1, 0.5]}\n")
    ) { error in
      let d = (error as? ScenarioError)?.diagnostics ?? []
      XCTAssertEqual(d.map(\.keyPath), ["sweep.levels"], "\(d)")
      XCTAssertEqual(d.first?.line, 13)
    }
    XCTAssertThrowsError(try plan("  design: morris\n  model.q: {range: [0.1, 0.5]}\n")) { error in
      let d = (error as? ScenarioError)?.diagnostics ?? []
      XCTAssertEqual(d.map(\.keyPath), ["sweep.trajectories"], "\(d)")
    }
    XCTAssertThrowsError(try plan("  design: sobol\n  model.q: {range: [0.1, 0.5]}\n")) { error in
      let d = (error as? ScenarioError)?.diagnostics ?? []
      XCTAssertEqual(d.map(\.keyPath), ["sweep.n"], "\(d)")
    }
    XCTAssertThrowsError(try plan("  design: sobol\n  n: 4\n  model.q: [0.1, 0.5]\n")) { error in
      let d = (error as? ScenarioError)?.diagnostics ?? []
      XCTAssertEqual(d.map(\.keyPath), ["sweep.model.q"], "\(d)")
    }
  }

  /// A sobol sweep over three parameters with two arms writes the same tables with 1 and 2
  /// threads, and its run directory is analysed: one row per parameter for every metric of
  /// every arm and for the paired difference.
  func testSobolSweepRunsIdenticallyAndIsAnalysed() throws {
    let yaml =
      Self.base + """

        arms:
          none: {}
          more: {seeds.k: 6}
          compare_to: none
        sweep:
          design: sobol
          n: 4
          model.q: {range: [0.1, 0.5]}
          model.chi: {range: [0, 5]}
          model.p: {range: [0.0, 0.05]}

        """
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("boca-sens-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    func run(threads: Int) throws -> URL {
      let dir = root.appendingPathComponent("t\(threads)")
      let r = SweepRun(
        plan: try ScenarioPlan.parse(yaml, file: "s.yaml"), directory: dir, threads: threads, commandLine: [])
      XCTAssertTrue(try r.execute())
      return dir
    }
    let one = try run(threads: 1)
    let two = try run(threads: 2)
    for table in ["runs.csv", "summary.csv"] {
      XCTAssertEqual(
        try Data(contentsOf: one.appendingPathComponent(table)),
        try Data(contentsOf: two.appendingPathComponent(table)),
        table)
    }
    let points = try PointTable.load(runDirectory: one)
    XCTAssertEqual(points.design, "sobol")
    XCTAssertEqual(points.parameters, ["model.q", "model.chi", "model.p"])
    XCTAssertEqual(points.rows.count, 4 * 5)
    XCTAssertEqual(points.baseline, "none")
    XCTAssertTrue(points.outputNames.contains("diff_spread[more-none]"), "\(points.outputNames)")
    XCTAssertTrue(points.outputNames.contains("spread[none]"))
    XCTAssertEqual(points.replicates["spread[more]"]!, [Int](repeating: 3, count: 20))
    // the paired difference's mean is the difference of the means
    for p in 0..<20 {
      XCTAssertEqual(
        points.outputs["diff_spread[more-none]"]![p],
        points.outputs["spread[more]"]![p] - points.outputs["spread[none]"]![p], accuracy: 1e-9)
    }
    let result = try SensitivityAnalysis.run(points)
    XCTAssertEqual(
      result.header.prefix(8).joined(separator: ","), "output,parameter,S1,S1_ci_low,S1_ci_high,ST,ST_ci_low,ST_ci_high"
    )
    let spreadRows = result.rows.filter { $0[0] == "diff_spread[more-none]" }
    XCTAssertEqual(spreadRows.map { $0[1] }, ["model.q", "model.chi", "model.p"])
    XCTAssertTrue(spreadRows.allSatisfy { Double($0[8]) != nil }, "noise share present: \(spreadRows)")
  }
}
