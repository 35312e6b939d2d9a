import BocaRandom

extension Generators {
  /// A Watts–Strogatz small-world graph: a ring lattice whose edges are rewired at random with
  /// probability `p`.
  ///
  /// Nodes `0..<n` sit on a ring and each is joined to its k/2 nearest neighbours on each side
  /// (nk/2 edges). Then, as in Watts & Strogatz (1998) and networkx's `watts_strogatz_graph`, for
  /// each distance j = 1…k/2 and each node u in order, with probability p the edge
  /// u – (u + j mod n) is rewired: its far end is replaced by a node w drawn uniformly from all
  /// nodes, redrawn while w = u or u – w is already an edge (and the rewiring is skipped when u
  /// is already joined to every other node). The edge count stays nk/2, with no self-loops and
  /// no duplicates. Edges are listed in lattice order (distance-major, then node), `u` first.
  ///
  /// Clustering: at p = 0 every node has clustering C(0) = 3(k − 2) / (4(k − 1)); for small p,
  /// C(p) ≈ C(0)(1 − p)³ (Barrat & Weigt 2000), the probability that a lattice triangle keeps
  /// its three edges.
  ///
  /// Complexity: O(nk) draws expected (a redraw happens with probability about k/n; a node
  /// joined to nearly all others needs about n/(n − 1 − degree) draws) and O(k) time per rewiring
  /// to mark u's neighbours, so that each draw is checked in O(1) (a scan per draw made dense
  /// lattices cost O(n k³): ws:2000:1998:0.5 ran for minutes), O(nk) memory.
  ///
  /// References: D. J. Watts and S. H. Strogatz, "Collective dynamics of 'small-world'
  /// networks", Nature 393 (1998) 440–442; A. Barrat and M. Weigt, "On the properties of
  /// small-world network models", European Physical Journal B 13 (2000) 547–560.
  ///
  /// - Throws: ``GraphError/invalidParameter(_:)`` unless k is even, 0 ≤ k < n and p ∈ [0, 1].
  public static func wattsStrogatz(n: Int, k: Int, p: Double, rng: RandomGenerator) throws -> EdgeSet {
    try checkNodeCount(n, generator: "wattsStrogatz")
    guard k >= 0, k < n, k % 2 == 0 else {
      throw GraphError.invalidParameter(
        "wattsStrogatz: expected an even k with 0 ≤ k < n, found k = \(k), n = \(n)")
    }
    guard p >= 0, p <= 1 else {
      throw GraphError.invalidParameter("wattsStrogatz: expected p in [0, 1], found \(p)")
    }
    let half = k / 2
    // Slot (j − 1)·n + u (distance j) holds the current far end of the lattice edge u – (u + j).
    var far = [UInt32](repeating: 0, count: n * half)
    var adjacency = [[UInt32]](repeating: [], count: n)
    for u in 0..<n { adjacency[u].reserveCapacity(k + 2) }
    for d in 0..<half {
      for u in 0..<n {
        let v = (u + d + 1) % n
        far[d * n + u] = UInt32(v)
        adjacency[u].append(UInt32(v))
        adjacency[v].append(UInt32(u))
      }
    }
    if p > 0 {
      // marked[x] == u + 1 when x is a neighbour of u (marked before u's draws, when u's list is
      // long enough for a scan per draw to cost more than marking it once).
      var marked = [UInt32](repeating: 0, count: k > 16 ? n : 0)
      for d in 0..<half {
        for u in 0..<n where rng.uniform() < p {
          let slot = d * n + u
          let v = far[slot]
          var w = UInt32(rng.uniformInt(n))
          var skip = false
          let stamped = !marked.isEmpty && adjacency[u].count > 16
          let mark = UInt32(truncatingIfNeeded: u + 1)
          if stamped { for x in adjacency[u] { marked[Int(x)] = mark } }
          while w == UInt32(u) || (stamped ? marked[Int(w)] == mark : adjacency[u].contains(w)) {
            if adjacency[u].count >= n - 1 {
              skip = true
              break
            }
            w = UInt32(rng.uniformInt(n))
          }
          if stamped { for x in adjacency[u] { marked[Int(x)] = 0 } }
          if skip { continue }
          remove(v, from: &adjacency[u])
          remove(UInt32(u), from: &adjacency[Int(v)])
          adjacency[u].append(w)
          adjacency[Int(w)].append(UInt32(u))
          far[slot] = w
        }
      }
    }
    var edges = EdgeSet(nodeCount: n)
    edges.reserveCapacity(n * half)
    for slot in 0..<far.count { edges.append(UInt32(slot % n), far[slot]) }
    return edges
  }

  /// Removes one occurrence of `value` from `list` (order not kept).
  /// The expected number of far-end draws of ``wattsStrogatz(n:k:p:rng:)``: p·n·k/2 rewirings,
  /// each drawing about n/(n − 1 − k) times (a node joined to nearly every other needs many
  /// draws to find a free one). Above ``wattsStrogatzMaxDraws`` a lattice is refused where its
  /// parameters are read (`ws:N:K:P`, a scenario's `ws` layer): it would run for minutes.
  public static func wattsStrogatzDraws(n: Int, k: Int, p: Double) -> Double {
    p * Double(n) * Double(k / 2) * Double(n) / Double(max(1, n - 1 - k))
  }

  /// Draws beyond which a Watts–Strogatz lattice is refused (about a minute of work).
  public static let wattsStrogatzMaxDraws = 1e10

  private static func remove(_ value: UInt32, from list: inout [UInt32]) {
    if let i = list.firstIndex(of: value) {
      list.swapAt(i, list.count - 1)
      list.removeLast()
    }
  }
}
