import BocaGraph
import BocaRandom

/// The one place where a seeding policy's name becomes a way of choosing nodes, for campaign
/// `seed` actions. Every other piece of code passes the name through.
///
/// Merge point: the seeding policies of the `BocaCampaigns` library (degree-discount,
/// single-discount, pagerank, kcore, celf, imm, diverse) join `known` and `resolve` here.
public enum SeedPolicies {
  /// The names this build resolves.
  public static let known = ["random", "degree"]

  /// How a policy orders the candidates of a pool.
  public enum Order: Sendable {
    /// Uniformly at random, afresh for every replicate (a random permutation of the pool).
    case random(pool: [UInt32])
    /// A fixed ranking, best first.
    case ranked([UInt32])
  }

  /// The order of `pool` under `name`, or nil when the name is not a known policy.
  ///
  /// - Parameter layers: the model's layers (degree counts out-edges on them).
  public static func resolve(_ name: String, pool: [UInt32], graph: MultiplexGraph, layers: [Int]) -> Order? {
    switch name {
    case "random":
      return .random(pool: pool)
    case "degree":
      let degree = { (v: UInt32) -> Int in layers.reduce(0) { $0 + graph.layers[$1].out.degree(Int(v)) } }
      return .ranked(pool.map { ($0, degree($0)) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map(\.0))
    default:
      return nil
    }
  }
}

/// One `seed` action set up on a graph: picks its seeds for a replicate and says what they cost.
///
/// With `k`: the first k nodes of the policy's order. With `budget`: the policy's order is
/// walked and each node is bought when its side's cost fits in what is left, until what is left
/// buys no seed of the pool (greedy in policy order). Cost = Σ cost_per_seed[side(v)] over the
/// seeds picked.
struct CampaignSeeder: Sendable {
  let order: SeedPolicies.Order
  let k: Int?
  let budget: Double?
  /// Cost of a seed per side index (0 when none is given).
  let costOfSide: [Double]
  let cheapest: Double
  let sideOf: [UInt16]
  /// The step the seeds adopt at.
  let start: Int

  /// Appends the replicate's seeds to `out` and returns their cost.
  func pick(_ rng: RandomGenerator, scratch: inout [UInt32], into out: inout [UInt32]) -> Double {
    var remaining = budget ?? .infinity
    var taken = 0
    var cost = 0.0
    func consider(_ v: UInt32) -> Bool {
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
