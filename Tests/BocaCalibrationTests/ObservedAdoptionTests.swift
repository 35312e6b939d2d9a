import XCTest

@testable import BocaCalibration

final class ObservedAdoptionTests: XCTestCase {
  func testCumulativeFractionCountsAdoptersByPeriodOverAllNodes() {
    let data = ObservedAdoption(nodeCount: 4, periods: 3, toa: [1, 3, nil, 1], nodeSide: [], sideNames: [])
    XCTAssertEqual(data.cumulativeFraction(), [0.5, 0.5, 0.75])
  }

  /// On random data, the sides' curves weighted by the sides' sizes add up to the overall curve.
  func testSideCurvesWeightedBySideSizeAddUpToTheOverallCurve() {
    var rng = SystemRandomNumberGenerator()
    for _ in 0..<100 {
      let n = Int.random(in: 1...60, using: &rng)
      let periods = Int.random(in: 1...10, using: &rng)
      let sides = Int.random(in: 1...4, using: &rng)
      let toa = (0..<n).map { _ in Bool.random(using: &rng) ? Int.random(in: 1...periods, using: &rng) : nil }
      let nodeSide = (0..<n).map { _ in UInt16.random(in: 0..<UInt16(sides), using: &rng) }
      let data = ObservedAdoption(
        nodeCount: n, periods: periods, toa: toa, nodeSide: nodeSide, sideNames: (0..<sides).map { "s\($0)" })
      var sum = [Double](repeating: 0, count: periods)
      for s in 0..<sides {
        let size = Double(nodeSide.filter { Int($0) == s }.count)
        for (t, f) in data.cumulativeFraction(side: s).enumerated() { sum[t] += f * size / Double(n) }
      }
      for (a, b) in zip(sum, data.cumulativeFraction()) { XCTAssertEqual(a, b, accuracy: 1e-12) }
    }
  }
}

final class PredictiveBandTests: XCTestCase {
  func testBandBracketsTheMeanAndRMSEIsZeroWhenTheMeanIsTheObservedCurve() {
    var rng = SystemRandomNumberGenerator()
    for _ in 0..<50 {
      let periods = Int.random(in: 1...12, using: &rng)
      let observed = (0..<periods).map { _ in Double.random(in: 0...1, using: &rng) }
      let offsets = (0..<Int.random(in: 1...40, using: &rng)).map { _ in Double.random(in: -0.1...0.1, using: &rng) }
      let centred = offsets.map { $0 - offsets.reduce(0, +) / Double(offsets.count) }
      let curves = centred.map { d in observed.map { $0 + d } }
      let band = PredictiveBand(curves: curves, observed: observed)
      XCTAssertEqual(band.rmse, 0, accuracy: 1e-12)
      for t in 0..<periods {
        XCTAssertLessThanOrEqual(band.low[t], band.mean[t] + 1e-12)
        XCTAssertGreaterThanOrEqual(band.high[t], band.mean[t] - 1e-12)
      }
    }
  }

  func testQuantileInterpolatesLikeRsType7() {
    XCTAssertEqual(PredictiveBand.quantile(sorted: [1, 2, 3, 4, 5], 0.05), 1.2, accuracy: 1e-12)
    XCTAssertEqual(PredictiveBand.quantile(sorted: [1, 2, 3, 4, 5], 0.95), 4.8, accuracy: 1e-12)
  }
}
