import BocaRandom
import XCTest

@testable import BocaRunner

/// The small statistical types behind `comparison.csv`: Holm's adjustment, the bootstrap ratio
/// interval and the ranking sentence.
final class StatisticsTypesTests: XCTestCase {
  func testRatioIntervalIsReproducibleAndFlaggedWhenTheDenominatorMayBeZero() {
    let gains: [Double] = (0..<50).map { Double(5 + $0 % 7) }
    let costs = gains.map { 3 * $0 }
    let exact = RatioInterval(numerator: costs, denominator: gains, seed: 1)
    XCTAssertEqual(exact.estimate, 3, accuracy: 1e-12)
    XCTAssertEqual(exact.low, 3, accuracy: 1e-12)
    XCTAssertEqual(exact.high, 3, accuracy: 1e-12)
    XCTAssertFalse(exact.denominatorContainsZero)
    let noisyCosts = gains.enumerated().map { 3 * $1 + Double(($0 * 37) % 11) - 5 }
    let a = RatioInterval(numerator: noisyCosts, denominator: gains, seed: 9)
    XCTAssertEqual(a, RatioInterval(numerator: noisyCosts, denominator: gains, seed: 9), "same seed, same interval")
    XCTAssertLessThan(a.low, a.high)
    XCTAssertTrue(a.low <= a.estimate && a.estimate <= a.high)
    let zeroGain = gains.enumerated().map { $0.offset % 2 == 0 ? $0.element : -$0.element }
    let flagged = RatioInterval(numerator: costs, denominator: zeroGain, seed: 1)
    XCTAssertTrue(flagged.denominatorContainsZero)
    XCTAssertTrue(flagged.low.isNaN && flagged.high.isNaN)
  }

  func testHolmAdjustmentKnownValuesAndInvariants() throws {
    let adjusted = Holm.adjust([0.01, 0.04, 0.03, 0.005])
    for (x, y) in zip(adjusted, [0.03, 0.06, 0.06, 0.02]) { XCTAssertEqual(x, y, accuracy: 1e-12) }
    XCTAssertTrue(Holm.adjust([.nan, 0.2])[0].isNaN)
    XCTAssertEqual(Holm.adjust([0.2, .nan])[0], 0.2, accuracy: 1e-12)
    // Generated families: adjusted ≥ unadjusted, ≤ 1, and monotone in the rank of p.
    let rng = try RandomGenerator(seed: 5)
    for _ in 0..<200 {
      let m = 1 + rng.uniformInt(12)
      let p = (0..<m).map { _ in rng.uniform() < 0.2 ? rng.uniform() * 0.01 : rng.uniform() }
      let h = Holm.adjust(p)
      for i in 0..<m {
        XCTAssertGreaterThanOrEqual(h[i], p[i])
        XCTAssertLessThanOrEqual(h[i], 1)
      }
      let order = p.indices.sorted { p[$0] < p[$1] }
      for (i, j) in zip(order, order.dropFirst()) { XCTAssertLessThanOrEqual(h[i], h[j]) }
    }
  }

  /// The ranking never writes `>` between arms whose intervals overlap (c34ebb8
  /// wrote `a > b > c` for any means).
  func testRankingClaimsNoOrderBetweenOverlappingIntervals() {
    func arm(_ name: String, _ values: [Double]) -> (name: String, summary: MeanSummary) { (name, MeanSummary(values)) }
    let wide = ComparisonTable.ranking([
      arm("a", [10, 12, 8, 11]), arm("b", [9, 11, 7, 10]), arm("c", [1, 1.1, 0.9, 1]),
    ])
    XCTAssertTrue(wide.hasPrefix("a (10.2) ≈ b (9.25) > c (1)"), wide)
    let apart = ComparisonTable.ranking([arm("a", [100, 101, 99]), arm("b", [50, 51, 49])])
    XCTAssertEqual(apart, "a (100.0) > b (50)")
    // b's interval is far below a's, but c's (listed after b) reaches a's: no `>` before b.
    let chain = ComparisonTable.ranking([
      arm("a", [10, 10.2, 9.8]), arm("b", [5, 5.1, 4.9]), arm("c", [4, 30, -20]),
    ])
    XCTAssertFalse(chain.contains(">"), chain)
  }

}
