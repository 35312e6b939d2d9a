import BocaRandom
import XCTest

/// `Int(clamping:to:)` never traps and agrees with `Int(_:)` wherever that is defined.
final class ClampedConversionTests: XCTestCase {
  func testEveryDoubleConvertsWithinTheRange() {
    var g = SystemRandomNumberGenerator()
    let special: [Double] = [
      0, -0.0, .infinity, -.infinity, .nan, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
      .leastNonzeroMagnitude, 9_223_372_036_854_775_807, 9_223_372_036_854_775_808, -9_223_372_036_854_775_808,
      18_446_744_073_709_551_616, 1e19, -1e19, 0.5, -0.5,
    ]
    let random = (0..<2_000).map { _ in Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &g)) }
    for x in special + random {
      let low = Int.random(in: -1_000...0, using: &g)
      let range = low...(low + Int.random(in: 0...1_000_000, using: &g))
      for r in [Int.min...Int.max, range] {
        let v = Int(clamping: x, to: r)
        XCTAssertTrue(r.contains(v), "\(x) → \(v) outside \(r)")
        if let exact = Int(exactly: x.rounded(.towardZero)), r.contains(exact) { XCTAssertEqual(v, exact, "\(x)") }
        if x.isNaN { XCTAssertEqual(v, r.lowerBound) }
        if x == .infinity { XCTAssertEqual(v, r.upperBound) }
      }
    }
  }
}
