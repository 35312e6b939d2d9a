import XCTest

@testable import BocaCalibration

final class ObservedAdoptionTests: XCTestCase {
  func testCumulativeFractionCountsAdoptersByPeriodOverAllNodes() {
    let data = ObservedAdoption(nodeCount: 4, periods: 3, toa: [1, 3, nil, 1], nodeSide: [], sideNames: [])
    XCTAssertEqual(data.cumulativeFraction(), [0.5, 0.5, 0.75])
  }
}
