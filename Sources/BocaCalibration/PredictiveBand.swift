/// The predictive check of a fit: simulated cumulative adoption curves summarised against the
/// observed curve.
///
/// Given S simulated curves y_s(t), t = 1…T (cumulative fractions), the predictive mean is
/// ȳ(t) = (1/S) Σ_s y_s(t); the 90% band is the 5% and 95% sample quantiles of y_s(t) at each t
/// (linear interpolation between order statistics, Hyndman & Fan 1996 type 7, R's default); the
/// RMSE is sqrt((1/T) Σ_t (ȳ(t) − o(t))²) against the observed curve o.
public struct PredictiveBand: Sendable, Equatable {
  public let mean: [Double]
  public let low: [Double]
  public let high: [Double]
  public let rmse: Double

  /// - Precondition: `curves` is not empty and every curve has `observed.count` values.
  public init(curves: [[Double]], observed: [Double]) {
    precondition(!curves.isEmpty && curves.allSatisfy { $0.count == observed.count })
    let periods = observed.count
    var mean = [Double](repeating: 0, count: periods)
    var low = mean
    var high = mean
    var column = [Double](repeating: 0, count: curves.count)
    var squared = 0.0
    for t in 0..<periods {
      for s in curves.indices { column[s] = curves[s][t] }
      column.sort()
      mean[t] = column.reduce(0, +) / Double(column.count)
      low[t] = Self.quantile(sorted: column, 0.05)
      high[t] = Self.quantile(sorted: column, 0.95)
      squared += (mean[t] - observed[t]) * (mean[t] - observed[t])
    }
    self.mean = mean
    self.low = low
    self.high = high
    self.rmse = periods == 0 ? 0 : (squared / Double(periods)).squareRoot()
  }

  /// Type-7 quantile of sorted values: x[h] with h = (n − 1)·prob, interpolated linearly.
  static func quantile(sorted x: [Double], _ prob: Double) -> Double {
    let h = Double(x.count - 1) * prob
    let lo = Int(h.rounded(.down))
    let hi = min(lo + 1, x.count - 1)
    return x[lo] + (h - Double(lo)) * (x[hi] - x[lo])
  }
}
