import BocaGraph
import BocaRandom

/// Uniform random seeding: k distinct candidates, every k-subset equally likely.
///
/// The baseline every other policy must beat. Draws with GSL's selection sampling
/// (`gsl_ran_choose`, Knuth, *The Art of Computer Programming* vol. 2, §3.4.2, Algorithm S) and
/// then shuffles the chosen k (`gsl_ran_shuffle`), so the output order is random too.
///
/// Complexity: O(c) time and memory for c candidates; c + k draws.
public struct RandomSeeding: SeedingPolicy {
  public var name: String { "random" }

  public init() {}

  public func select(k: Int, graph: MultiplexGraph, candidates: [UInt32]?, rng: RandomGenerator) throws -> [UInt32] {
    let pool = try CandidatePool(k: k, graph: graph, candidates: candidates, policy: name)
    var chosen = rng.choose(k, from: pool.nodes.count).map { pool.nodes[$0] }
    rng.shuffle(&chosen)
    return chosen
  }
}
