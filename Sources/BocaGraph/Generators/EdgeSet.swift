import BocaRandom
import Foundation

/// The edges a generator produced, as two parallel endpoint arrays over nodes `0..<nodeCount`.
///
/// An undirected edge is listed once, in either orientation; a directed edge `u → v` is listed as
/// `sources[i] = u`, `targets[i] = v`. Generators in this module never produce self-loops and,
/// unless their documentation says otherwise, never produce the same edge twice.
///
/// Turn it into a layer with ``addLayer(to:name:)`` or directly with
/// ``MultiplexGraph/addLayer(name:directed:sources:targets:weights:keepInAdjacency:)``.
public struct EdgeSet: Sendable, Equatable {
  /// Number of nodes the edges are over (endpoints are in `0..<nodeCount`).
  public var nodeCount: Int
  /// Whether the edges have a direction.
  public var directed: Bool
  /// The first endpoint of each edge.
  public var sources: [UInt32]
  /// The second endpoint of each edge.
  public var targets: [UInt32]

  /// An empty edge set over `nodeCount` nodes.
  public init(nodeCount: Int, directed: Bool = false, sources: [UInt32] = [], targets: [UInt32] = []) {
    precondition(sources.count == targets.count, "EdgeSet: sources and targets must have the same length")
    self.nodeCount = nodeCount
    self.directed = directed
    self.sources = sources
    self.targets = targets
  }

  /// Number of edges.
  @inlinable public var count: Int { sources.count }

  /// Appends the edge `u – v` (or `u → v` when directed).
  @inlinable public mutating func append(_ u: UInt32, _ v: UInt32) {
    sources.append(u)
    targets.append(v)
  }

  /// Reserves room for `count` edges.
  public mutating func reserveCapacity(_ count: Int) {
    sources.reserveCapacity(count)
    targets.reserveCapacity(count)
  }

  /// The degree of every node: both endpoints counted (for a directed set, in + out degree).
  public func degrees() -> [Int] {
    var d = [Int](repeating: 0, count: nodeCount)
    for i in 0..<count {
      d[Int(sources[i])] += 1
      d[Int(targets[i])] += 1
    }
    return d
  }

  /// The out-degree of every node (number of times it appears as a source).
  public func outDegrees() -> [Int] {
    var d = [Int](repeating: 0, count: nodeCount)
    for s in sources { d[Int(s)] += 1 }
    return d
  }

  /// The key of edge `i`: `min << 32 | max` when undirected, `source << 32 | target` when directed.
  /// Two listings of the same edge have the same key.
  @inlinable public func key(_ i: Int) -> UInt64 {
    EdgeSet.key(sources[i], targets[i], directed: directed)
  }

  /// The key of the edge `u – v` (see ``key(_:)``).
  @inlinable public static func key(_ u: UInt32, _ v: UInt32, directed: Bool) -> UInt64 {
    if directed || u <= v { return UInt64(u) << 32 | UInt64(v) }
    return UInt64(v) << 32 | UInt64(u)
  }

  /// Adds these edges to `graph` as a new layer named `name` (self-loops dropped, duplicates
  /// merged, as ``MultiplexGraph/addLayer(name:directed:sources:targets:weights:keepInAdjacency:)``).
  ///
  /// - Throws: ``GraphError`` when the name is taken, an endpoint is out of range, or the graph
  ///   has another node count.
  @discardableResult
  public func addLayer(to graph: inout MultiplexGraph, name: String) throws -> MultiplexGraph.LayerReport {
    guard graph.nodeCount == nodeCount else {
      throw GraphError.invalidParameter(
        "layer '\(name)': the edges are over \(nodeCount) nodes but the graph has \(graph.nodeCount)")
    }
    return try graph.addLayer(name: name, directed: directed, sources: sources, targets: targets)
  }
}

/// The random graph generators. Each one draws all its randomness from the ``RandomGenerator``
/// it is given (GSL), in a fixed order, so the same generator seed gives the same edges on every
/// machine and thread count; none iterates over a `Set` or `Dictionary` while drawing.
///
/// | generator | model | cost |
/// | --- | --- | --- |
/// | ``erdosRenyi(n:p:directed:rng:)`` | G(n, p) | O(n + m) |
/// | ``barabasiAlbert(n:m:rng:)`` | preferential attachment | O(n m) |
/// | ``wattsStrogatz(n:k:p:rng:)`` | rewired ring lattice | O(n k²) |
/// | ``stochasticBlockModel(blockOf:probabilities:directed:rng:)`` | sides mixed by a matrix | O(n + m + B²) |
/// | ``bipartiteConfiguration(degreesA:degreesB:keepMultiEdges:rng:)`` | two-sided degree sequences | O(m log d) |
/// | ``overlappingLayer(base:overlap:edgeCount:rng:fresh:)`` | a layer sharing edges with another | O(n + m) |
public enum Generators {}

/// Geometric skipping over a sequence of independent Bernoulli(p) slots (Batagelj & Brandes 2005).
///
/// Instead of one uniform draw per slot, draw the gap to the next success: the number of failures
/// before a success is geometric, `G = ⌊ln U / ln(1 − p)⌋` with `U` uniform on (0, 1), so a run of
/// `N` slots costs O(1 + N p) draws instead of O(N).
///
/// Reference: V. Batagelj and U. Brandes, "Efficient generation of large random networks",
/// Physical Review E 71 (2005) 036113, algorithm G(n, p).
enum GeometricSkip {
  /// Calls `visit` with the index of every successful slot among `0..<slots`, in increasing order.
  ///
  /// `p ≤ 0` visits nothing and draws nothing; `p ≥ 1` visits every slot and draws nothing.
  /// Slot indices are exact while `slots < 2^53`.
  static func visit(slots: Int, p: Double, rng: RandomGenerator, _ visit: (Int) -> Void) {
    guard slots > 0, p > 0 else { return }
    if p >= 1 {
      for i in 0..<slots { visit(i) }
      return
    }
    let logQ = log1p(-p)
    let limit = Double(slots)
    var index = -1.0
    while true {
      // Failures before the next success; in Double so that a huge gap cannot overflow an Int.
      let gap = (log(rng.uniformPositive()) / logQ).rounded(.down)
      index += 1 + gap
      if index >= limit { return }
      visit(Int(index))
    }
  }

  /// Visits every pair `(v, w)` with `0 ≤ w < v < size` independently with probability `p`, in
  /// the order (1,0), (2,0), (2,1), (3,0)… (row `v` holds `v` slots). O(size + successes).
  static func visitTriangle(size: Int, p: Double, rng: RandomGenerator, _ visit: (Int, Int) -> Void) {
    guard size > 1 else { return }
    var row = 1
    var rowStart = 0
    GeometricSkip.visit(slots: size * (size - 1) / 2, p: p, rng: rng) { index in
      while index >= rowStart + row {
        rowStart += row
        row += 1
      }
      visit(row, index - rowStart)
    }
  }

  /// Visits every cell `(r, c)` of a `rows × cols` grid independently with probability `p`, row
  /// by row. With `skipDiagonal` (a square grid) the cells `(r, r)` are left out: row `r` then
  /// holds the `cols − 1` columns other than `r`. O(rows + successes).
  static func visitRectangle(
    rows: Int, cols: Int, skipDiagonal: Bool = false, p: Double, rng: RandomGenerator,
    _ visit: (Int, Int) -> Void
  ) {
    let width = skipDiagonal ? cols - 1 : cols
    guard rows > 0, width > 0 else { return }
    var row = 0
    var rowStart = 0
    GeometricSkip.visit(slots: rows * width, p: p, rng: rng) { index in
      while index >= rowStart + width {
        rowStart += width
        row += 1
      }
      let c = index - rowStart
      visit(row, skipDiagonal && c >= row ? c + 1 : c)
    }
  }
}
