import BocaRandom
import Foundation

/// What ``Generators/bipartiteConfiguration(degreesA:degreesB:keepMultiEdges:rng:)`` built.
public struct BipartiteConfiguration: Sendable, Equatable {
  /// The edges, over `countA + countB` nodes: side A is `0..<countA`, side B is
  /// `countA..<countA + countB`; each edge is listed as (A node, B node).
  public var edges: EdgeSet
  /// Number of nodes of side A.
  public var countA: Int
  /// Number of nodes of side B.
  public var countB: Int
  /// How many stub pairings repeated an edge already made and were dropped (0 with
  /// `keepMultiEdges`). Each collapsed pairing lowers the degree of its A node and of its B node
  /// by one, so Σ requested degrees − Σ realised degrees = `collapsedMultiEdges` on each side.
  public var collapsedMultiEdges: Int

  /// The side of every node (0 for A, 1 for B), for ``MultiplexGraph/init(nodeCount:sideNames:nodeSide:originalIDs:)``.
  public var nodeSide: [UInt16] {
    [UInt16](repeating: 0, count: countA) + [UInt16](repeating: 1, count: countB)
  }
}

extension Generators {
  /// A bipartite configuration model (a two-sided platform: buyers and sellers): a random
  /// bipartite graph with the given degree sequences on its two sides.
  ///
  /// Node i of side A gets `degreesA[i]` stubs, node j of side B `degreesB[j]` stubs; the B stubs
  /// are shuffled uniformly (GSL's Fisher–Yates, `gsl_ran_shuffle`) and matched to the A stubs in
  /// order, so every perfect matching of A stubs to B stubs is equally likely (Newman, Strogatz &
  /// Watts 2001, §IV). Self-loops cannot occur, since every edge joins A to B. A pairing that
  /// repeats an A–B edge is a multi-edge: unless `keepMultiEdges`, each repeat is dropped and
  /// counted in ``BipartiteConfiguration/collapsedMultiEdges`` (the expected number is about
  /// ⟨k_A(k_A − 1)⟩⟨k_B(k_B − 1)⟩ / (2⟨k_A⟩⟨k_B⟩), small for sparse graphs), so the realised
  /// degrees are the requested ones minus the collapsed repeats at each node.
  ///
  /// Node ids: side A is `0..<degreesA.count`, side B follows at
  /// `degreesA.count..<degreesA.count + degreesB.count`. Edges are listed as (A node, B node),
  /// A nodes in increasing order, each A node's partners in increasing order.
  ///
  /// Complexity: O(nA + nB + m log d) time (m stubs per side, d the largest A degree, for sorting
  /// each A node's partners), O(m) memory.
  ///
  /// Reference: M. E. J. Newman, S. H. Strogatz and D. J. Watts, "Random graphs with arbitrary
  /// degree distributions and their applications", Physical Review E 64 (2001) 026118.
  ///
  /// - Throws: ``GraphError/invalidParameter(_:)`` when a degree is negative or the two sides'
  ///   degree sums differ (every stub must find a partner; see
  ///   ``bipartiteDegreeSequences(countA:countB:distributionA:distributionB:rng:)`` to draw
  ///   matching sequences).
  public static func bipartiteConfiguration(
    degreesA: [Int], degreesB: [Int], keepMultiEdges: Bool = false, rng: RandomGenerator
  ) throws -> BipartiteConfiguration {
    let countA = degreesA.count
    let countB = degreesB.count
    try checkNodeCount(countA + countB, generator: "bipartiteConfiguration")
    if let i = degreesA.firstIndex(where: { $0 < 0 }) {
      throw GraphError.invalidParameter(
        "bipartiteConfiguration: expected degrees ≥ 0, found \(degreesA[i]) for A node \(i)")
    }
    if let j = degreesB.firstIndex(where: { $0 < 0 }) {
      throw GraphError.invalidParameter(
        "bipartiteConfiguration: expected degrees ≥ 0, found \(degreesB[j]) for B node \(j)")
    }
    let stubs = degreesA.reduce(0, +)
    let stubsB = degreesB.reduce(0, +)
    guard stubs == stubsB else {
      throw GraphError.invalidParameter(
        "bipartiteConfiguration: expected the degree sums of both sides to be equal, found \(stubs) on side A and \(stubsB) on side B"
      )
    }
    var partners = [UInt32]()
    partners.reserveCapacity(stubs)
    for (j, d) in degreesB.enumerated() {
      partners.append(contentsOf: repeatElement(UInt32(countA + j), count: d))
    }
    rng.shuffle(&partners)
    var edges = EdgeSet(nodeCount: countA + countB)
    edges.reserveCapacity(stubs)
    var collapsed = 0
    var start = 0
    for (i, d) in degreesA.enumerated() where d > 0 {
      let end = start + d
      partners[start..<end].sort()
      var previous: UInt32? = nil
      for t in partners[start..<end] {
        if !keepMultiEdges && t == previous {
          collapsed += 1
          continue
        }
        edges.append(UInt32(i), t)
        previous = t
      }
      start = end
    }
    return BipartiteConfiguration(edges: edges, countA: countA, countB: countB, collapsedMultiEdges: collapsed)
  }

  /// Draws degree sequences for the two sides of a bipartite configuration model, with equal sums.
  ///
  /// Each degree is one draw from its side's distribution, rounded to the nearest integer,
  /// raised to 0 if negative and lowered to the other side's node count if above it (a node of a
  /// simple bipartite graph cannot have more partners; without the cap a huge draw would make
  /// work and memory grow with the drawn value): side A's nodes first, in id order, then side
  /// B's. Then, to make the
  /// sums equal, the side with the smaller sum absorbs the difference D: D times, a node of that
  /// side is drawn uniformly and its degree raised by one (the larger side is left as drawn). D
  /// is O(√n) when countA·E[k_A] = countB·E[k_B]; when the expected sums differ, the smaller side's
  /// mean degree is pushed up to match, so choose the distributions with equal expected sums.
  ///
  /// Complexity: O(countA + countB + D) draws, D ≤ countA · countB.
  ///
  /// - Parameter budget: when given, the stubs drawn (24 bytes each: partners, edges and their
  ///   copy) are checked against it before the sums are matched.
  /// - Throws: ``GraphError/invalidParameter(_:)`` when a count is negative, or when one side has
  ///   no nodes but the other has stubs; ``MemoryLimitError`` when the stubs would not fit.
  public static func bipartiteDegreeSequences(
    countA: Int, countB: Int, distributionA: Distribution, distributionB: Distribution, rng: RandomGenerator,
    budget: MemoryBudget? = nil
  ) throws -> (degreesA: [Int], degreesB: [Int]) {
    guard countA >= 0, countB >= 0 else {
      throw GraphError.invalidParameter("bipartiteDegreeSequences: expected counts ≥ 0, found \(countA) and \(countB)")
    }
    func draw(_ count: Int, _ distribution: Distribution, cap: Int) -> [Int] {
      (0..<count).map { _ in
        let x = distribution.sample(rng).rounded()
        return x > 0 ? Int(min(x, Double(min(cap, Int(Int32.max))))) : 0
      }
    }
    var a = draw(countA, distributionA, cap: countB)
    var b = draw(countB, distributionB, cap: countA)
    let sumA = a.reduce(0, +)
    let sumB = b.reduce(0, +)
    let stubs = max(sumA, sumB)
    try budget?.check(
      "the bipartite layer's \(stubs) edges", bytes: MemoryBudget.product(stubs, 24))
    func raise(_ degrees: inout [Int], by difference: Int, side: String) throws {
      guard difference > 0 else { return }
      guard !degrees.isEmpty else {
        throw GraphError.invalidParameter(
          "bipartiteDegreeSequences: side \(side) has no nodes but the other side has \(difference) stubs")
      }
      for _ in 0..<difference { degrees[rng.uniformInt(degrees.count)] += 1 }
    }
    if sumA < sumB {
      try raise(&a, by: sumB - sumA, side: "A")
    } else {
      try raise(&b, by: sumA - sumB, side: "B")
    }
    return (a, b)
  }
}
