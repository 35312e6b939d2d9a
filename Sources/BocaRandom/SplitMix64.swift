/// SplitMix64 (Steele, Lea & Flood 2014) as a Swift `RandomNumberGenerator`: the state advances
/// by the golden-ratio increment and each output is ``RandomSeedDerivation/mix(_:)`` of it. Small, fast
/// and the same on every platform and Swift version (unlike `SystemRandomNumberGenerator`), so a
/// printed seed replays the same draws: for generated test cases and bookkeeping draws, never
/// for a model's random numbers (those come from GSL, ``RandomGenerator``).
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= RandomSeedDerivation.golden
    return RandomSeedDerivation.mix(state)
  }
}
