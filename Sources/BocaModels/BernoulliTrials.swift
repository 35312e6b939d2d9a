import BocaRandom
import Foundation

/// Independent Bernoulli(p) trials over a row of slots (the out-edges of one node): calls the
/// body for every slot that succeeds, in increasing order.
///
/// Below ``skipThreshold`` it does not draw once per slot: it draws the gap to the next success,
/// G = ⌊ln U / ln(1 − p)⌋ ~ Geometric₀(p), U ~ U(0, 1] (the inversion method of
/// `gsl_ran_geometric`), so a row costs O(successes + 1) draws; at or above it, one uniform per
/// slot is cheaper than a logarithm per success. Both sample the same law: each slot succeeds
/// independently with probability p.
///
/// Reference: V. Batagelj and U. Brandes, "Efficient generation of large random networks",
/// Physical Review E 71 (2005) 036113 (geometric skipping); L. Devroye, *Non-Uniform Random
/// Variate Generation* (1986), §X.2 (inversion for the geometric law).
@usableFromInline struct BernoulliTrials: Sendable {
  /// Probabilities below this use geometric skipping (measured: per-slot draws and skipping cost
  /// the same around p = 0.1–0.2 on these machines; Benchmarks/README.md).
  @usableFromInline static let skipThreshold = 0.25

  @usableFromInline let p: Double
  /// 1 / ln(1 − p) when skipping, else 0.
  @usableFromInline let inverseLogQ: Double

  @inlinable init(p: Double) {
    self.p = p
    inverseLogQ = p > 0 && p < Self.skipThreshold ? 1 / log1p(-p) : 0
  }

  /// Calls `success(i)` for each i in `range` whose trial succeeds.
  @inlinable @inline(__always)
  func forEachSuccess(in range: Range<Int>, _ rng: RandomGenerator, _ success: (Int) -> Void) {
    var i = range.lowerBound
    let end = range.upperBound
    if inverseLogQ != 0 {
      while i < end {
        let gap = log(rng.uniformPositive()) * inverseLogQ
        if gap >= Double(end - i) { break }
        i += Int(gap)
        success(i)
        i += 1
      }
    } else if p > 0 {
      while i < end {
        if rng.uniform() < p { success(i) }
        i += 1
      }
    }
  }
}
