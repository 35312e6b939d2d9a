import BocaRandom
import Foundation

/// Independent Bernoulli(p) trials over a row of slots (the out-edges of one node): calls the
/// body for every slot that succeeds, in increasing order.
///
/// Below ``skipThreshold`` it does not draw once per slot: it draws the gap G to the next
/// success, G ~ Geometric₀(p), P(G ≥ k) = q^k with q = 1 − p, so a row costs O(successes + 1)
/// draws; at or above it, one uniform per slot is cheaper. Two ways to draw G, both by
/// inversion of the same law:
/// - **by logarithm**, G = ⌊ln U / ln q⌋, U ~ U(0, 1] (`gsl_ran_geometric`'s method): one `log`
///   per success, nothing to set up (`BernoulliTrials(p:)`, for callers that make one per row);
/// - **by table** (`BernoulliTrials(tabulating:)`): with a 32-bit uniform x ∈ [1, 2³²) and
///   t_k = ⌊q^k · 2³²⌋ (k = 1 … K, K ≤ 256), G ≥ k ⇔ x ≤ t_k, so min(G, r) for a row of r slots
///   is found by one comparison (x ≤ t_r: no success in the row) or a binary search over t; when
///   G ≥ K the search moves K slots on and draws afresh, exact because the geometric law is
///   memoryless. No logarithm, and a row without a success costs one draw and one comparison
///   (IC on BA10k at p = 0.1, with ``TausDraws``: 74 k instructions per replicate, against 135 k
///   by logarithm with the generator's state in memory).
/// Both sample the same law: each slot succeeds independently with probability p (the table's
/// thresholds round q^k·2³² down, an error below 2⁻³² per comparison, the resolution of the
/// draws themselves).
///
/// Reference: V. Batagelj and U. Brandes, "Efficient generation of large random networks",
/// Physical Review E 71 (2005) 036113 (geometric skipping); L. Devroye, *Non-Uniform Random
/// Variate Generation* (1986), §III.2 (inversion by sequential and binary search) and §X.2
/// (inversion for the geometric law).
@usableFromInline struct BernoulliTrials: Sendable {
  /// Probabilities below this use geometric skipping (measured: per-slot draws and skipping by
  /// logarithm cost the same around p = 0.1–0.2 on these machines; Benchmarks/README.md).
  @usableFromInline static let skipThreshold = 0.25

  /// The thresholds t_1 … t_K of skipping by table.
  @usableFromInline final class GapTable: @unchecked Sendable {
    @usableFromInline let t: UnsafeMutableBufferPointer<UInt32>

    init(q: Double) {
      var values: [UInt32] = []
      var power = 1.0
      while values.count < 256 {
        power *= q
        let scaled = (power * 4_294_967_296.0).rounded(.down)
        if scaled < 1 { break }
        values.append(UInt32(min(scaled, 4_294_967_295)))
      }
      precondition(!values.isEmpty, "skipping by table needs q^1 · 2^32 ≥ 1")
      t = .allocate(capacity: values.count)
      _ = t.initialize(from: values)
    }

    deinit { t.deallocate() }
  }

  /// The rule the trials apply: plain values and the table's thresholds as a raw buffer, so a
  /// kernel can copy it into its per-replicate pinned channels without retaining ``table``.
  @usableFromInline let rule: TrialRule
  /// Owns the thresholds `rule.gaps` points into, when skipping by table.
  @usableFromInline let table: GapTable?

  @usableFromInline var p: Double { rule.p }

  /// Trials skipping by logarithm (no set-up).
  @inlinable init(p: Double) {
    rule = TrialRule(p: p, gaps: UnsafeBufferPointer(start: nil, count: 0))
    table = nil
  }

  /// Trials skipping by table (a table of up to 256 thresholds, built once).
  init(tabulating p: Double) {
    let table = TrialRule.skips(p) ? GapTable(q: 1 - p) : nil
    rule = TrialRule(p: p, gaps: table.map { UnsafeBufferPointer($0.t) } ?? UnsafeBufferPointer(start: nil, count: 0))
    self.table = table
  }

  /// Calls `success(i)` for each i in `range` whose trial succeeds.
  @inlinable @inline(__always)
  func forEachSuccess(in range: Range<Int>, _ rng: RandomGenerator, _ success: (Int) -> Void) {
    var draws = rng
    rule.forEachSuccess(in: range, &draws, success)
  }

  /// Calls `success(i)` for each i in `range` whose trial succeeds, drawing from `rng`.
  @inlinable @inline(__always)
  func forEachSuccess<Draws: UniformDraws>(in range: Range<Int>, _ rng: inout Draws, _ success: (Int) -> Void) {
    rule.forEachSuccess(in: range, &rng, success)
  }
}

/// The plain-value part of ``BernoulliTrials``: copying it retains nothing (a trivial type), so
/// the threads that share a model can each hold it in their hot loop without touching a shared
/// reference count. `gaps` stays valid while the ``BernoulliTrials`` it came from lives, and is
/// never written after the table is built (hence `@unchecked Sendable`).
@usableFromInline struct TrialRule: @unchecked Sendable {  // `gaps` is read-only
  @usableFromInline let p: Double
  /// 1 / ln(1 − p) when skipping, else 0.
  @usableFromInline let inverseLogQ: Double
  /// ⌈p · 2³²⌉: the integer form of the slot-by-slot test (``UniformDraws/trial(_:threshold:)``).
  @usableFromInline let threshold: UInt64
  /// The thresholds t_1 … t_K of skipping by table; empty when skipping by logarithm.
  @usableFromInline let gaps: UnsafeBufferPointer<UInt32>

  /// Whether trials at `p` skip (geometric gaps) rather than draw once per slot.
  @inlinable static func skips(_ p: Double) -> Bool { p > 0 && p < BernoulliTrials.skipThreshold }

  @inlinable init(p: Double, gaps: UnsafeBufferPointer<UInt32>) {
    self.p = p
    inverseLogQ = Self.skips(p) ? 1 / log1p(-p) : 0
    threshold = RandomGenerator.threshold(p)
    self.gaps = gaps
  }

  /// Calls `success(i)` for each i in `range` whose trial succeeds.
  @inlinable @inline(__always)
  func forEachSuccess(in range: Range<Int>, _ rng: RandomGenerator, _ success: (Int) -> Void) {
    var draws = rng
    forEachSuccess(in: range, &draws, success)
  }

  /// Calls `success(i)` for each i in `range` whose trial succeeds, drawing from `rng`.
  @inlinable @inline(__always)
  func forEachSuccess<Draws: UniformDraws>(in range: Range<Int>, _ rng: inout Draws, _ success: (Int) -> Void) {
    var i = range.lowerBound
    let end = range.upperBound
    if !gaps.isEmpty {
      let t = gaps
      while i < end {
        let x = rng.positive32()
        let limit = min(end - i, t.count)
        // G ≥ limit: no success among the next `limit` slots.
        if x <= t[limit - 1] {
          if limit == end - i { return }
          i += limit  // G ≥ K: memoryless, draw again from here
          continue
        }
        // G < limit: the smallest g with x > t_{g+1} (t is decreasing).
        var lo = 0
        var hi = limit - 1
        while lo < hi {
          let mid = (lo &+ hi) &>> 1
          if x > t[mid] { hi = mid } else { lo = mid &+ 1 }
        }
        i += lo
        success(i)
        i += 1
      }
    } else if inverseLogQ != 0 {
      while i < end {
        let gap = log(rng.uniformPositive()) * inverseLogQ
        if gap >= Double(end - i) { break }
        i += Int(gap)
        success(i)
        i += 1
      }
    } else if p > 0 {
      while i < end {
        if rng.trial(p, threshold: threshold) { success(i) }
        i += 1
      }
    }
  }
}
