import BocaGraph
import BocaRandom

/// PageRank seeding: the k candidates of highest PageRank on the chosen layers.
///
/// ## Score
/// With d the damping factor (0.85), n nodes, A_{uv} the number of layers with an edge u → v
/// (both directions for an undirected layer) and d⁺(u) = Σ_v A_{uv},
///
///     PR(v) = (1 − d)/n + d · ( Σ_u A_{uv} PR(u) / d⁺(u)  +  Σ_{u: d⁺(u)=0} PR(u) / n )
///
/// a random surfer who follows a random out-edge with probability d and jumps to a uniform node
/// otherwise; a dangling node (no out-edge) jumps uniformly. Σ_v PR(v) = 1. Edge weights are not
/// used.
///
/// ## Algorithm
/// Power iteration from the uniform vector until the L1 change between two iterates is below
/// ``tolerance`` (10⁻¹⁰ by default) or ``maxIterations`` (1000) pass. The error shrinks by a factor d
/// per iteration, so 10⁻¹⁰ takes about ln(10⁻¹⁰)/ln(0.85) ≈ 142 iterations, and the
/// remaining L1 error is at most tolerance·d/(1 − d) ≈ 5.7·10⁻¹⁰ (Langville & Meyer 2006,
/// ch. 4). Scores closer than that may come out in either order; exact ties go to the lower id.
///
/// Complexity: O(I·(n + m)) for I iterations, O(n) memory beyond the graph.
///
/// Reference: L. Page, S. Brin, R. Motwani, T. Winograd, "The PageRank citation ranking: bringing
/// order to the web", Stanford InfoLab technical report 1999-66 (1999); A. N. Langville and
/// C. D. Meyer, *Google's PageRank and Beyond*, Princeton University Press (2006).
public struct PageRankSeeding: SeedingPolicy {
  public var name: String { "pagerank" }
  /// The layers read (all when `nil`).
  public var layers: [Int]?
  /// The probability of following an edge rather than jumping.
  public var damping: Double
  /// Stop when the L1 change of an iteration is below this.
  public var tolerance: Double
  /// Stop after this many iterations in any case.
  public var maxIterations: Int

  public init(layers: [Int]? = nil, damping: Double = 0.85, tolerance: Double = 1e-10, maxIterations: Int = 1000) {
    self.layers = layers
    self.damping = damping
    self.tolerance = tolerance
    self.maxIterations = maxIterations
  }

  public func select(k: Int, graph: MultiplexGraph, candidates: [UInt32]?, rng: RandomGenerator) throws -> [UInt32] {
    let pool = try CandidatePool(k: k, graph: graph, candidates: candidates, policy: name)
    let ranks = try scores(graph: graph)
    return pool.top(k) { ranks[$0] }
  }

  /// The PageRank of every node (sums to 1).
  ///
  /// - Throws: ``SeedingError`` when the damping factor is outside [0, 1).
  public func scores(graph: MultiplexGraph) throws -> [Double] {
    guard damping >= 0, damping < 1 else {
      throw SeedingError.invalidParameter(
        policy: name, key: "damping", expected: "a value in [0, 1)", found: "\(damping)")
    }
    let n = graph.nodeCount
    guard n > 0 else { return [] }
    let indices = try layerIndices(layers, graph: graph, policy: name)
    // Pull form: PR(v) collects from its in-neighbours, so each iteration writes each entry once.
    let incoming = indices.map { incomingCSR(graph.layers[$0]) }
    var outDegree = [Int](repeating: 0, count: n)
    for i in indices {
      for v in 0..<n { outDegree[v] += graph.layers[i].out.degree(v) }
    }
    let inverseOut = outDegree.map { $0 > 0 ? 1 / Double($0) : 0 }
    var rank = [Double](repeating: 1 / Double(n), count: n)
    var next = [Double](repeating: 0, count: n)
    var share = [Double](repeating: 0, count: n)
    for _ in 0..<maxIterations {
      var dangling = 0.0
      for u in 0..<n {
        share[u] = rank[u] * inverseOut[u]
        if outDegree[u] == 0 { dangling += rank[u] }
      }
      let base = (1 - damping) / Double(n) + damping * dangling / Double(n)
      for v in 0..<n { next[v] = 0 }
      for csr in incoming {
        csr.offsets.withUnsafeBufferPointer { offsets in
          csr.targets.withUnsafeBufferPointer { sources in
            for v in 0..<n {
              var sum = 0.0
              for i in offsets[v]..<offsets[v + 1] { sum += share[Int(sources[i])] }
              next[v] += sum
            }
          }
        }
      }
      var change = 0.0
      for v in 0..<n {
        let value = base + damping * next[v]
        change += abs(value - rank[v])
        rank[v] = value
      }
      if change < tolerance { break }
    }
    return rank
  }
}
