@preconcurrency import CGSL

/// Quantiles of Student's t distribution, through GSL's `gsl_cdf_tdist_Pinv`.
///
/// Used for the confidence intervals of result summaries: the two-sided 95% interval of a mean
/// of n values is `mean ± t(0.975, n − 1) · sd / √n`.
///
/// Reference: M. Galassi et al., *GNU Scientific Library Reference Manual*, §20.21 "The
/// t-distribution".
public enum StudentT {
  /// The quantile `x` with `P(T ≤ x) = p` for `degreesOfFreedom` (> 0); NaN when undefined.
  public static func quantile(_ p: Double, degreesOfFreedom: Double) -> Double {
    guard degreesOfFreedom > 0, p > 0, p < 1 else { return .nan }
    return gsl_cdf_tdist_Pinv(p, degreesOfFreedom)
  }

  /// The two-sided p-value of a t statistic with `degreesOfFreedom` (> 0): `2·P(T > |t|)`,
  /// through `gsl_cdf_tdist_Q`; NaN when undefined.
  public static func twoSidedP(_ t: Double, degreesOfFreedom: Double) -> Double {
    guard degreesOfFreedom > 0, !t.isNaN else { return .nan }
    return min(1, 2 * gsl_cdf_tdist_Q(abs(t), degreesOfFreedom))
  }

  /// The half-width multiplier of a two-sided 95% confidence interval from `n` values:
  /// `t(0.975, n − 1)`; NaN for n < 2.
  public static func critical95(n: Int) -> Double {
    n < 2 ? .nan : quantile(0.975, degreesOfFreedom: Double(n - 1))
  }
}
