import BocaRandom
@preconcurrency import CGSL
import Foundation

/// The prior of one ABC parameter: a GSL distribution truncated to the parameter's range.
///
/// The density is the distribution's density (`gsl_ran_*_pdf`) on [lower, upper] and 0 outside;
/// the normalising constant of the truncation is left out, because ABC-SMC weights are ratios of
/// prior densities of the same prior and are normalised to sum 1 (Beaumont et al. 2009).
/// Sampling draws from the distribution and redraws values outside [lower, upper] (rejection),
/// which samples the truncated distribution exactly.
public struct Prior: Sendable, Equatable, CustomStringConvertible {
  /// The distributions a prior may be (continuous ones: a density is needed for the weights).
  public static let supportedNames = ["uniform", "beta", "normal", "lognormal", "gamma", "exponential"]

  public let distribution: Distribution
  /// The truncation: the parameter's range (e.g. [0, 1] for a probability).
  public let lower: Double
  public let upper: Double

  /// - Throws: ``PriorError`` for a distribution without a density or a prior with no mass in
  ///   [lower, upper].
  public init(distribution: Distribution, lower: Double, upper: Double) throws {
    switch distribution {
    case .uniform, .beta, .normal, .lognormal, .gamma, .exponential: break
    default: throw PriorError.unsupported(distribution.description, expected: Prior.supportedNames)
    }
    guard lower < upper else { throw PriorError.emptyRange(lower: lower, upper: upper) }
    self.distribution = distribution
    self.lower = lower
    self.upper = upper
    if Self.mass(distribution, lower, upper) <= 1e-12 {
      throw PriorError.noMass(distribution.description, lower: lower, upper: upper)
    }
  }

  public static func == (a: Prior, b: Prior) -> Bool {
    a.description == b.description
  }

  public var description: String { "\(distribution) on [\(lower), \(upper)]" }

  /// The density at x (0 outside [lower, upper]), not renormalised for the truncation.
  public func density(_ x: Double) -> Double {
    guard x >= lower && x <= upper && x.isFinite else { return 0 }
    switch distribution {
    case .uniform(let a, let b): return x >= a && x <= b ? 1 / (b - a) : 0
    case .beta(let a, let b): return gsl_ran_beta_pdf(x, a, b)
    case .normal(let mu, let sigma): return gsl_ran_gaussian_pdf(x - mu, sigma)
    case .lognormal(let mu, let sigma): return x > 0 ? gsl_ran_lognormal_pdf(x, mu, sigma) : 0
    case .gamma(let k, let theta): return x >= 0 ? gsl_ran_gamma_pdf(x, k, theta) : 0
    case .exponential(let mean): return x >= 0 ? gsl_ran_exponential_pdf(x, mean) : 0
    default: return 0
    }
  }

  /// A draw from the truncated prior.
  ///
  /// - Throws: ``PriorError/noMass(_:lower:upper:)`` after 10⁶ draws outside the range.
  public func sample(_ rng: RandomGenerator) throws -> Double {
    for _ in 0..<1_000_000 {
      let x = distribution.sample(rng)
      if x >= lower && x <= upper && density(x) > 0 { return x }
    }
    throw PriorError.noMass(distribution.description, lower: lower, upper: upper)
  }

  /// Probability of [lower, upper] under the untruncated distribution (GSL's cdfs).
  static func mass(_ d: Distribution, _ lo: Double, _ hi: Double) -> Double {
    func cdf(_ x: Double) -> Double {
      switch d {
      case .uniform(let a, let b): return min(1, max(0, (x - a) / (b - a)))
      case .beta(let a, let b): return x <= 0 ? 0 : x >= 1 ? 1 : gsl_cdf_beta_P(x, a, b)
      case .normal(let mu, let sigma): return sigma > 0 ? gsl_cdf_gaussian_P(x - mu, sigma) : (x >= mu ? 1 : 0)
      case .lognormal(let mu, let sigma): return x <= 0 ? 0 : gsl_cdf_lognormal_P(x, mu, sigma)
      case .gamma(let k, let theta): return x <= 0 ? 0 : gsl_cdf_gamma_P(x, k, theta)
      case .exponential(let mean): return x <= 0 ? 0 : gsl_cdf_exponential_P(x, mean)
      default: return 0
      }
    }
    return cdf(hi) - cdf(lo)
  }
}

/// A prior that cannot be used.
public enum PriorError: Error, Equatable, CustomStringConvertible {
  case unsupported(String, expected: [String])
  case emptyRange(lower: Double, upper: Double)
  case noMass(String, lower: Double, upper: Double)

  public var description: String {
    switch self {
    case .unsupported(let d, let expected):
      return "prior \(d) has no density; expected one of \(expected.joined(separator: ", "))"
    case .emptyRange(let lo, let hi): return "prior range [\(lo), \(hi)] is empty"
    case .noMass(let d, let lo, let hi): return "prior \(d) has no mass in the parameter's range [\(lo), \(hi)]"
    }
  }
}
