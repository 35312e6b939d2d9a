import Foundation
import XCTest

@testable import BocaDiscovery

/// SplitMix64: a small seeded generator for the generated cases.
struct TestRNG: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

final class PrimTests: XCTestCase {
  /// A known box on uniform data with label noise: y = 1 inside, 0 outside, each label flipped
  /// with probability `noise`. `bounds[j]` is the true (low, high) of dimension j, (0, 1) when
  /// the dimension does not matter.
  func sample(n: Int, bounds: [(Double, Double)], noise: Double, rng: inout TestRNG) -> ([[Double]], [Bool]) {
    var x: [[Double]] = []
    var y: [Bool] = []
    for _ in 0..<n {
      let row = bounds.map { _ in Double.random(in: 0..<1, using: &rng) }
      var inside = zip(row, bounds).allSatisfy { $0 >= $1.0 && $0 <= $1.1 }
      if Double.random(in: 0..<1, using: &rng) < noise { inside.toggle() }
      x.append(row)
      y.append(inside)
    }
    return (x, y)
  }

  /// The issue's check: x1 > 0.6, x2 < 0.3 with 10% label noise on [0, 1]^4, n = 3000.
  func testRecoversTheIssueBox() throws {
    var rng = TestRNG(state: 13)
    let truth: [(Double, Double)] = [(0.6, 1), (0, 0.3), (0, 1), (0, 1)]
    let (x, y) = sample(n: 3000, bounds: truth, noise: 0.1, rng: &rng)
    let result = try XCTUnwrap(Prim().run(x: x, y: y).first)
    try check(result, truth: truth, x: x, label: "issue box")
  }

  /// The issue's box on 20 generated data sets (n = 2000, [0, 1]^4): every bound within 0.05
  /// and the unrelated dimensions unrestricted each time.
  func testRecoversTheIssueBoxAcrossSamples() throws {
    let truth: [(Double, Double)] = [(0.6, 1), (0, 0.3), (0, 1), (0, 1)]
    var worst = 0.0
    for seed in 1...20 {
      var rng = TestRNG(state: UInt64(seed) &* 7919)
      let (x, y) = sample(n: 2000, bounds: truth, noise: 0.1, rng: &rng)
      let result = try XCTUnwrap(Prim().run(x: x, y: y).first)
      try check(result, truth: truth, x: x, label: "sample \(seed)", verbose: false)
      worst = max(worst, abs(result.box.low[0] - 0.6), abs(result.box.high[1] - 0.3))
    }
    print("PRIM issue box over 20 samples: largest bound error \(worst)")
  }

  /// With p-drop 1 every restriction that peeling and pasting left is kept, and the dropped
  /// list is empty; with the default, a dropped dimension is unrestricted in the result.
  func testPDropKeepsOrDrops() throws {
    for seed in 1...10 {
      var rng = TestRNG(state: UInt64(seed) &* 104_729)
      let (x, y) = sample(n: 1500, bounds: [(0.5, 1), (0, 1), (0, 1)], noise: 0.15, rng: &rng)
      let all = try XCTUnwrap(Prim(pDrop: 1).run(x: x, y: y).first)
      XCTAssertTrue(all.dropped.isEmpty)
      let pruned = try XCTUnwrap(Prim().run(x: x, y: y).first)
      for j in pruned.dropped { XCTAssertFalse(pruned.restricted[j]) }
      for (j, p) in pruned.pValue.enumerated() where pruned.restricted[j] { XCTAssertLessThanOrEqual(p!, 0.05) }
      XCTAssertEqual(pruned.restricted.filter { $0 }.count + pruned.dropped.count, all.restricted.filter { $0 }.count)
    }
  }

  /// Generated boxes: two or three restricted dimensions out of five, each bounded on a random
  /// side (or both), with mass ≥ 0.12.
  func testRecoversGeneratedBoxes() throws {
    var rng = TestRNG(state: 2026)
    for case_ in 0..<8 {
      let d = 5
      var truth = [(Double, Double)](repeating: (0, 1), count: d)
      let chosen = Array((0..<d).shuffled(using: &rng).prefix(Int.random(in: 2...3, using: &rng)))
      repeat {
        for j in chosen {
          switch Int.random(in: 0..<3, using: &rng) {
          case 0: truth[j] = (Double.random(in: 0.2...0.6, using: &rng), 1)
          case 1: truth[j] = (0, Double.random(in: 0.4...0.8, using: &rng))
          default:
            let a = Double.random(in: 0.15...0.4, using: &rng)
            truth[j] = (a, a + Double.random(in: 0.4...0.6, using: &rng))
          }
        }
      } while truth.reduce(1.0, { $0 * ($1.1 - $1.0) }) < 0.12
      let (x, y) = sample(n: 4000, bounds: truth, noise: 0.1, rng: &rng)
      let result = try XCTUnwrap(Prim().run(x: x, y: y).first)
      try check(result, truth: truth, x: x, label: "case \(case_)")
    }
  }

  /// A grid (every value tied with many others): whole tie groups are peeled, and the box is
  /// the grid cells of the region.
  func testGridWithTies() throws {
    var x: [[Double]] = []
    var y: [Bool] = []
    for a in 0..<6 {
      for b in 0..<6 {
        for c in 0..<6 {
          x.append([Double(a), Double(b), Double(c)])
          y.append(a >= 3 && b <= 2)
        }
      }
    }
    let result = try XCTUnwrap(Prim().run(x: x, y: y).first)
    XCTAssertEqual(result.box.low, [3, 0, 0])
    XCTAssertEqual(result.box.high, [5, 2, 5])
    XCTAssertEqual(result.restricted, [true, true, false])
    XCTAssertEqual(result.box.density, 1)
    XCTAssertEqual(result.box.coverage, 1)
  }

  func check(
    _ result: Prim.Result, truth: [(Double, Double)], x: [[Double]], label: String, verbose: Bool = true
  ) throws {
    for (j, bound) in truth.enumerated() {
      let dataLow = x.map { $0[j] }.min()!
      let dataHigh = x.map { $0[j] }.max()!
      let found = (result.box.low[j], result.box.high[j])
      if verbose {
        print(
          "PRIM \(label) x\(j + 1): true [\(bound.0), \(bound.1)] found [\(found.0), \(found.1)] p \(result.pValue[j] ?? .nan)"
        )
      }
      if bound.0 > 0 {
        XCTAssertEqual(found.0, bound.0, accuracy: 0.05, "\(label): low of x\(j + 1)")
      } else {
        XCTAssertEqual(found.0, dataLow, "\(label): x\(j + 1) has no low bound")
      }
      if bound.1 < 1 {
        XCTAssertEqual(found.1, bound.1, accuracy: 0.05, "\(label): high of x\(j + 1)")
      } else {
        XCTAssertEqual(found.1, dataHigh, "\(label): x\(j + 1) has no high bound")
      }
      let matters = bound.0 > 0 || bound.1 < 1
      XCTAssertEqual(result.restricted[j], matters, "\(label): x\(j + 1) restricted")
      if matters { XCTAssertLessThan(try XCTUnwrap(result.pValue[j]), 1e-6, "\(label): x\(j + 1) p-value") }
    }
    XCTAssertGreaterThan(result.box.density, 0.8, label)
  }
}
