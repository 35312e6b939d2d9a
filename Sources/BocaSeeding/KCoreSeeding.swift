import BocaGraph
import BocaRandom

/// k-core seeding: the candidates deepest in the network's core, ties by degree, then by id.
///
/// ## Score
/// The k-core of a graph is its largest subgraph in which every node has at least k neighbours;
/// a node's core number is the largest k whose k-core contains it. Kitsak et al. (2010) found
/// the core number a better predictor of a spreader's reach than its degree. The graph here is
/// the simple undirected graph of the chosen layers (an edge in either direction, on any layer,
/// joins two nodes once); its degree breaks ties between equal core numbers.
///
/// ## Algorithm
/// Batagelj & Zaversnik's bucket algorithm: nodes sorted by degree in buckets, repeatedly remove
/// a node of least current degree, its core number is that degree, and each neighbour of higher
/// degree moves one bucket down in O(1). O(n + m) after building the simple graph, which costs
/// O(m log d_max) (sorting each row to merge layers and directions).
///
/// References: V. Batagelj and M. Zaversnik, "An O(m) algorithm for cores decomposition of
/// networks", arXiv cs/0310049 (2003); S. B. Seidman, "Network structure and minimum degree",
/// Social Networks 5 (1983); M. Kitsak et al., "Identification of influential spreaders in
/// complex networks", Nature Physics 6 (2010).
public struct KCoreSeeding: SeedingPolicy {
  public var name: String { "kcore" }
  /// The layers read (all when `nil`).
  public var layers: [Int]?

  public init(layers: [Int]? = nil) { self.layers = layers }

  public func select(k: Int, graph: MultiplexGraph, candidates: [UInt32]?, rng: RandomGenerator) throws -> [UInt32] {
    let pool = try CandidatePool(k: k, graph: graph, candidates: candidates, policy: name)
    let simple = Self.simpleGraph(graph: graph, layers: try layerIndices(layers, graph: graph, policy: name))
    let core = Self.coreNumbers(simple)
    // Core numbers are below n and degrees below n, so core·n + degree orders by both exactly.
    let n = Double(graph.nodeCount)
    return pool.top(k) { Double(core[$0]) * n + Double(simple.degree($0)) }
  }

  /// The simple undirected graph of `layers`: each pair joined on any layer, in either direction,
  /// once.
  static func simpleGraph(graph: MultiplexGraph, layers: [Int]) -> CSR {
    let n = graph.nodeCount
    var rows = [[UInt32]](repeating: [], count: n)
    for i in layers {
      let layer = graph.layers[i]
      for u in 0..<n {
        for v in layer.out.neighbors(u) {
          rows[u].append(v)
          if layer.directed { rows[Int(v)].append(UInt32(u)) }
        }
      }
    }
    var offsets = [Int](repeating: 0, count: n + 1)
    var targets: [UInt32] = []
    for u in 0..<n {
      var row = rows[u]
      row.sort()
      var previous: UInt32? = nil
      for v in row where v != previous {
        targets.append(v)
        previous = v
      }
      offsets[u + 1] = targets.count
    }
    return CSR(offsets: offsets, targets: targets, weights: nil)
  }

  /// The core number of every node of a simple undirected graph (Batagelj & Zaversnik 2003):
  /// O(n + m).
  public static func coreNumbers(_ g: CSR) -> [Int] {
    let n = g.nodeCount
    guard n > 0 else { return [] }
    var degree = (0..<n).map { g.degree($0) }
    let maxDegree = degree.max() ?? 0
    // bin[d] = start of the nodes of degree d in `order`; pos[v] = v's place in `order`.
    var bin = [Int](repeating: 0, count: maxDegree + 1)
    for d in degree { bin[d] += 1 }
    var start = 0
    for d in 0...maxDegree {
      let count = bin[d]
      bin[d] = start
      start += count
    }
    var order = [Int](repeating: 0, count: n)
    var pos = [Int](repeating: 0, count: n)
    for v in 0..<n {
      pos[v] = bin[degree[v]]
      order[pos[v]] = v
      bin[degree[v]] += 1
    }
    for d in stride(from: maxDegree, to: 0, by: -1) { bin[d] = bin[d - 1] }
    bin[0] = 0
    for i in 0..<n {
      let v = order[i]
      for wID in g.neighbors(v) {
        let w = Int(wID)
        if degree[w] > degree[v] {
          // Move w to the front of its bucket, then shrink the bucket by one.
          let dw = degree[w]
          let pw = pos[w]
          let ps = bin[dw]
          let u = order[ps]
          if u != w {
            pos[w] = ps
            order[ps] = w
            pos[u] = pw
            order[pw] = u
          }
          bin[dw] += 1
          degree[w] -= 1
        }
      }
    }
    return degree
  }
}
