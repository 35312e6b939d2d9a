import XCTest

@testable import BocaRandom

final class StudentTTests: XCTestCase {
  /// Table values of t(0.975, ν): 12.706 (ν = 1), 2.262 (ν = 9), 2.010 (ν = 49), → 1.960.
  func testCriticalValuesMatchTheTable() {
    XCTAssertEqual(StudentT.critical95(n: 2), 12.7062, accuracy: 1e-4)
    XCTAssertEqual(StudentT.critical95(n: 10), 2.26216, accuracy: 1e-5)
    XCTAssertEqual(StudentT.critical95(n: 50), 2.00958, accuracy: 1e-5)
    XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: 1e7), 1.95996, accuracy: 1e-4)
    XCTAssertTrue(StudentT.critical95(n: 1).isNaN)
  }
}
