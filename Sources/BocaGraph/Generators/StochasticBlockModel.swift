import BocaRandom

extension Generators {
  /// A stochastic block model whose blocks are the graph's sides: a node of side a and a node of
  /// side b are joined independently with probability `probabilities[a][b]` (the side-to-side
  /// mixing matrix of a multi-sided platform).
  ///
  /// `blockOf[i]` is the block (side) of node i — pass ``MultiplexGraph/nodeSide`` to use a
  /// graph's sides. The nodes of each block are taken in increasing id order. For each block
  /// pair, in the order (0,0), (0,1), …, (0,B−1), (1,1)… (undirected: a ≤ b) or every (a, b)
  /// row by row (directed), the candidate pairs are laid out in a fixed order and the chosen ones
  /// found by geometric skipping (``GeometricSkip``, Batagelj & Brandes 2005): within a block,
  /// the pairs of G(n_a, p_aa) (undirected) or the ordered pairs off the diagonal (directed);
  /// across blocks, the n_a × n_b grid. The number of edges between blocks a ≠ b is then
  /// Binomial(n_a n_b, p_ab) and within block a Binomial(n_a(n_a − 1)/2, p_aa) (undirected).
  ///
  /// Undirected edges within a block are listed as `source < target`, across blocks as
  /// (node of a, node of b) with a < b. No self-loops, no duplicates.
  ///
  /// Complexity: O(n + m + B²) time for n nodes, m edges and B blocks; O(n + m) memory.
  ///
  /// References: P. W. Holland, K. B. Laskey and S. Leinhardt, "Stochastic blockmodels: first
  /// steps", Social Networks 5 (1983) 109–137; V. Batagelj and U. Brandes, "Efficient generation
  /// of large random networks", Physical Review E 71 (2005) 036113.
  ///
  /// - Throws: ``GraphError/invalidParameter(_:)`` when `probabilities` is not a B × B matrix of
  ///   numbers in [0, 1] covering every block in `blockOf`, or is not symmetric for an undirected
  ///   graph.
  public static func stochasticBlockModel(
    blockOf: [UInt16], probabilities: [[Double]], directed: Bool = false, rng: RandomGenerator
  ) throws -> EdgeSet {
    let n = blockOf.count
    try checkNodeCount(n, generator: "stochasticBlockModel")
    let blocks = probabilities.count
    try checkMixingMatrix(probabilities, directed: directed)
    var members = [[UInt32]](repeating: [], count: blocks)
    for (node, block) in blockOf.enumerated() {
      guard Int(block) < blocks else {
        throw GraphError.invalidParameter(
          "stochasticBlockModel: node \(node) is in block \(block) but the mixing matrix has \(blocks) blocks")
      }
      members[Int(block)].append(UInt32(node))
    }
    var edges = EdgeSet(nodeCount: n, directed: directed)
    for a in 0..<blocks {
      let rows = members[a]
      for b in (directed ? 0 : a)..<blocks {
        let cols = members[b]
        let p = probabilities[a][b]
        if a == b && !directed {
          GeometricSkip.visitTriangle(size: rows.count, p: p, rng: rng) { v, w in
            edges.append(rows[w], rows[v])
          }
        } else {
          GeometricSkip.visitRectangle(
            rows: rows.count, cols: cols.count, skipDiagonal: a == b, p: p, rng: rng
          ) { r, c in
            edges.append(rows[r], cols[c])
          }
        }
      }
    }
    return edges
  }

  /// A stochastic block model over blocks of the given sizes, nodes numbered block after block
  /// (block 0 is `0..<blockCounts[0]`, and so on): ``stochasticBlockModel(blockOf:probabilities:directed:rng:)``
  /// on that assignment, which is returned too (ready for ``MultiplexGraph/init(nodeCount:sideNames:nodeSide:originalIDs:)``).
  ///
  /// - Throws: ``GraphError/invalidParameter(_:)`` when a count is negative, there are more than
  ///   65,536 blocks, or the matrix is not as required.
  public static func stochasticBlockModel(
    blockCounts: [Int], probabilities: [[Double]], directed: Bool = false, rng: RandomGenerator
  ) throws -> (edges: EdgeSet, blockOf: [UInt16]) {
    guard blockCounts.count <= Int(UInt16.max) + 1 else {
      throw GraphError.invalidParameter(
        "stochasticBlockModel: expected at most 65536 blocks, found \(blockCounts.count)")
    }
    if let bad = blockCounts.first(where: { $0 < 0 }) {
      throw GraphError.invalidParameter("stochasticBlockModel: expected block sizes ≥ 0, found \(bad)")
    }
    var blockOf = [UInt16]()
    blockOf.reserveCapacity(blockCounts.reduce(0, +))
    for (block, count) in blockCounts.enumerated() {
      blockOf.append(contentsOf: repeatElement(UInt16(block), count: count))
    }
    guard probabilities.count == blockCounts.count else {
      throw GraphError.invalidParameter(
        "stochasticBlockModel: expected a \(blockCounts.count) × \(blockCounts.count) mixing matrix (one row per block), found \(probabilities.count) rows"
      )
    }
    let edges = try stochasticBlockModel(blockOf: blockOf, probabilities: probabilities, directed: directed, rng: rng)
    return (edges, blockOf)
  }

  /// Throws unless `matrix` is square with entries in [0, 1], and symmetric when undirected.
  static func checkMixingMatrix(_ matrix: [[Double]], directed: Bool) throws {
    let blocks = matrix.count
    for (a, row) in matrix.enumerated() {
      guard row.count == blocks else {
        throw GraphError.invalidParameter(
          "stochasticBlockModel: expected a \(blocks) × \(blocks) mixing matrix, found \(row.count) entries in row \(a)"
        )
      }
      for (b, p) in row.enumerated() {
        guard p >= 0, p <= 1 else {
          throw GraphError.invalidParameter(
            "stochasticBlockModel: expected probabilities in [0, 1], found \(p) at [\(a)][\(b)]")
        }
        if !directed && b < a && p != matrix[b][a] {
          throw GraphError.invalidParameter(
            "stochasticBlockModel: an undirected graph needs a symmetric mixing matrix, found [\(a)][\(b)] = \(p) but [\(b)][\(a)] = \(matrix[b][a])"
          )
        }
      }
    }
  }
}
