/// Derives one 32-bit GSL seed per replicate from the scenario's root seed. This is Boca's one
/// randomness policy; every other document links here.
///
/// ## The rule
/// With `mix` the SplitMix64 finaliser (Steele, Lea & Flood 2014; the constants of Stafford's
/// "Mix13"),
///
///     mix(z) = let z = (z ^ (z >> 30)) · 0xBF58476D1CE4E5B9
///              let z = (z ^ (z >> 27)) · 0x94D049BB133111EB
///              z ^ (z >> 31)
///
/// and `⊕` the wrapping addition of the golden-ratio increment 0x9E3779B97F4A7C15, the seed of
/// replicate `r` at sweep point `p` is
///
///     h    = mix(mix(mix(mix(root ⊕ 1) ^ scenarioHash) ⊕ p) ^ r ⊕ attempt)
///     seed = 1 + (h mod (2^32 − 1))                 ∈ [1, 2^32 − 1]
///
/// with `attempt = 0`. GSL keeps only 32 bits of a seed, and `mt19937` maps 0 to 4357, hence the
/// range. Arms of one comparison share these seeds (common random numbers), so the arm does not
/// enter the rule.
///
/// ## Collisions
/// 2^32 seeds make a birthday collision likely past about 77,000 replicates. ``ReplicateSeeds`` walks
/// the (point, replicate) pairs in their canonical order and, when a seed is already taken,
/// re-derives it with `attempt = 1, 2, …` until it is free. Every process computes the same
/// table, so seeds do not depend on threads, shards or resumption.
public enum RandomSeedDerivation {
  /// The SplitMix64 finaliser.
  @inlinable public static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  @usableFromInline static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15

  /// The seed for (`root`, `scenarioHash`, `point`, `replicate`) before collision handling.
  @inlinable public static func seed(
    root: UInt64, scenarioHash: UInt64, point: Int, replicate: Int, attempt: Int = 0
  ) -> UInt32 {
    var h = mix(root &+ golden)
    h = mix(h ^ scenarioHash)
    h = mix(h &+ golden &* UInt64(truncatingIfNeeded: point &+ 1))
    h = mix(h ^ UInt64(truncatingIfNeeded: replicate) &+ golden &* UInt64(truncatingIfNeeded: attempt))
    return UInt32(1 + h % 0xFFFF_FFFF)
  }

  /// A 64-bit FNV-1a hash of `bytes`, used as the scenario hash (of its canonical text).
  public static func fnv1a<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in bytes {
      h ^= UInt64(b)
      h = h &* 0x0000_0100_0000_01B3
    }
    return h
  }
}

/// The seeds of every (point, replicate) of a run, collision-free (see ``RandomSeedDerivation``).
public struct ReplicateSeeds: Sendable {
  /// Number of sweep points.
  public let points: Int
  /// Replicates per point.
  public let replicates: Int
  /// Seeds, point-major.
  public let values: [UInt32]
  /// How many seeds needed re-deriving because of a collision.
  public let collisionsResolved: Int

  /// Computes the table: O(points × replicates) time and memory.
  public init(root: UInt64, scenarioHash: UInt64, points: Int, replicates: Int) {
    self.points = points
    self.replicates = replicates
    var seen = Set<UInt32>(minimumCapacity: points * replicates)
    var values = [UInt32]()
    values.reserveCapacity(points * replicates)
    var resolved = 0
    for p in 0..<points {
      for r in 0..<replicates {
        var attempt = 0
        var s = RandomSeedDerivation.seed(root: root, scenarioHash: scenarioHash, point: p, replicate: r)
        while !seen.insert(s).inserted {
          attempt += 1
          s = RandomSeedDerivation.seed(
            root: root, scenarioHash: scenarioHash, point: p, replicate: r, attempt: attempt)
        }
        if attempt > 0 { resolved += 1 }
        values.append(s)
      }
    }
    self.values = values
    self.collisionsResolved = resolved
  }

  /// The seed of replicate `replicate` at point `point`.
  @inlinable public subscript(point: Int, replicate: Int) -> UInt32 {
    values[point * replicates + replicate]
  }
}
