@preconcurrency import CGSL

/// A GSL random number generator, owned by this object and freed when it goes away.
///
/// Every simulated replicate draws from its own `RandomGenerator`, seeded with a seed from
/// ``RandomSeedDerivation``. The default kind is ``GeneratorKind/taus2`` (L'Ecuyer 1996, maximally
/// equidistributed combined Tausworthe, period 2^88): re-seeding it costs about 0.01 µs, so a
/// fresh seed per replicate is free even for cascades that take 1–2 µs.
///
/// A generator is not `Sendable`: create it inside the task that uses it (docs/architecture.md,
/// "Swift and GSL rules").
///
/// Reference: M. Galassi et al., *GNU Scientific Library Reference Manual*, §18 "Random Number
/// Generation"; P. L'Ecuyer, "Maximally equidistributed combined Tausworthe generators",
/// Mathematics of Computation 65 (1996) 203–213.
public final class RandomGenerator {
  /// The C generator. Kernels read it through the inlinable draws below.
  @usableFromInline let pointer: UnsafeMutablePointer<gsl_rng>
  /// The kind of generator.
  public let kind: GeneratorKind
  /// For `taus2`: GSL's own state words (s1, s2, s3), which the draws below advance in place with
  /// GSL's algorithm, inlined (the same trick as SLiM's `taus_get_inline`). The stream is GSL's,
  /// bit for bit (tested), and GSL's samplers called on `pointer` continue it seamlessly.
  @usableFromInline let taus: UnsafeMutablePointer<UInt>?

  /// Allocates a generator of `kind` seeded with `seed`.
  ///
  /// - Throws: ``GSLError`` when GSL cannot allocate the generator.
  public init(kind: GeneratorKind = .taus2, seed: UInt32) throws {
    GSL.switchErrorHandlerOff()
    guard let pointer = gsl_rng_alloc(kind.gslType) else {
      throw GSLError(status: Int32(GSL_ENOMEM), context: "gsl_rng_alloc(\(kind.rawValue))")
    }
    self.pointer = pointer
    self.kind = kind
    taus = kind == .taus2 ? gsl_rng_state(pointer).assumingMemoryBound(to: UInt.self) : nil
    gsl_rng_set(pointer, UInt(seed))
  }

  deinit { gsl_rng_free(pointer) }

  /// Re-seeds the generator in place (`gsl_rng_set`). Costs about 0.01 µs for `taus2`.
  @inlinable public func reseed(_ seed: UInt32) { gsl_rng_set(pointer, UInt(seed)) }

  /// A uniform double in [0, 1) (`gsl_rng_uniform`).
  @inlinable @inline(__always) public func uniform() -> Double {
    if let taus { return Double(Self.tausStep(taus)) / 4_294_967_296.0 }
    return gsl_rng_uniform(pointer)
  }

  /// A uniform double in (0, 1) (`gsl_rng_uniform_pos`): safe to take the logarithm of.
  @inlinable @inline(__always) public func uniformPositive() -> Double {
    guard let taus else { return gsl_rng_uniform_pos(pointer) }
    while true {
      let x = Self.tausStep(taus)
      if x != 0 { return Double(x) / 4_294_967_296.0 }
    }
  }

  /// A raw integer in [min, max] of the generator (`gsl_rng_get`); [0, 2^32 − 1] for `taus2`
  /// and `mt19937`.
  @inlinable @inline(__always) public func next() -> UInt {
    if let taus { return Self.tausStep(taus) }
    return gsl_rng_get(pointer)
  }

  /// One step of GSL's taus2 (`taus_get` in GSL's `rng/taus.c`): three Tausworthe components,
  /// L'Ecuyer (1996), on 32-bit words held in `unsigned long` (computed as ``TausDraws`` does).
  @inlinable @inline(__always) static func tausStep(_ s: UnsafeMutablePointer<UInt>) -> UInt {
    var draws = TausDraws(s)
    let x = draws.next()
    draws.store(s)
    return UInt(x)
  }

  /// The largest value ``next()`` returns.
  public var maxValue: UInt { gsl_rng_max(pointer) }

  /// A uniform integer in [0, n) (`gsl_rng_uniform_int`), without modulo bias.
  ///
  /// - Precondition: 0 < n ≤ range of the generator.
  @inlinable public func uniformInt(_ n: Int) -> Int {
    Int(gsl_rng_uniform_int(pointer, UInt(n)))
  }

  /// A Bernoulli trial with success probability `p` (one uniform draw).
  @inlinable public func bernoulli(_ p: Double) -> Bool { uniform() < p }

  /// Shuffles `array` in place with GSL's Fisher–Yates shuffle (`gsl_ran_shuffle`).
  public func shuffle<T>(_ array: inout [T]) {
    let count = array.count
    guard count > 1 else { return }
    array.withUnsafeMutableBytes { raw in
      gsl_ran_shuffle(pointer, raw.baseAddress, count, MemoryLayout<T>.stride)
    }
  }

  /// `k` distinct indices drawn uniformly without replacement from [0, n), in increasing order
  /// (`gsl_ran_choose`, Knuth's selection sampling, O(n)).
  public func choose(_ k: Int, from n: Int) -> [Int] {
    precondition(k <= n, "cannot choose \(k) of \(n)")
    guard k > 0 else { return [] }
    var source = Array(0..<n)
    var chosen = [Int](repeating: 0, count: k)
    source.withUnsafeMutableBytes { src in
      chosen.withUnsafeMutableBytes { dst in
        _ = gsl_ran_choose(pointer, dst.baseAddress, k, src.baseAddress, n, MemoryLayout<Int>.stride)
      }
    }
    return chosen
  }
}

/// The GSL generator algorithms a scenario may choose (`rng:` key, `--rng` option).
public enum GeneratorKind: String, CaseIterable, Sendable, Codable {
  /// L'Ecuyer's maximally equidistributed Tausworthe (default): fastest to seed and draw.
  case taus2
  /// Mersenne Twister MT19937 (Matsumoto & Nishimura 1998): about 3.8 µs to seed.
  case mt19937
  /// RANLUX second-generation, single precision, luxury 0 (Lüscher 1994).
  case ranlxs0
  /// RANLUX second-generation, double precision, luxury 1.
  case ranlxd1
  /// Four-tap lagged-Fibonacci shift register (Ziff 1998): about 430 µs to seed.
  case gfsr4
  /// RANLUX at luxury 389 (decorrelated to the full period).
  case ranlux389
  /// Numerical Recipes ran2 (L'Ecuyer with Bays–Durham shuffle).
  case ran2

  var gslType: UnsafePointer<gsl_rng_type> {
    switch self {
    case .taus2: return boca_rng_taus2()
    case .mt19937: return boca_rng_mt19937()
    case .ranlxs0: return boca_rng_ranlxs0()
    case .ranlxd1: return boca_rng_ranlxd1()
    case .gfsr4: return boca_rng_gfsr4()
    case .ranlux389: return boca_rng_ranlux389()
    case .ran2: return boca_rng_ran2()
    }
  }
}

extension RandomGenerator {
  /// A raw draw through GSL's function pointer (`gsl_rng_get`), bypassing the inline path: for
  /// tests that check the inline path against GSL.
  public func gslNext() -> UInt { gsl_rng_get(pointer) }
}
