import XCTest

@testable import BocaRandom

final class DistributionTests: XCTestCase {
  /// Sample mean of `n` draws.
  private func sampleMean(_ d: Distribution, n: Int = 200_000, seed: UInt32 = 12345) throws -> (
    mean: Double, sd: Double
  ) {
    let rng = try RandomGenerator(seed: seed)
    var sum = 0.0
    var sumSq = 0.0
    for _ in 0..<n {
      let x = d.sample(rng)
      sum += x
      sumSq += x * x
    }
    let mean = sum / Double(n)
    return (mean, (sumSq / Double(n) - mean * mean).squareRoot())
  }

  /// Every distribution's sample mean is within 5 standard errors of its theoretical mean
  /// (sd/√n with the sample sd; 5σ keeps the family of 11 checks from failing by chance,
  /// p ≈ 6·10⁻⁶ overall, while a wrong parametrisation — e.g. rate for scale — is off by many σ).
  func testSampleMeansMatchTheory() throws {
    let cases: [Distribution] = [
      try Distribution(name: "uniform", positional: [2, 5]),
      try Distribution(name: "normal", named: ["mu": 1.5, "sigma": 2]),
      try Distribution(name: "lognormal", named: ["mu": 0, "sigma": 0.5]),
      try Distribution(name: "beta", positional: [2, 8]),
      try Distribution(name: "gamma", named: ["shape": 3, "scale": 0.5]),
      try Distribution(name: "exponential", positional: [4]),
      try Distribution(name: "pareto", named: ["shape": 3, "scale": 1]),
      try Distribution(name: "poisson", positional: [3.5]),
      try Distribution(name: "binomial", named: ["n": 20, "p": 0.3]),
      try Distribution(name: "geometric", positional: [0.25]),
      try Distribution(name: "discrete", positional: [1, 3]),
    ]
    let n = 200_000
    for d in cases {
      let (mean, sd) = try sampleMean(d, n: n)
      let se = sd / Double(n).squareRoot()
      XCTAssertEqual(mean, d.mean, accuracy: 5 * se, "\(d)")
    }
  }

  func testConstantIsConstant() throws {
    let rng = try RandomGenerator(seed: 1)
    let d = try Distribution(name: "constant", positional: [0.7])
    XCTAssertEqual(d.sample(rng), 0.7)
  }

  func testBadDistributionsAreClearErrors() {
    XCTAssertThrowsError(try Distribution(name: "lognormal", named: ["mu": 0, "sigma": -1])) { error in
      XCTAssertEqual((error as? DistributionError)?.name, "lognormal", "\(error)")
      XCTAssertTrue("\(error)".contains("sigma > 0"), "\(error)")
      XCTAssertTrue("\(error)".contains("-1"), "\(error)")
    }
    XCTAssertThrowsError(try Distribution(name: "betta", positional: [2, 8])) { error in
      XCTAssertEqual((error as? DistributionError)?.name, "betta", "\(error)")
      XCTAssertTrue("\(error)".contains("unknown distribution"), "\(error)")
    }
    XCTAssertThrowsError(try Distribution(name: "beta", positional: [2])) { error in
      XCTAssertEqual((error as? DistributionError)?.name, "beta", "\(error)")
      XCTAssertTrue("\(error)".contains("expected 2 arguments"), "\(error)")
    }
    XCTAssertThrowsError(try Distribution(name: "normal", named: ["mu": 0, "sd": 1])) { error in
      XCTAssertEqual((error as? DistributionError)?.name, "normal", "\(error)")
      XCTAssertTrue("\(error)".contains("unknown parameter 'sd'"), "\(error)")
    }
    XCTAssertThrowsError(try Distribution(name: "discrete", positional: [0, 0])) { error in
      XCTAssertEqual((error as? DistributionError)?.name, "discrete", "\(error)")
    }
    XCTAssertThrowsError(try Distribution(name: "binomial", positional: [2.5, 0.5])) { error in
      XCTAssertEqual((error as? DistributionError)?.name, "binomial", "\(error)")
    }
  }

  func testDiscreteTableFrequencies() throws {
    let table = try DiscreteTable(weights: [1, 2, 7], values: [10, 20, 30])
    let rng = try RandomGenerator(seed: 99)
    var counts = [0, 0, 0]
    let n = 100_000
    for _ in 0..<n { counts[table.sampleIndex(rng)] += 1 }
    // Binomial sd of a count: √(n p (1−p)) ≤ 145 here; allow 5 sd.
    for (i, p) in [0.1, 0.2, 0.7].enumerated() {
      XCTAssertEqual(Double(counts[i]), Double(n) * p, accuracy: 5 * (Double(n) * p * (1 - p)).squareRoot())
    }
    XCTAssertEqual(table.mean, 26, accuracy: 1e-12)
  }
}
