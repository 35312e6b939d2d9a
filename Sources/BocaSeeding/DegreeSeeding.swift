import BocaGraph
import BocaRandom

/// Which edges a degree counts.
public enum DegreeDirection: String, Sendable, CaseIterable {
  /// Out-degree: the people a node talks to (the degree of an undirected layer).
  case out
  /// In-degree: the people a node listens to (the degree of an undirected layer).
  case `in`
  /// In + out on a directed layer; the degree of an undirected layer (not doubled).
  case total
}

/// Highest-degree seeding: the k candidates with the most edges on the chosen layers.
///
/// The classic heuristic of Kempe, Kleinberg & Tardos (2003, §4: "high-degree"), from Wasserman &
/// Faust's degree centrality. On several layers the degree is the sum of the layers' degrees (an
/// edge on two platforms counts twice). Ties go to the lower id.
///
/// Complexity: O(L·c + c log c) for c candidates and L layers.
///
/// Reference: D. Kempe, J. Kleinberg, É. Tardos, "Maximizing the spread of influence through a
/// social network", KDD 2003.
public struct DegreeSeeding: SeedingPolicy {
  public var name: String { "degree" }
  /// The layers read (all when `nil`).
  public var layers: [Int]?
  /// Out, in or total degree.
  public var direction: DegreeDirection

  public init(layers: [Int]? = nil, direction: DegreeDirection = .out) {
    self.layers = layers
    self.direction = direction
  }

  public func select(k: Int, graph: MultiplexGraph, candidates: [UInt32]?, rng: RandomGenerator) throws -> [UInt32] {
    let pool = try CandidatePool(k: k, graph: graph, candidates: candidates, policy: name)
    let degrees = try Self.degrees(
      graph: graph, layers: layerIndices(layers, graph: graph, policy: name), direction: direction)
    return pool.top(k) { Double(degrees[$0]) }
  }

  /// Every node's degree summed over `layers`: O(L·n), plus O(m) per directed layer whose
  /// in-adjacency was dropped.
  public static func degrees(graph: MultiplexGraph, layers: [Int], direction: DegreeDirection) -> [Int] {
    var degree = [Int](repeating: 0, count: graph.nodeCount)
    for i in layers {
      let layer = graph.layers[i]
      let useOut = direction != .in || !layer.directed
      let useIn = layer.directed && direction != .out
      if useOut {
        for v in 0..<graph.nodeCount { degree[v] += layer.out.degree(v) }
      }
      if useIn {
        if let incoming = layer.inAdjacency {
          for v in 0..<graph.nodeCount { degree[v] += incoming.degree(v) }
        } else {
          for t in layer.out.targets { degree[Int(t)] += 1 }
        }
      }
    }
    return degree
  }
}
