import BocaRandom

/// A small, fast, seedable generator (SplitMix64, Steele, Lea & Flood 2014) for the test
/// scenarios: the same case seed gives the same scenario on every platform and Swift version
/// (unlike `SystemRandomNumberGenerator`), which is what makes a printed case seed replayable.
struct SplitMix: RandomNumberGenerator {
  private var base: SplitMix64

  init(seed: UInt64) { base = SplitMix64(seed: seed) }

  mutating func next() -> UInt64 { base.next() }

  /// A uniform integer in `range`.
  mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

  /// True with probability `p`.
  mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

  /// A probability in [0, `max`], rounded to 3 decimals so that the YAML is short and exact.
  mutating func probability(max: Double = 1) -> Double {
    (Double.random(in: 0...max, using: &self) * 1000).rounded() / 1000
  }

  /// One of `items`.
  mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }

  /// A random subset of `items`, in their order (possibly empty).
  mutating func subset<T>(_ items: [T], keep p: Double = 0.5) -> [T] { items.filter { _ in chance(p) } }

  /// The seed of case `index` of a run whose root is `root` (a SplitMix chain, so that nearby
  /// roots and indices give unrelated cases).
  static func caseSeed(root: UInt64, index: Int) -> UInt64 {
    var g = SplitMix(seed: root ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03))
    _ = g.next()
    return g.next() >> 1
  }
}
