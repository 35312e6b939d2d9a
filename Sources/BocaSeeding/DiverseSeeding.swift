import BocaGraph
import BocaRandom

/// Community-diverse seeding: spread the k seeds across blocks (sides, or the values of a node
/// attribute column such as a community label), highest degree first within each block.
///
/// ## Rule
/// Blocks are ordered by their number of candidates, largest first (ties by lower block label).
/// Seeds are dealt round-robin: one to each block in that order, then a second to each, and so on,
/// skipping blocks with no candidates left; within a block the next seed is its highest-degree
/// remaining candidate (ties by lower id). With k = B·q + r for B blocks, every block gets q or
/// q + 1 seeds and the r largest get the extra one.
///
/// In plain words: the marketing maxim that diversity of contacts beats their number — rather
/// than k hubs of one community that tell the same people, one opinion leader per community.
///
/// Complexity: O(L·n + c log c) for c candidates.
///
/// Reference: the diversity argument of M. S. Granovetter, "The strength of weak ties", American
/// Journal of Sociology 78 (1973); seeding across communities as in Y. Wang, G. Cong, G. Song,
/// K. Xie, "Community-based greedy algorithm for mining top-K influential nodes in mobile social
/// networks", KDD 2010.
public struct DiverseSeeding: SeedingPolicy {
  public var name: String { "diverse" }
  /// The layers whose degrees rank nodes within a block (all when `nil`).
  public var layers: [Int]?
  /// The degree used within a block.
  public var direction: DegreeDirection
  /// The node attribute column whose values (rounded to integers) are the blocks; sides when
  /// `nil`.
  public var blockAttribute: String?

  public init(layers: [Int]? = nil, direction: DegreeDirection = .out, blockAttribute: String? = nil) {
    self.layers = layers
    self.direction = direction
    self.blockAttribute = blockAttribute
  }

  public func select(k: Int, graph: MultiplexGraph, candidates: [UInt32]?, rng: RandomGenerator) throws -> [UInt32] {
    let pool = try CandidatePool(k: k, graph: graph, candidates: candidates, policy: name)
    let block: [Int]
    if let blockAttribute {
      guard let column = graph.attributes[blockAttribute] else {
        throw SeedingError.invalidParameter(
          policy: name, key: "block column",
          expected: "a node attribute (\(graph.attributes.keys.sorted().joined(separator: ", ")))",
          found: "'\(blockAttribute)'")
      }
      block = try column.map { value in
        guard let label = Int(exactly: value.rounded()) else {
          throw SeedingError.invalidParameter(
            policy: name, key: "block column", expected: "finite labels within ±2^63", found: "\(value)")
        }
        return label
      }
    } else {
      block = graph.nodeSide.map(Int.init)
    }
    let degree = DegreeSeeding.degrees(
      graph: graph, layers: try layerIndices(layers, graph: graph, policy: name), direction: direction)
    // Candidates of each block, best first.
    let ranked = pool.top(pool.nodes.count) { Double(degree[$0]) }
    var members: [Int: [UInt32]] = [:]
    for v in ranked { members[block[Int(v)], default: []].append(v) }
    let blocks = members.keys.sorted { a, b in
      let (ca, cb) = (members[a]!.count, members[b]!.count)
      return ca != cb ? ca > cb : a < b
    }
    var next = [Int](repeating: 0, count: blocks.count)
    var seeds: [UInt32] = []
    seeds.reserveCapacity(k)
    while seeds.count < k {
      for (i, b) in blocks.enumerated() where seeds.count < k {
        let list = members[b]!
        if next[i] < list.count {
          seeds.append(list[next[i]])
          next[i] += 1
        }
      }
    }
    return seeds
  }
}
