@preconcurrency import CGSL
import Foundation

/// A probability distribution that a scenario names for a node attribute, a degree, a threshold…,
/// sampled by GSL.
///
/// In a scenario a distribution is written as a number (a constant), `{name: [args…]}` or
/// `{name: {key: value, …}}`, for example `{beta: [2, 8]}` or `{lognormal: {mu: 0, sigma: 0.5}}`.
/// ``init(name:positional:named:)`` checks the arguments and says what was expected.
///
/// | name | arguments (positional order) | density or mass | GSL sampler |
/// | --- | --- | --- | --- |
/// | `constant` | value | δ(x − value) | — |
/// | `uniform` | a, b (a < b) | 1/(b − a) on [a, b) | `gsl_ran_flat` |
/// | `normal` | mu, sigma (σ ≥ 0) | N(μ, σ²) | `gsl_ran_gaussian_ziggurat` |
/// | `lognormal` | mu, sigma (σ > 0) | ln X ~ N(μ, σ²) | `gsl_ran_lognormal` |
/// | `beta` | a, b (> 0) | x^(a−1)(1−x)^(b−1)/B(a,b) | `gsl_ran_beta` |
/// | `gamma` | shape k, scale θ (> 0) | x^(k−1)e^(−x/θ)/(Γ(k)θ^k) | `gsl_ran_gamma` |
/// | `exponential` | mean μ (> 0) | e^(−x/μ)/μ | `gsl_ran_exponential` |
/// | `pareto` | shape a, scale b (> 0) | a b^a / x^(a+1), x ≥ b | `gsl_ran_pareto` |
/// | `poisson` | mu (≥ 0) | μ^k e^(−μ)/k! | `gsl_ran_poisson` |
/// | `binomial` | n (≥ 0), p ∈ [0,1] | C(n,k) p^k (1−p)^(n−k) | `gsl_ran_binomial` |
/// | `geometric` | p ∈ (0,1] | p(1−p)^(k−1), k ≥ 1 | `gsl_ran_geometric` |
/// | `discrete` | weights w_i ≥ 0 (and optional values v_i) | P(v_i) = w_i/Σw | `gsl_ran_discrete` (Walker alias) |
public enum Distribution: Sendable, CustomStringConvertible {
  case constant(Double)
  case uniform(a: Double, b: Double)
  case normal(mu: Double, sigma: Double)
  case lognormal(mu: Double, sigma: Double)
  case beta(a: Double, b: Double)
  case gamma(shape: Double, scale: Double)
  case exponential(mean: Double)
  case pareto(shape: Double, scale: Double)
  case poisson(mu: Double)
  case binomial(n: Int, p: Double)
  case geometric(p: Double)
  case discrete(DiscreteTable)

  /// Draws one value.
  @inlinable public func sample(_ rng: RandomGenerator) -> Double {
    let r = rng.pointer
    switch self {
    case .constant(let v): return v
    case .uniform(let a, let b): return gsl_ran_flat(r, a, b)
    case .normal(let mu, let sigma): return mu + gsl_ran_gaussian_ziggurat(r, sigma)
    case .lognormal(let mu, let sigma): return gsl_ran_lognormal(r, mu, sigma)
    case .beta(let a, let b): return gsl_ran_beta(r, a, b)
    case .gamma(let k, let theta): return gsl_ran_gamma(r, k, theta)
    case .exponential(let mean): return gsl_ran_exponential(r, mean)
    case .pareto(let a, let b): return gsl_ran_pareto(r, a, b)
    case .poisson(let mu): return Double(gsl_ran_poisson(r, mu))
    case .binomial(let n, let p): return Double(gsl_ran_binomial(r, p, UInt32(n)))
    case .geometric(let p): return Double(gsl_ran_geometric(r, p))
    case .discrete(let table): return table.sample(rng)
    }
  }

  /// The mean of the distribution (for documentation, validation and tests).
  public var mean: Double {
    switch self {
    case .constant(let v): return v
    case .uniform(let a, let b): return (a + b) / 2
    case .normal(let mu, _): return mu
    case .lognormal(let mu, let sigma): return exp(mu + sigma * sigma / 2)
    case .beta(let a, let b): return a / (a + b)
    case .gamma(let k, let theta): return k * theta
    case .exponential(let mean): return mean
    case .pareto(let a, let b): return a > 1 ? a * b / (a - 1) : .infinity
    case .poisson(let mu): return mu
    case .binomial(let n, let p): return Double(n) * p
    case .geometric(let p): return 1 / p
    case .discrete(let table): return table.mean
    }
  }

  public var description: String {
    switch self {
    case .constant(let v): return "\(v)"
    case .uniform(let a, let b): return "uniform(\(a), \(b))"
    case .normal(let mu, let sigma): return "normal(mu: \(mu), sigma: \(sigma))"
    case .lognormal(let mu, let sigma): return "lognormal(mu: \(mu), sigma: \(sigma))"
    case .beta(let a, let b): return "beta(\(a), \(b))"
    case .gamma(let k, let theta): return "gamma(shape: \(k), scale: \(theta))"
    case .exponential(let mean): return "exponential(mean: \(mean))"
    case .pareto(let a, let b): return "pareto(shape: \(a), scale: \(b))"
    case .poisson(let mu): return "poisson(\(mu))"
    case .binomial(let n, let p): return "binomial(n: \(n), p: \(p))"
    case .geometric(let p): return "geometric(\(p))"
    case .discrete(let table): return "discrete(\(table.weights))"
    }
  }
}
