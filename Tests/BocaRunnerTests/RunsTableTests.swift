import BocaRandom
import BocaResults
import BocaScenario
import XCTest

@testable import BocaRunner

/// Laws of the runs table's one owner (``RunsTable``), on random tables and replicates: the
/// header it writes reads back as the same table, every row it writes reads back as the
/// outcome's values in the columns its names say, and the summary's columns follow its metrics.
final class RunsTableTests: XCTestCase {
  /// A random table: 0–3 parameters, one side (`all`) or 2–4 named sides, with or without the
  /// campaign columns.
  func randomTable(_ mix: inout SplitMix64) -> RunsTable {
    let parameters = (0..<Int.random(in: 0...3, using: &mix)).map { "model.p\($0)" }
    let sides =
      Bool.random(using: &mix) ? ["all"] : (0..<Int.random(in: 2...4, using: &mix)).map { "side\($0)" }
    return RunsTable(parameters: parameters, sides: sides, campaign: Bool.random(using: &mix))
  }

  /// A random replicate on `sides` sides with a recorded curve of 0–20 steps.
  func randomOutcome(_ mix: inout SplitMix64, sides: Int, nodes: Int) -> ReplicateOutcome {
    let bySide = (0..<sides).map { _ in Int.random(in: 0...(nodes / sides), using: &mix) }
    let spread = bySide.reduce(0, +)
    var steps: [Int] = []
    var level = 0
    for _ in 0..<Int.random(in: 0...20, using: &mix) {
      level = min(spread, level + Int.random(in: 0...(nodes / 4 + 1), using: &mix))
      steps.append(level)
    }
    let agitators = Bool.random(using: &mix)
    let stateNames = agitators ? ["infected", "agitators"] : []
    let stateCounts =
      agitators ? steps.flatMap { _ in [Int.random(in: 0...9, using: &mix), Int.random(in: 0...9, using: &mix)] } : []
    var o = ReplicateOutcome(
      spread: spread, bySide: bySide, steps: steps, stepsBySide: [], stateNames: stateNames, stateCounts: stateCounts)
    o.cost = Double(Int.random(in: 0...1000, using: &mix)) / 8
    o.seeded = Int.random(in: 0...spread, using: &mix)
    return o
  }

  func testHeaderReadsBackAsTheSameTableAndEveryMetricNameAsItsMetric() throws {
    var mix = SplitMix64(seed: 4)
    for _ in 0..<200 {
      let table = randomTable(&mix)
      XCTAssertEqual(try RunsTable(parameters: table.parameters, header: table.header), table)
      for metric in table.metrics { XCTAssertEqual(RunsMetric(name: metric.name), metric) }
      XCTAssertEqual(table.columns.count, table.metricRange.upperBound)
      XCTAssertEqual(Array(table.columns[table.parameterRange]), table.parameters)
      let schema = table.schema(parameterTypes: table.parameters.map { _ in .real })
      XCTAssertEqual(schema.columns, table.columns)
      XCTAssertEqual(schema.types[table.metricRange], table.metrics.map(\.type)[...])
    }
  }

  func testRowsReadBackAsTheOutcomesValuesInTheNamedColumns() {
    var mix = SplitMix64(seed: 15)
    for _ in 0..<300 {
      let table = randomTable(&mix)
      let sides = max(1, table.sides.count)
      let nodes = Int.random(in: 1...500, using: &mix)
      let o = randomOutcome(&mix, sides: sides, nodes: nodes)
      let values = table.parameters.map { _ in SweepValue.double(Double(Int.random(in: -99...99, using: &mix)) / 4) }
      let seed = UInt32.random(in: 1...UInt32.max, using: &mix)
      let line = table.line(
        point: 3, arm: "arm, \"b\"", replicate: 7, seed: seed,
        parameterCells: RunsTable.parameterCells(values).map(\.csvField), outcome: o, nodes: nodes)
      let schema = table.schema(parameterTypes: table.parameters.map { _ in .real })
      let record = table.read(line, schema: schema)
      XCTAssertEqual(record.cells.count, table.columns.count, line)
      XCTAssertEqual(record.arm, "arm, \"b\"")
      XCTAssertEqual(record.cells[RunsTable.Key.seed.rawValue], .int(Int(seed)))
      XCTAssertEqual(Array(record.cells[table.parameterRange]), RunsTable.parameterCells(values))
      for (m, metric) in table.metrics.enumerated() {
        let number = record.number(m)
        switch metric {
        case .spread: XCTAssertEqual(number, Double(o.spread))
        case .spreadOnSide(let side): XCTAssertEqual(number, Double(o.bySide[table.sides.firstIndex(of: side)!]))
        case .seeded: XCTAssertEqual(number, Double(o.seeded))
        case .organic: XCTAssertEqual(number, Double(o.spread - o.seeded))
        case .cost: XCTAssertEqual(number, o.cost)
        case .timeTo(let share):
          // The first step with at least the share of the nodes; empty (NaN) when never reached.
          let target = Double(share.rawValue) / 100 * Double(nodes)
          if number.isNaN {
            XCTAssertFalse(o.steps.contains { Double($0) >= target && $0 >= 1 }, line)
          } else {
            let t = Int(number)
            XCTAssertGreaterThanOrEqual(Double(o.steps[t]), target, line)
            XCTAssertTrue(o.steps[..<t].allSatisfy { Double($0) < target || $0 < 1 }, line)
          }
        case .peakAgitators:
          if o.stateNames.isEmpty {
            XCTAssertTrue(number.isNaN)
          } else {
            XCTAssertEqual(
              number, Double(stride(from: 1, to: o.stateCounts.count, by: 2).map { o.stateCounts[$0] }.max() ?? 0))
          }
        }
      }
    }
  }

  func testSummaryColumnsFollowTheRunsTablesMetrics() {
    var mix = SplitMix64(seed: 27)
    for _ in 0..<100 {
      let table = randomTable(&mix)
      let compared = Bool.random(using: &mix)
      let schema = SummaryTable.schema(
        runs: table, parameterTypes: table.parameters.map { _ in .text }, compared: compared)
      let counts = table.metrics.filter { !$0.isTime }.count
      let times = table.metrics.filter(\.isTime).count
      XCTAssertEqual(
        schema.columns.count, 3 + table.parameters.count + counts * (compared ? 7 : 4) + times * 5)
      for metric in table.metrics {
        XCTAssertTrue(schema.columns.contains(metric.name + "_mean"), metric.name)
        XCTAssertEqual(schema.columns.contains(metric.name + "_reached_share"), metric.isTime, metric.name)
      }
    }
  }

  func testAHeaderThatIsNotARunsTablesIsRefusedWithTheColumn() {
    XCTAssertThrowsError(try RunsTable(parameters: ["model.p"], header: "point,arm,replicate,seed,spread")) {
      guard case RunsTableError.unexpectedColumns(let expected, _) = $0 else { return XCTFail("\($0)") }
      XCTAssertEqual(expected.last, "model.p")
    }
    XCTAssertThrowsError(try RunsTable(parameters: [], header: "point,arm,replicate,seed,spread,reach")) {
      XCTAssertEqual($0 as? RunsTableError, .unknownMetric("reach"))
    }
  }
}
