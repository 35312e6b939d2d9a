import BocaRandom
import XCTest

@testable import BocaModels

/// Geometric skipping by table against skipping by logarithm and against the Bernoulli law.
final class BernoulliTrialsTests: XCTestCase {
  func successes(_ trials: BernoulliTrials, row: Int, seed: UInt32) throws -> [Int] {
    let rng = try RandomGenerator(seed: seed)
    var hits: [Int] = []
    trials.forEachSuccess(in: 0..<row, rng) { hits.append($0) }
    return hits
  }

  /// Both invert the same draw x: G = ⌊ln(x/2³²)/ln q⌋ and max{k : x ≤ ⌊q^k 2³²⌋} differ only
  /// when x falls within rounding (≈2⁻³² relative) of a threshold, or when G reaches the table's
  /// end (K = 99 at p = 0.2, P(G ≥ 99) ≈ 2·10⁻¹⁰), so from the same seeds the two pick the same
  /// slots on every one of these 15,000 rows.
  func testTableAndLogarithmPickTheSameSlotsFromTheSameDraws() throws {
    for p in [0.02, 0.1, 0.2] {
      let table = BernoulliTrials(tabulating: p)
      let logarithm = BernoulliTrials(p: p)
      XCTAssertNotNil(table.table)
      XCTAssertNil(logarithm.table)
      var differ = 0
      for seed in 1...5000 {
        let row = 1 + Int(seed % 150)
        if try successes(table, row: row, seed: UInt32(seed)) != successes(logarithm, row: row, seed: UInt32(seed)) {
          differ += 1
        }
      }
      XCTAssertEqual(differ, 0, "p = \(p)")
    }
  }

  /// Each slot succeeds with probability p, also past the table's K slots (where the search
  /// draws afresh, relying on memorylessness): on rows of 600 slots, the success count of each
  /// block of 50 slots is Binomial(50·R, p) over R rows — every block within 4 SD of its mean —
  /// and the counts per row are Binomial(600, p) in mean and variance (within 4 SE; within 10% on the
  /// variance, whose relative SE over R = 4000 rows is √(2/R) ≈ 2.2%: 4.5 SE).
  func testTableSamplesTheBernoulliLawAcrossTheTableEnd() throws {
    let p = 0.1
    let trials = BernoulliTrials(tabulating: p)
    XCTAssertLessThan(trials.table!.t.count, 600, "rows outrun the table")
    let rows = 4000
    let row = 600
    var blocks = [Int](repeating: 0, count: row / 50)
    var perRow: [Double] = []
    let rng = try RandomGenerator(seed: 12)
    for _ in 0..<rows {
      var c = 0
      trials.forEachSuccess(in: 0..<row, rng) {
        blocks[$0 / 50] += 1
        c += 1
      }
      perRow.append(Double(c))
    }
    let n = Double(50 * rows)
    for (b, count) in blocks.enumerated() {
      XCTAssertLessThan(abs(Double(count) - n * p), 4 * (n * p * (1 - p)).squareRoot(), "block \(b)")
    }
    let mean = perRow.reduce(0, +) / Double(rows)
    let variance = perRow.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(rows - 1)
    let expected = Double(row) * p
    XCTAssertLessThan(abs(mean - expected), 4 * (expected * (1 - p) / Double(rows)).squareRoot())
    XCTAssertEqual(variance, expected * (1 - p), accuracy: 0.1 * expected * (1 - p))
  }

  /// ``TausDraws`` continues the generator's own stream, draw for draw, and hands it back.
  func testTausDrawsIsTheGeneratorsStream() throws {
    let a = try RandomGenerator(seed: 77)
    let b = try RandomGenerator(seed: 77)
    var draws = try XCTUnwrap(b.tausDraws())
    for _ in 0..<1000 { XCTAssertEqual(UInt32(a.next()), draws.next()) }
    b.store(draws)
    for _ in 0..<10 { XCTAssertEqual(a.next(), b.next()) }
    XCTAssertNil(try RandomGenerator(kind: .mt19937, seed: 1).tausDraws())
  }
}
