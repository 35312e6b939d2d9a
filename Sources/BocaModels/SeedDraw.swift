import BocaRandom

/// How a campaign `seed` action picks the nodes of one wave (`docs/wom.md` §10): a policy's order
/// of a pool, and how many to take from it — k, or as many as a budget buys.
///
/// With `k`: the first k nodes of the order that are not skipped. With `budget`: the order is
/// walked and each node that is not skipped is bought when its side's cost fits in what is left,
/// until what is left buys no seed of the pool (greedy in policy order). Both are per wave.
///
/// The runner draws an action's first wave with it before a replicate runs (skipping nothing, so
/// that a one-wave action draws exactly what it always drew); the ``WordOfMouth`` simulator draws
/// later waves (``WordOfMouth/SeedWaves``) at their steps, skipping the nodes that have adopted.
public struct SeedDraw: Sendable, Equatable {
  /// How a policy orders the candidates of a pool.
  public enum Order: Sendable, Equatable {
    /// Uniformly at random, afresh for every wave of every replicate (a random permutation of the
    /// pool, drawn lazily with the replicate's generator).
    case random(pool: [UInt32])
    /// A fixed ranking, best first.
    case ranked([UInt32])
  }

  public var order: Order
  /// Seeds per wave (nil: spend `budget`).
  public var k: Int?
  /// What a wave may spend (nil: take `k`).
  public var budget: Double?
  /// Cost of a seed per side index (0 when none is given).
  public var costOfSide: [Double]
  /// The cheapest seed of the pool: a wave stops when what is left is below it.
  public var cheapest: Double

  public init(order: Order, k: Int?, budget: Double?, costOfSide: [Double], cheapest: Double) {
    self.order = order
    self.k = k
    self.budget = budget
    self.costOfSide = costOfSide
    self.cheapest = cheapest
  }

  /// Appends one wave's seeds to `out` and returns their cost (Σ cost_per_seed[side(v)]).
  ///
  /// - Parameters:
  ///   - sideOf: the side index of every node.
  ///   - scratch: a buffer for the random order (contents replaced).
  ///   - skip: nodes the wave passes over (they neither count nor cost); skipping draws nothing
  ///     more, so with `{ _ in false }` the draws are those of a plain k / budget pick.
  public func pick(
    _ rng: RandomGenerator, sideOf: [UInt16], scratch: inout [UInt32], skipping skip: (UInt32) -> Bool,
    into out: inout [UInt32]
  ) -> Double {
    var remaining = budget ?? .infinity
    var taken = 0
    var cost = 0.0
    /// Takes or passes over v; false when the wave is complete.
    func consider(_ v: UInt32) -> Bool {
      if skip(v) { return true }
      let c = costOfSide[Int(sideOf[Int(v)])]
      if let k {
        out.append(v)
        cost += c
        taken += 1
        return taken < k
      }
      if c <= remaining {
        out.append(v)
        cost += c
        remaining -= c
      }
      return remaining >= cheapest
    }
    switch order {
    case .ranked(let nodes):
      for v in nodes where !consider(v) { break }
    case .random(let pool):
      scratch.removeAll(keepingCapacity: true)
      scratch.append(contentsOf: pool)
      for r in 0..<scratch.count {
        scratch.swapAt(r, r + rng.uniformInt(scratch.count - r))
        if !consider(scratch[r]) { break }
      }
    }
    return cost
  }
}
