import Foundation
import XCTest

@testable import BocaDiscovery

final class ConditionTests: XCTestCase {
  /// Generated conditions: each parses back to its comparisons and holds exactly when every
  /// comparison does.
  func testGeneratedConditionsParseAndEvaluate() throws {
    var rng = TestRNG(state: 99)
    let names = ["spread", "diff_spread[employee-advocacy-baseline]", "cost[ads]", "model.p.social", "_x1"]
    let ops = Condition.Operator.allCases
    for _ in 0..<200 {
      let count = Int.random(in: 1...3, using: &rng)
      let parts = (0..<count).map { _ in
        (
          names.randomElement(using: &rng)!, ops.randomElement(using: &rng)!,
          Double(Int.random(in: -50...50, using: &rng)) / 4
        )
      }
      let spaces = [" ", "", "  "]
      let text = parts.map { "\($0.0)\(spaces.randomElement(using: &rng)!)\($0.1.rawValue) \($0.2)" }
        .joined(separator: Bool.random(using: &rng) ? " and " : "  AND ")
      let condition = try Condition(parsing: text)
      XCTAssertEqual(condition.comparisons.map(\.column), parts.map(\.0), text)
      XCTAssertEqual(condition.comparisons.map(\.op), parts.map(\.1), text)
      XCTAssertEqual(condition.comparisons.map(\.value), parts.map(\.2), text)
      let values = Dictionary(names.map { ($0, Double(Int.random(in: -50...50, using: &rng)) / 4) }) { a, _ in a }
      let expected = parts.allSatisfy { name, op, v in
        let x = values[name]!
        switch op {
        case .greater: return x > v
        case .greaterOrEqual: return x >= v
        case .less: return x < v
        case .lessOrEqual: return x <= v
        case .equal: return x == v
        case .notEqual: return x != v
        }
      }
      XCTAssertEqual(condition.holds { values[$0]! }, expected, text)
      XCTAssertFalse(condition.holds { _ in .nan }, "a missing value meets no comparison: \(text)")
    }
  }

  func testErrorsNameThePositionAndWhatWasExpected() {
    let cases: [(String, Int, String)] = [
      ("spread >> 1", 9, "a finite number"),
      ("spread 100", 8, "a comparison operator"),
      ("spread > 1 or cost < 2", 12, "'and' or the end"),
      ("> 1", 1, "a column name"),
      ("spread > 1 and", 15, "a column name"),
      ("spread[ads > 1", 1, "not closed"),
      ("spread > nan", 10, "a finite number"),
      ("", 1, "a column name"),
    ]
    for (text, position, expected) in cases {
      XCTAssertThrowsError(try Condition(parsing: text), text) { error in
        guard let e = error as? Condition.ParseError else { return XCTFail("\(text): \(error)") }
        XCTAssertEqual(e.position, position, "\(text): \(e)")
        XCTAssertTrue(e.description.contains(expected), "\(text): \(e)")
        XCTAssertTrue(e.description.contains("at character \(position)"), "\(text): \(e)")
      }
    }
  }

  /// The binomial upper tail against a direct sum on small cases.
  func testBinomialUpperTail() {
    var rng = TestRNG(state: 7)
    for _ in 0..<100 {
      let n = Int.random(in: 1...30, using: &rng)
      let k = Int.random(in: 0...(n + 1), using: &rng)
      let p = Double.random(in: 0.01...0.99, using: &rng)
      var direct = 0.0
      if k <= n {
        for i in k...n {
          var c = 1.0
          for j in 0..<i { c = c * Double(n - j) / Double(j + 1) }
          direct += c * pow(p, Double(i)) * pow(1 - p, Double(n - i))
        }
      }
      XCTAssertEqual(
        Prim.binomialUpperTail(atLeast: k, of: n, p: p), min(1, direct), accuracy: 1e-9, "\(k) of \(n) at \(p)")
    }
  }

  /// A covering finds the larger region first, then the other one (outside the first), and the trajectory's mass only falls.
  func testCoveringAndTrajectory() throws {
    var rng = TestRNG(state: 31)
    var x: [[Double]] = []
    var y: [Bool] = []
    for _ in 0..<3000 {
      let row = (0..<3).map { _ in Double.random(in: 0..<1, using: &rng) }
      x.append(row)
      y.append((row[0] > 0.6 && row[1] > 0.6) || (row[0] < 0.2 && row[2] < 0.3))
    }
    let results = try Prim().run(x: x, y: y, boxes: 2)
    XCTAssertEqual(results.count, 2)
    for r in results {
      XCTAssertGreaterThan(r.box.density, 0.9)
      for (a, b) in zip(r.trajectory, r.trajectory.dropFirst()) {
        XCTAssertLessThan(b.mass, a.mass)
        XCTAssertLessThanOrEqual(b.coverage, a.coverage)
      }
      XCTAssertGreaterThanOrEqual(r.trajectory.last!.mass, 0.05)
    }
    XCTAssertEqual(results[0].box.low[0], 0.6, accuracy: 0.05, "box 1 is the larger region")
    XCTAssertEqual(results[1].box.high[0], 0.2, accuracy: 0.05, "box 2 is the other region")
    XCTAssertEqual(results[1].box.high[2], 0.3, accuracy: 0.05, "box 2 is the other region")
  }

  func testRejectsBadInput() {
    XCTAssertThrowsError(try Prim().run(x: [], y: [])) { XCTAssertEqual($0 as? Prim.PrimError, .noRows) }
    XCTAssertThrowsError(try Prim().run(x: [[0, 1], [1]], y: [true, false])) {
      XCTAssertEqual($0 as? Prim.PrimError, .ragged(row: 1, expected: 2, found: 1))
    }
    XCTAssertThrowsError(try Prim().run(x: [[0], [.nan]], y: [true, false])) {
      XCTAssertEqual($0 as? Prim.PrimError, .notFinite(row: 1, column: 0))
    }
    XCTAssertThrowsError(try Prim().run(x: [[0], [1]], y: [true])) {
      XCTAssertEqual($0 as? Prim.PrimError, .countMismatch(rows: 2, labels: 1))
    }
    XCTAssertThrowsError(try Prim(alpha: 0.7).run(x: [[0], [1]], y: [true, false])) { error in
      guard case .badSetting(let message)? = error as? Prim.PrimError else { return XCTFail("\(error)") }
      XCTAssertTrue(message.contains("0 < alpha < 0.5"), message)
    }
  }
}
