/// The estimation methods `boca fit` knows; the raw values are the names in `estimates.csv` and
/// `fits.csv` and in the scenario's `fits:` list.
public enum FitMethod: String, Sendable, CaseIterable {
  /// Non-linear least squares of the mean-field Bass curve on the cumulative adoption fraction.
  case nlsMeanfield = "nls-meanfield"
  /// Maximum likelihood of a discrete-time network hazard model (exact likelihood).
  case mle = "mle"
  /// Approximate Bayesian computation by sequential Monte Carlo, for any simulated model.
  case abcSmc = "abc-smc"
}
