import BocaRandom

extension Generators {
  /// A Barabási–Albert preferential-attachment graph: each new node attaches to `m` distinct
  /// existing nodes chosen with probability proportional to their degree.
  ///
  /// The algorithm is the linear-time one of Batagelj & Brandes (2005), as in networkx's
  /// `barabasi_albert_graph`: start with `m` isolated nodes `0..<m`; node `m` joins all of them
  /// (the star networkx's default `initial_graph` builds); then, for each new node
  /// `s = m+1, …, n−1`, draw `m` distinct targets uniformly from the *repeated-nodes list*, which
  /// holds every node once per edge end it has (so a uniform draw from it picks a node with
  /// probability k_i / 2|E|), redrawing a target already chosen for `s`; add the `m` edges
  /// `s – t` and append the targets and `m` copies of `s` to the list.
  ///
  /// The result has exactly m(n − m) edges, listed as (new node, target) in the order they were
  /// made, no self-loops and no duplicates. The degree distribution tends to
  /// P(k) = 2m(m+1) / (k(k+1)(k+2)) for k ≥ m (Bollobás et al. 2001; Dorogovtsev, Mendes &
  /// Samukhin 2000), a power law with exponent γ = 3; the mean degree is 2m(n − m)/n.
  ///
  /// Complexity: O(n m log m) draws expected (a repeated target is redrawn: rarely when m ≪ n,
  /// about m ln m times for the first nodes when m is large) and O(1) per distinctness check (a
  /// scan of the targets while m ≤ 16, else a stamp per node, 4n bytes), O(n m) memory: the edge
  /// list (8 bytes per edge), since the repeated-nodes list is read back from it. (The scan alone
  /// made large m cost O(n m²): ba:8000:4000 took 40 s.)
  ///
  /// References: A.-L. Barabási and R. Albert, "Emergence of scaling in random networks",
  /// Science 286 (1999) 509–512; V. Batagelj and U. Brandes, "Efficient generation of large
  /// random networks", Physical Review E 71 (2005) 036113 (algorithm BA); S. N. Dorogovtsev,
  /// J. F. F. Mendes and A. N. Samukhin, "Structure of growing networks with preferential
  /// linking", Physical Review Letters 85 (2000) 4633–4636; B. Bollobás,
  /// O. Riordan, J. Spencer and G. Tusnády, "The degree sequence of a scale-free random graph
  /// process", Random Structures & Algorithms 18 (2001) 279–290.
  ///
  /// - Throws: ``GraphError/invalidParameter(_:)`` unless 1 ≤ m < n.
  public static func barabasiAlbert(n: Int, m: Int, rng: RandomGenerator) throws -> EdgeSet {
    try checkNodeCount(n, generator: "barabasiAlbert")
    guard m >= 1, m < n else {
      throw GraphError.invalidParameter("barabasiAlbert: expected 1 ≤ m < n, found m = \(m), n = \(n)")
    }
    var edges = EdgeSet(nodeCount: n)
    edges.reserveCapacity(m * (n - m))
    // The repeated-nodes list is not stored: node s (s ≥ m) contributed the block
    // [its m targets, then m copies of s] at 2m(s − m), and its targets are edges.targets[m(s − m) ..< m(s − m + 1)],
    // so entry r of the list is read back from the edge list. This saves 8m(n − m) bytes.
    let block = 2 * m
    var listed = 0  // length of the repeated-nodes list
    var targets = (0..<m).map(UInt32.init)
    // stamp[v] == s + 1 when v is already a target of node s + 1 (only when m is large).
    let stamped = m > 16
    var stamp = [UInt32](repeating: UInt32.max, count: stamped ? n : 0)
    for s in m..<n {
      let source = UInt32(s)
      for t in targets { edges.append(source, t) }
      listed += block
      // Next node's targets: m distinct draws from the repeated-nodes list.
      if s + 1 < n {
        targets.removeAll(keepingCapacity: true)
        let next = UInt32(truncatingIfNeeded: s + 1)
        edges.targets.withUnsafeBufferPointer { made in
          stamp.withUnsafeMutableBufferPointer { stamp in
            while targets.count < m {
              let r = rng.uniformInt(listed)
              let (b, offset) = r.quotientAndRemainder(dividingBy: block)
              let candidate = offset < m ? made[b * m + offset] : UInt32(truncatingIfNeeded: b + m)
              if stamped {
                if stamp[Int(candidate)] != next {
                  stamp[Int(candidate)] = next
                  targets.append(candidate)
                }
              } else if !targets.contains(candidate) {
                targets.append(candidate)
              }
            }
          }
        }
      }
    }
    return edges
  }
}
