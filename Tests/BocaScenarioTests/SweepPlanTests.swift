import XCTest

@testable import BocaScenario

final class SweepPlanTests: XCTestCase {
  /// Tests/Fixtures/scenarios/sweep.yaml (shared with BocaRunnerTests).
  static let base = ScenarioFixture.text("sweep.yaml")

  func plan(_ extra: String) throws -> ScenarioPlan {
    try ScenarioPlan.parse(Self.base + "\n" + extra, file: "sweep.yaml")
  }

  func testGridHasEveryCombinationWithTheFirstParameterSlowest() throws {
    let p = try plan(
      """
      sweep:
        model.p: [0.1, 0.2]
        graph.sides.prosumer.count: {range: [10, 30], steps: 3}
      """)
    XCTAssertEqual(p.sweep.parameters, ["model.p", "graph.sides.prosumer.count"])
    XCTAssertEqual(p.pointCount, 6)
    XCTAssertEqual(
      p.sweep.points.map { $0.map(\.text) },
      [
        ["0.1", "10"], ["0.1", "20"], ["0.1", "30"], ["0.2", "10"], ["0.2", "20"], ["0.2", "30"],
      ])
    XCTAssertEqual(p.scenario(point: 4, arm: 0).model.parameters.values["p"], 0.2)
    XCTAssertEqual(p.scenario(point: 4, arm: 0).graph.sides[1].count, 20)
    XCTAssertEqual(p.base.graph.sides[1].count, 20, "the base scenario is as written")
    XCTAssertNotEqual(p.graphKey(point: 0, arm: 0), p.graphKey(point: 1, arm: 0))
    XCTAssertEqual(p.graphKey(point: 0, arm: 0), p.graphKey(point: 3, arm: 0), "model.p does not change the graph")
  }

  func testArmsOverrideKeyPathsAndCanThemselvesBeSwept() throws {
    let p = try plan(
      """
      arms:
        baseline: {}
        prosumers: {seeds.side: prosumer, seeds.k: 4, model.p: 0.3}
        compare_to: baseline
      sweep:
        model.p: [0.1, 0.2]
        arms.prosumers.seeds.k: [4, 8]
      """)
    XCTAssertEqual(p.arms.map(\.name), ["baseline", "prosumers"])
    XCTAssertEqual(p.compareTo, "baseline")
    XCTAssertEqual(p.pointCount, 4)
    let a = p.scenario(point: 3, arm: 0)
    let b = p.scenario(point: 3, arm: 1)
    XCTAssertEqual(a.seeding?.side, nil)
    XCTAssertEqual(a.seeding?.k, 2)
    XCTAssertEqual(a.model.parameters.values["p"], 0.2)
    XCTAssertEqual(b.seeding?.side, "prosumer")
    XCTAssertEqual(b.seeding?.k, 8)
    XCTAssertEqual(b.model.parameters.values["p"], 0.3, "an arm's value wins over a swept one")
  }

  func testWithoutArmsThereIsOneBaselineArmAndOnePoint() throws {
    let p = try plan("")
    XCTAssertEqual(p.arms.map(\.name), ["baseline"])
    XCTAssertNil(p.compareTo)
    XCTAssertEqual(p.pointCount, 1)
    XCTAssertEqual(p.sweep.parameters, [])
  }

  func testLatinHypercubePutsOnePointInEachStratumAndIsSeeded() throws {
    let text = """
      sweep:
        design: lhs
        n: 8
        seed: 11
        model.p: {range: [0.0, 0.8]}
        graph.sides.prosumer.count: {range: [10, 90]}
      """
    let p = try plan(text)
    XCTAssertEqual(p.pointCount, 8)
    let strata = p.sweep.points.map { Int(($0[0].number! / 0.1).rounded(.down)) }
    XCTAssertEqual(strata.sorted(), Array(0..<8))
    XCTAssertTrue(p.sweep.points.allSatisfy { if case .int = $0[1] { return true } else { return false } })
    XCTAssertEqual(try plan(text).sweep, p.sweep)
    XCTAssertNotEqual(try plan(text.replacingOccurrences(of: "seed: 11", with: "seed: 12")).sweep, p.sweep)
  }

  func testOneAtATimeMovesOneParameterFromTheBase() throws {
    let p = try plan(
      """
      sweep:
        design: one-at-a-time
        base: {model.p: 0.05}
        model.p: [0.05, 0.1]
        graph.sides.prosumer.count: [10, 20, 40]
      """)
    XCTAssertEqual(
      p.sweep.points.map { $0.map(\.text) }, [["0.05", "20"], ["0.1", "20"], ["0.05", "10"], ["0.05", "40"]])
  }

  func testListDesignRunsThePointsAsWritten() throws {
    let p = try plan(
      """
      sweep:
        design: list
        points:
          - {model.p: 0.1, seeds.k: 1}
          - {model.p: 0.3, seeds.k: 5}
      """)
    XCTAssertEqual(p.sweep.parameters, ["model.p", "seeds.k"])
    XCTAssertEqual(p.scenario(point: 1, arm: 0).seeding?.k, 5)
  }

  func testAdaptiveReplicatesAreRead() throws {
    let text = Self.base.replacingOccurrences(
      of: "replicates: 10",
      with: "replicates: {until: {metric: spread, ci_halfwidth: 0.05}, max: 400, min: 40, batch: 5}")
    let p = try ScenarioPlan.parse(text, file: "a.yaml")
    XCTAssertEqual(p.replicates, .adaptive(metric: "spread", relativeHalfWidth: 0.05, min: 40, max: 400, batch: 5))
    XCTAssertEqual(p.base.replicates, 400)
  }

  /// Regression (issue 10, item 7): `min` defaults to 30 (was 10) and a smaller one is refused.
  func testAdaptiveMinDefaultsToThirtyAndLessIsRefused() throws {
    let text = Self.base.replacingOccurrences(
      of: "replicates: 10", with: "replicates: {until: {metric: spread, ci_halfwidth: 0.05}, max: 400}")
    XCTAssertEqual(
      try ScenarioPlan.parse(text, file: "a.yaml").replicates,
      .adaptive(metric: "spread", relativeHalfWidth: 0.05, min: 30, max: 400, batch: 10))
    let small = text.replacingOccurrences(of: "max: 400}", with: "max: 400, min: 10}")
    XCTAssertThrowsError(try ScenarioPlan.parse(small, file: "a.yaml")) { error in
      XCTAssertDiagnostic(error, at: "replicates.min", line: 3)
      XCTAssertTrue("\(error)".contains("replicates.min"), "\(error)")
      XCTAssertTrue("\(error)".contains("30"), "\(error)")
    }
  }

  /// Three mistakes in the sweep and arms sections are all reported, each at its line with its
  /// key path: an unknown key path (with a suggestion), an unknown design, and a swept value the
  /// model rejects, located at the sweep line that wrote it.
  func testThreeSweepMistakesAreReportedTogetherWithLines() {
    let text =
      Self.base + """

        arms:
          baseline: {}
          prosumers: {seeds.side: prosumer}
          compare_to: basline
        sweep:
          design: gird
          model.pp: [0.1, 0.2]
          graph.sides.prosumer.count: [10, 20]
        """
    XCTAssertThrowsError(try ScenarioPlan.parse(text, file: "bad.yaml")) { error in
      guard let e = error as? ScenarioError else { return XCTFail("\(error)") }
      let byPath = Dictionary(e.diagnostics.map { ($0.keyPath, $0) }, uniquingKeysWith: { a, _ in a })
      XCTAssertEqual(e.diagnostics.count, 3, "\(e)")
      XCTAssertEqual(byPath["arms.compare_to"]?.line, 17)
      XCTAssertEqual(byPath["arms.compare_to"]?.suggestion, "baseline")
      XCTAssertEqual(byPath["sweep.design"]?.line, 19)
      XCTAssertEqual(byPath["sweep.design"]?.suggestion, "grid")
      XCTAssertEqual(byPath["sweep.model.pp"]?.line, 20)
      XCTAssertEqual(byPath["sweep.model.pp"]?.suggestion, "model.p")
    }
  }

  /// A swept value that the model rejects is reported at the sweep's line, once.
  func testABadSweptValueIsReportedWhereItWasWritten() {
    let text =
      Self.base + """

        sweep:
          model.p: [0.1, 1.7]
          seeds.k: [1, 2]
        """
    XCTAssertThrowsError(try ScenarioPlan.parse(text, file: "bad.yaml")) { error in
      let d = (error as? ScenarioError)?.diagnostics ?? []
      XCTAssertEqual(d.count, 1, "\(d)")
      XCTAssertEqual(d.first?.keyPath, "model.p")
      XCTAssertEqual(d.first?.line, 15)
      XCTAssertTrue(d.first?.found.contains("1.7") ?? false, "\(d)")
    }
  }

  func testOnlyScenarioParametersCanBeSwept() {
    XCTAssertThrowsError(try plan("sweep:\n  replicates: [1, 2]\n")) { error in
      let d = (error as? ScenarioError)?.diagnostics ?? []
      XCTAssertEqual(d.map(\.keyPath), ["sweep.replicates"], "\(d)")
    }
  }
}
