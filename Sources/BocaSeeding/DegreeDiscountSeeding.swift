import BocaGraph
import BocaRandom

/// Single-discount seeding: highest degree, not counting edges to nodes already chosen.
///
/// ## Rule
/// Start from every node's out-degree d_v (summed over layers). Pick the candidate of highest
/// current score; then every node w with an edge w → u to the picked node u loses one from its
/// score per such edge, since talking to a seed is wasted. Repeat k times.
///
/// ## Algorithm
/// A lazy max-heap (stale entries skipped on pop): O(k log n + Σ_{seeds} d⁻(u) log n + n).
///
/// Reference: W. Chen, Y. Wang, S. Yang, "Efficient influence maximization in social networks",
/// KDD 2009, §4 ("SingleDiscount").
public struct SingleDiscountSeeding: SeedingPolicy {
  public var name: String { "single-discount" }
  /// The layers read (all when `nil`).
  public var layers: [Int]?

  public init(layers: [Int]? = nil) { self.layers = layers }

  public func select(k: Int, graph: MultiplexGraph, candidates: [UInt32]?, rng: RandomGenerator) throws -> [UInt32] {
    let pool = try CandidatePool(k: k, graph: graph, candidates: candidates, policy: name)
    let indices = try layerIndices(layers, graph: graph, policy: name)
    var score = DegreeSeeding.degrees(graph: graph, layers: indices, direction: .out).map(Double.init)
    let incoming = indices.map { incomingCSR(graph.layers[$0]) }
    return DiscountGreedy.run(k: k, pool: pool, score: &score) { u, score, chosen in
      for csr in incoming {
        for w in csr.neighbors(Int(u)) where !chosen[Int(w)] { score[Int(w)] -= 1 }
      }
    }
  }
}

/// Degree-discount seeding for the independent cascade with a small uniform p.
///
/// ## Rule
/// Each node keeps its degree d_v and t_v, the number of its neighbours already chosen. After
/// each pick u, every neighbour v of u gets t_v += 1 and the discounted degree
///
///     dd_v = d_v − 2 t_v − (d_v − t_v) t_v p
///
/// (Chen, Wang & Yang 2009, Theorem 2: for p = O(1/d) this is, to first order in p, the expected
/// number of extra nodes v activates itself, after the chance 1 − (1 − p)^{t_v} that a seed
/// already activates v). The candidate of highest dd_v is picked next.
///
/// On a directed or multiplex graph: d_v is the out-degree summed over the layers, and t_v counts
/// the edges u → v from chosen nodes u (the chances a seed has to activate v).
///
/// ## Algorithm
/// A lazy max-heap: O(k log n + Σ_{seeds} d⁺(u) log n + n).
///
/// Reference: W. Chen, Y. Wang, S. Yang, "Efficient influence maximization in social networks",
/// KDD 2009, §4 ("DegreeDiscountIC", Algorithm 4).
public struct DegreeDiscountSeeding: SeedingPolicy {
  public var name: String { "degree-discount" }
  /// The layers read (all when `nil`).
  public var layers: [Int]?
  /// The cascade's activation probability p.
  public var p: Double

  public init(p: Double, layers: [Int]? = nil) {
    self.p = p
    self.layers = layers
  }

  public func select(k: Int, graph: MultiplexGraph, candidates: [UInt32]?, rng: RandomGenerator) throws -> [UInt32] {
    guard p >= 0, p <= 1 else {
      throw SeedingError.invalidParameter(policy: name, key: "p", expected: "a probability in [0, 1]", found: "\(p)")
    }
    let pool = try CandidatePool(k: k, graph: graph, candidates: candidates, policy: name)
    let indices = try layerIndices(layers, graph: graph, policy: name)
    let degree = DegreeSeeding.degrees(graph: graph, layers: indices, direction: .out).map(Double.init)
    var t = [Double](repeating: 0, count: graph.nodeCount)
    var score = degree
    let p = self.p
    return DiscountGreedy.run(k: k, pool: pool, score: &score) { u, score, chosen in
      for i in indices {
        for v in graph.layers[i].out.neighbors(Int(u)) where !chosen[Int(v)] {
          let v = Int(v)
          t[v] += 1
          score[v] = degree[v] - 2 * t[v] - (degree[v] - t[v]) * t[v] * p
        }
      }
    }
  }

  /// The discounted degree of a node of degree `d` with `t` chosen neighbours.
  public static func discountedDegree(d: Double, t: Double, p: Double) -> Double { d - 2 * t - (d - t) * t * p }
}

/// The greedy loop shared by the discount heuristics: pick the best candidate, let `update`
/// change the scores of the nodes it affects, repeat.
enum DiscountGreedy {
  static func run(
    k: Int, pool: CandidatePool, score: inout [Double],
    update: (_ picked: UInt32, _ score: inout [Double], _ chosen: [Bool]) -> Void
  ) -> [UInt32] {
    var chosen = [Bool](repeating: false, count: score.count)
    var heap = NodeHeap(pool.nodes.map { NodeHeap.Entry(key: score[Int($0)], node: $0, tag: 0) })
    var seeds: [UInt32] = []
    seeds.reserveCapacity(k)
    while seeds.count < k, let top = heap.pop() {
      let u = Int(top.node)
      if chosen[u] { continue }
      if top.key != score[u] {
        // Stale: the node's score changed since this entry was pushed.
        heap.push(NodeHeap.Entry(key: score[u], node: top.node, tag: 0))
        continue
      }
      chosen[u] = true
      seeds.append(top.node)
      update(top.node, &score, chosen)
    }
    return seeds
  }
}
