import BocaRandom
import XCTest

@testable import BocaCalibration

/// Priors: draws stay in the truncation range, the density is 0 outside it, and the sample mean
/// matches the truncated mean (computed by quadrature of the density).
final class AbcPriorTests: XCTestCase {
  func testDrawsStayInRangeAndMatchTheTruncatedDensity() throws {
    let priors: [Distribution] = [
      .uniform(a: 0.1, b: 0.4), .beta(a: 2, b: 5), .normal(mu: 0.2, sigma: 0.5), .lognormal(mu: -2, sigma: 1),
      .gamma(shape: 2, scale: 0.2), .exponential(mean: 0.3),
    ]
    let rng = try RandomGenerator(seed: 4)
    for d in priors {
      let prior = try Prior(distribution: d, lower: 0, upper: 1)
      let n = 20_000
      var sum = 0.0
      for _ in 0..<n {
        let x = try prior.sample(rng)
        XCTAssertTrue(x >= 0 && x <= 1 && prior.density(x) > 0, "\(d): \(x)")
        sum += x
      }
      XCTAssertEqual(prior.density(-0.01), 0)
      XCTAssertEqual(prior.density(1.01), 0)
      // Truncated mean by the midpoint rule on 10^4 cells.
      var mass = 0.0
      var moment = 0.0
      let cells = 10_000
      for i in 0..<cells {
        let x = (Double(i) + 0.5) / Double(cells)
        mass += prior.density(x)
        moment += x * prior.density(x)
      }
      let mean = moment / mass
      // The sample mean's standard error is at most 0.5/√n ≈ 0.0035; 5 SE.
      XCTAssertEqual(sum / Double(n), mean, accuracy: 0.018, "\(d)")
    }
  }

  func testPriorsWithoutDensityOrMassAreRefused() {
    XCTAssertThrowsError(try Prior(distribution: .poisson(mu: 1), lower: 0, upper: 1))
    XCTAssertThrowsError(try Prior(distribution: .constant(0.5), lower: 0, upper: 1))
    XCTAssertThrowsError(try Prior(distribution: .uniform(a: 2, b: 3), lower: 0, upper: 1))
    XCTAssertThrowsError(try Prior(distribution: .normal(mu: 50, sigma: 1), lower: 0, upper: 1))
  }
}
