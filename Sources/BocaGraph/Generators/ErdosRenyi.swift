import BocaRandom
import Foundation

extension Generators {
  /// An Erdős–Rényi–Gilbert random graph G(n, p): every pair of distinct nodes is joined
  /// independently with probability `p`.
  ///
  /// The number of edges is Binomial(N, p) with N = n(n − 1)/2 pairs (undirected) or n(n − 1)
  /// ordered pairs (directed), so the mean degree is (n − 1)p (undirected; mean out-degree when
  /// directed). Instead of one draw per pair, the candidate pairs are laid out in a fixed order
  /// and the gap to the next chosen pair is drawn from the geometric distribution,
  /// `⌊ln U / ln(1 − p)⌋` (``GeometricSkip``): undirected pairs in the order (1,0), (2,0), (2,1),
  /// (3,0)…, directed pairs row by row with the diagonal left out. Each chosen pair costs one
  /// uniform draw, plus one draw to run off the end.
  ///
  /// Undirected edges are listed as `source < target`; no self-loops, no duplicates.
  ///
  /// Complexity: O(n + m) time and O(m) memory, m the number of edges drawn.
  ///
  /// References: E. N. Gilbert, "Random graphs", Annals of Mathematical Statistics 30 (1959)
  /// 1141–1144; P. Erdős and A. Rényi, "On random graphs I", Publicationes Mathematicae 6 (1959)
  /// 290–297; V. Batagelj and U. Brandes, "Efficient generation of large random networks",
  /// Physical Review E 71 (2005) 036113 (algorithm G(n, p), the geometric skipping used here).
  ///
  /// - Throws: ``GraphError/invalidParameter(_:)`` when `n` is negative or above 2^32 − 1, or
  ///   `p` is not in [0, 1].
  public static func erdosRenyi(n: Int, p: Double, directed: Bool = false, rng: RandomGenerator) throws -> EdgeSet {
    try checkNodeCount(n, generator: "erdosRenyi")
    guard p >= 0, p <= 1 else {
      throw GraphError.invalidParameter("erdosRenyi: expected p in [0, 1], found \(p)")
    }
    var edges = EdgeSet(nodeCount: n, directed: directed)
    let pairs = directed ? Double(n) * Double(n - 1) : Double(n) * Double(n - 1) / 2
    edges.reserveCapacity(Int(min(pairs * p * 1.05 + 16, pairs)))
    if directed {
      GeometricSkip.visitRectangle(rows: n, cols: n, skipDiagonal: true, p: p, rng: rng) { u, v in
        edges.append(UInt32(u), UInt32(v))
      }
    } else {
      GeometricSkip.visitTriangle(size: n, p: p, rng: rng) { v, w in
        edges.append(UInt32(w), UInt32(v))
      }
    }
    return edges
  }

  /// Throws unless `n` is a node count that fits 32-bit ids.
  static func checkNodeCount(_ n: Int, generator: String) throws {
    guard n >= 0, n < Int(UInt32.max) else {
      throw GraphError.invalidParameter("\(generator): expected a node count in [0, 2^32 − 1), found \(n)")
    }
  }
}
