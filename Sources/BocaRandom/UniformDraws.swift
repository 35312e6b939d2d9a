/// A source of uniform draws that a kernel can hold by value: ``TausDraws`` (taus2's three state
/// words in local variables) or a ``RandomGenerator`` itself.
///
/// A kernel written against this protocol and handed a ``TausDraws`` keeps the generator's state
/// in registers for its whole loop, instead of loading and storing it through memory on every
/// draw (each draw's load then waits on the previous draw's store). The stream is the same,
/// draw for draw; ``RandomGenerator/store(_:)`` writes the state back afterwards.
public protocol UniformDraws {
  /// A uniform double in [0, 1).
  mutating func uniform() -> Double
  /// A uniform double in (0, 1).
  mutating func uniformPositive() -> Double
  /// A Bernoulli(p) trial, `uniform() < p`, given also `threshold` = ⌈p · 2³²⌉ for generators of
  /// 32-bit outputs x, for which uniform() = x / 2³² and the test is exactly x < threshold.
  mutating func trial(_ p: Double, threshold: UInt64) -> Bool
  /// A uniform integer in [1, 2³²): the draw of ``uniformPositive()`` times 2³² (truncated for
  /// generators of more than 32 bits).
  mutating func positive32() -> UInt32
}

extension UniformDraws {
  /// ⌈p · 2³²⌉, the integer threshold of ``trial(_:threshold:)``.
  @inlinable public static func threshold(_ p: Double) -> UInt64 { UInt64((p * 4_294_967_296.0).rounded(.up)) }
}

extension RandomGenerator: UniformDraws {
  @inlinable @inline(__always) public func trial(_ p: Double, threshold: UInt64) -> Bool { uniform() < p }

  @inlinable @inline(__always) public func positive32() -> UInt32 {
    while true {
      let x = UInt32(min(uniformPositive() * 4_294_967_296.0, 4_294_967_295))
      if x != 0 { return x }
    }
  }
}

/// GSL's taus2 state (s1, s2, s3) held by value: the same stream as ``RandomGenerator``'s draws.
///
/// GSL keeps the 32-bit words in `unsigned long` and masks every shift to 32 bits; here they are
/// `UInt32`, whose shifts truncate by themselves, so a step is 15 operations instead of 21.
public struct TausDraws: UniformDraws {
  @usableFromInline var s1: UInt32
  @usableFromInline var s2: UInt32
  @usableFromInline var s3: UInt32

  @inlinable init(_ state: UnsafeMutablePointer<UInt>) {
    s1 = UInt32(truncatingIfNeeded: state[0])
    s2 = UInt32(truncatingIfNeeded: state[1])
    s3 = UInt32(truncatingIfNeeded: state[2])
  }

  @inlinable func store(_ state: UnsafeMutablePointer<UInt>) {
    state[0] = UInt(s1)
    state[1] = UInt(s2)
    state[2] = UInt(s3)
  }

  /// One step of taus2 (`taus_get` in GSL's `rng/taus.c`).
  @inlinable @inline(__always) public mutating func next() -> UInt32 {
    s1 = ((s1 & 4_294_967_294) &<< 12) ^ (((s1 &<< 13) ^ s1) &>> 19)
    s2 = ((s2 & 4_294_967_288) &<< 4) ^ (((s2 &<< 2) ^ s2) &>> 25)
    s3 = ((s3 & 4_294_967_280) &<< 17) ^ (((s3 &<< 3) ^ s3) &>> 11)
    return s1 ^ s2 ^ s3
  }

  @inlinable @inline(__always) public mutating func trial(_ p: Double, threshold: UInt64) -> Bool {
    UInt64(next()) < threshold
  }

  @inlinable @inline(__always) public mutating func positive32() -> UInt32 {
    while true {
      let x = next()
      if x != 0 { return x }
    }
  }

  @inlinable @inline(__always) public mutating func uniform() -> Double { Double(next()) / 4_294_967_296.0 }

  @inlinable @inline(__always) public mutating func uniformPositive() -> Double {
    while true {
      let x = next()
      if x != 0 { return Double(x) / 4_294_967_296.0 }
    }
  }
}

extension RandomGenerator {
  /// The taus2 state as a value (`nil` for other kinds): draw from it, then ``store(_:)`` it
  /// back before the generator is used again.
  @inlinable public func tausDraws() -> TausDraws? { taus.map(TausDraws.init) }

  /// Makes `draws` the generator's state: its stream continues where `draws` left it.
  @inlinable public func store(_ draws: TausDraws) {
    if let taus { draws.store(taus) }
  }
}
