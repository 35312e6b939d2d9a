@preconcurrency import CGSL

/// A categorical distribution: value `values[i]` with probability `weights[i] / Σ weights`,
/// sampled in O(1) by Walker's alias method (`gsl_ran_discrete`, preprocessing O(K)).
///
/// Owns the GSL lookup table and frees it. The table is read-only after creation, so it may be
/// shared between threads.
///
/// Reference: A. J. Walker, "An efficient method for generating discrete random variables with
/// general distributions", ACM TOMS 3 (1977) 253–256; GSL manual §20.39.
public final class DiscreteTable: @unchecked Sendable {
  /// The unnormalised weights.
  public let weights: [Double]
  /// The value of each category (defaults to 0, 1, …, K−1).
  public let values: [Double]
  @usableFromInline let table: UnsafeMutablePointer<gsl_ran_discrete_t>

  /// Builds the table.
  ///
  /// - Throws: ``DistributionError`` when a weight is negative or not finite, when all are zero,
  ///   or when `values` has another length than `weights`.
  public init(weights: [Double], values: [Double]? = nil) throws {
    guard !weights.isEmpty else {
      throw DistributionError(name: "discrete", message: "expected at least one weight, found none")
    }
    if let bad = weights.first(where: { !($0 >= 0) || !$0.isFinite }) {
      throw DistributionError(name: "discrete", message: "expected weights ≥ 0, found \(bad)")
    }
    guard weights.contains(where: { $0 > 0 }) else {
      throw DistributionError(name: "discrete", message: "expected a positive weight, found all zero")
    }
    let values = values ?? weights.indices.map(Double.init)
    guard values.count == weights.count else {
      throw DistributionError(
        name: "discrete",
        message: "expected as many values as weights (\(weights.count)), found \(values.count)")
    }
    GSL.switchErrorHandlerOff()
    guard let table = weights.withUnsafeBufferPointer({ gsl_ran_discrete_preproc($0.count, $0.baseAddress) })
    else {
      throw GSLError(status: Int32(GSL_ENOMEM), context: "gsl_ran_discrete_preproc")
    }
    self.weights = weights
    self.values = values
    self.table = table
  }

  deinit { gsl_ran_discrete_free(table) }

  /// Draws a category index in [0, K).
  @inlinable public func sampleIndex(_ rng: RandomGenerator) -> Int {
    Int(gsl_ran_discrete(rng.pointer, table))
  }

  /// Draws a category's value.
  @inlinable public func sample(_ rng: RandomGenerator) -> Double { values[sampleIndex(rng)] }

  /// Σ p_i v_i.
  public var mean: Double {
    let total = weights.reduce(0, +)
    return zip(weights, values).reduce(0) { $0 + $1.0 * $1.1 } / total
  }
}
