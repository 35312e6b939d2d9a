import BocaRandom

/// A ratio of paired mean differences, Σ(a_r − b_r) / Σ(c_r − d_r) (e.g. extra cost per extra
/// adopter), with a percentile bootstrap 95% interval from resampling replicates with
/// replacement, the pairs kept together (B. Efron and R. J. Tibshirani, *An Introduction to the
/// Bootstrap*, Chapman & Hall 1993, §13.3 percentile interval; §6 for paired data).
///
/// When the denominator's paired 95% t interval contains 0 the ratio is unbounded: by Fieller's
/// theorem its confidence set is then not an interval (E. C. Fieller, "Some problems in interval
/// estimation", J. R. Statist. Soc. B 16 (1954) 175–185), so no interval is given and
/// ``denominatorContainsZero`` flags it.
public struct RatioInterval: Sendable, Equatable {
  /// Bootstrap resamples.
  public static let resamples = 2000

  public let estimate: Double
  public let low: Double
  public let high: Double
  public let denominatorContainsZero: Bool

  /// `numerator[r]` and `denominator[r]` are replicate r's paired differences; `seed` seeds the
  /// resampling (derived from the run's seeds, so the interval is reproducible).
  public init(numerator: [Double], denominator: [Double], seed: UInt32) {
    let n = min(numerator.count, denominator.count)
    let d = MeanSummary(Array(denominator.prefix(n)))
    let sumN = numerator.prefix(n).reduce(0, +)
    let sumD = denominator.prefix(n).reduce(0, +)
    estimate = sumD == 0 ? .nan : sumN / sumD
    denominatorContainsZero = n < 2 || !(d.ciLow > 0 || d.ciHigh < 0)
    guard !denominatorContainsZero, let rng = try? RandomGenerator(kind: .taus2, seed: seed) else {
      low = .nan
      high = .nan
      return
    }
    var ratios: [Double] = []
    ratios.reserveCapacity(Self.resamples)
    for _ in 0..<Self.resamples {
      var a = 0.0
      var b = 0.0
      for _ in 0..<n {
        let r = rng.uniformInt(n)
        a += numerator[r]
        b += denominator[r]
      }
      ratios.append(b == 0 ? (a == 0 ? .nan : a.sign == .minus ? -.infinity : .infinity) : a / b)
    }
    ratios = ratios.filter { !$0.isNaN }.sorted()
    guard !ratios.isEmpty else {
      low = .nan
      high = .nan
      return
    }
    func quantile(_ q: Double) -> Double {
      let k = min(ratios.count - 1, max(0, Int((q * Double(ratios.count)).rounded(.down))))
      return ratios[k]
    }
    low = quantile(0.025)
    high = quantile(0.975)
  }
}
