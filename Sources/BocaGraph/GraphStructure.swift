/// Connected components, clustering and degree assortativity of one simple graph (a layer, or the
/// union of the layers, restricted to a set of nodes); the structural columns of
/// `boca graph stats` (``GraphStats``).
///
/// The graph is read as a set of arcs on nodes `0..<nodeCount`: duplicate arcs count once and
/// self-loops are ignored. Definitions (as networkx 3 computes them, so that the figures can be
/// checked against it):
///
/// - **Weak components**: the connected components of the undirected view (an arc u → v links u
///   and v); an isolated node is a component of size 1. ``components``, ``largestComponent``.
/// - **Strong components** (directed graphs only): maximal sets in which every node reaches every
///   other along arcs (Tarjan 1972). ``strongComponents``, ``largestStrongComponent``; `nil` for
///   an undirected graph, where they equal the weak components.
/// - **Global transitivity** on the undirected simple view: T = 3 × triangles / connected triples
///   = Σ_v t_v / Σ_v d_v (d_v − 1) / 2, with t_v the triangles through v and d_v its degree
///   (networkx `transitivity`); 0 when there is no triangle, as in networkx (also when there
///   is no connected triple, where the ratio is 0/0).
/// - **Mean local clustering** on the undirected simple view: the mean over every node of
///   c_v = 2 t_v / (d_v (d_v − 1)), with c_v = 0 when d_v < 2 (Watts and Strogatz 1998; networkx
///   `average_clustering`); NaN without nodes.
/// - **Degree assortativity** (Newman 2002, Phys. Rev. Lett. 89, 208701; Newman 2003, Phys. Rev. E
///   67, 026126): the Pearson correlation, over the edges, of the degrees at their two ends. An
///   undirected graph counts each edge in both directions (degree against degree); a directed
///   graph correlates the source's out-degree with the target's in-degree (networkx
///   `degree_assortativity_coefficient`, whose default for directed graphs is x = out, y = in).
///   NaN when it is undefined: no edge, or every end has the same degree (a regular graph).
///
/// Cost: O(n + m log m) for the arcs and components, O(m^1.5) for the triangles (each edge
/// oriented from the lower to the higher (degree, id) end, Chiba and Nishizeki 1985).
public struct GraphStructure: Sendable, Equatable {
  /// Weak components (isolated nodes included); 0 without nodes.
  public var components: Int
  /// Nodes in the largest weak component; 0 without nodes.
  public var largestComponent: Int
  /// Strong components of a directed graph; `nil` when undirected.
  public var strongComponents: Int?
  /// Nodes in the largest strong component of a directed graph; `nil` when undirected.
  public var largestStrongComponent: Int?
  /// Global transitivity (0 without triangles).
  public var transitivity: Double
  /// Mean local clustering over every node (NaN without nodes).
  public var meanClustering: Double
  /// Degree assortativity r in [−1, 1] (NaN when undefined).
  public var assortativity: Double

  public init(
    components: Int, largestComponent: Int, strongComponents: Int?, largestStrongComponent: Int?,
    transitivity: Double, meanClustering: Double, assortativity: Double
  ) {
    self.components = components
    self.largestComponent = largestComponent
    self.strongComponents = strongComponents
    self.largestStrongComponent = largestStrongComponent
    self.transitivity = transitivity
    self.meanClustering = meanClustering
    self.assortativity = assortativity
  }

  /// Equal when every count is equal and the figures are equal or both NaN.
  public static func == (a: GraphStructure, b: GraphStructure) -> Bool {
    func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
    return a.components == b.components && a.largestComponent == b.largestComponent
      && a.strongComponents == b.strongComponents && a.largestStrongComponent == b.largestStrongComponent
      && same(a.transitivity, b.transitivity) && same(a.meanClustering, b.meanClustering)
      && same(a.assortativity, b.assortativity)
  }

  /// The structure of the graph with `nodeCount` nodes and the arcs `sources[i] → targets[i]`
  /// (for an undirected graph, each edge in either or both directions).
  public init(nodeCount: Int, sources: [UInt32], targets: [UInt32], directed: Bool) {
    precondition(sources.count == targets.count, "one target per source")
    let n = nodeCount
    // The simple arc set (directed) and the simple edge set (undirected view), sorted.
    var arcKeys: [UInt64] = []
    var edgeKeys: [UInt64] = []
    edgeKeys.reserveCapacity(sources.count)
    if directed { arcKeys.reserveCapacity(sources.count) }
    for i in sources.indices where sources[i] != targets[i] {
      let u = UInt64(sources[i])
      let v = UInt64(targets[i])
      if directed { arcKeys.append(u << 32 | v) }
      edgeKeys.append(min(u, v) << 32 | max(u, v))
    }
    edgeKeys = Self.sortedUnique(edgeKeys)
    let undirected = SimpleAdjacency(nodeCount: n, edges: edgeKeys)

    let (count, largest) = Self.weakComponents(nodeCount: n, edges: edgeKeys)
    components = count
    largestComponent = largest
    if directed {
      arcKeys = Self.sortedUnique(arcKeys)
      let arcs = SimpleAdjacency(nodeCount: n, arcs: arcKeys)
      let (strong, largestStrong) = Self.strongComponents(arcs)
      strongComponents = strong
      largestStrongComponent = largestStrong
      assortativity = Self.directedAssortativity(arcs: arcKeys, nodeCount: n)
    } else {
      strongComponents = nil
      largestStrongComponent = nil
      assortativity = Self.undirectedAssortativity(undirected, edges: edgeKeys)
    }
    (transitivity, meanClustering) = Self.clustering(undirected)
  }

  // MARK: - Parts

  static func sortedUnique(_ keys: [UInt64]) -> [UInt64] {
    var sorted = keys
    sorted.sort()
    var out: [UInt64] = []
    out.reserveCapacity(sorted.count)
    for k in sorted where out.last != k { out.append(k) }
    return out
  }

  /// Weak components by union–find (path halving, union by size).
  static func weakComponents(nodeCount n: Int, edges: [UInt64]) -> (count: Int, largest: Int) {
    guard n > 0 else { return (0, 0) }
    var parent = [Int](0..<n)
    var size = [Int](repeating: 1, count: n)
    func find(_ x: Int) -> Int {
      var x = x
      while parent[x] != x {
        parent[x] = parent[parent[x]]
        x = parent[x]
      }
      return x
    }
    var count = n
    for key in edges {
      var a = find(Int(key >> 32))
      var b = find(Int(key & 0xFFFF_FFFF))
      if a == b { continue }
      if size[a] < size[b] { swap(&a, &b) }
      parent[b] = a
      size[a] += size[b]
      count -= 1
    }
    var largest = 0
    for v in 0..<n where parent[v] == v { largest = max(largest, size[v]) }
    return (count, largest)
  }

  /// Strong components by Tarjan's algorithm, iteratively (no recursion on deep graphs).
  static func strongComponents(_ g: SimpleAdjacency) -> (count: Int, largest: Int) {
    let n = g.nodeCount
    guard n > 0 else { return (0, 0) }
    let unvisited = -1
    var index = [Int](repeating: unvisited, count: n)
    var low = [Int](repeating: 0, count: n)
    var onStack = [Bool](repeating: false, count: n)
    var stack: [Int] = []
    var call: [(node: Int, next: Int)] = []
    var counter = 0
    var count = 0
    var largest = 0
    /// Numbers `v`, pushes it and starts scanning its arcs.
    func visit(_ v: Int) {
      index[v] = counter
      low[v] = counter
      counter += 1
      stack.append(v)
      onStack[v] = true
      call.append((v, g.offsets[v]))
    }
    for root in 0..<n where index[root] == unvisited {
      visit(root)
      while let top = call.last {
        let v = top.node
        if top.next < g.offsets[v + 1] {
          call[call.count - 1].next += 1
          let w = Int(g.targets[top.next])
          if index[w] == unvisited {
            visit(w)
          } else if onStack[w] {
            low[v] = min(low[v], index[w])
          }
          continue
        }
        call.removeLast()
        if let parent = call.last?.node { low[parent] = min(low[parent], low[v]) }
        if low[v] == index[v] {
          var size = 0
          while true {
            let w = stack.removeLast()
            onStack[w] = false
            size += 1
            if w == v { break }
          }
          count += 1
          largest = max(largest, size)
        }
      }
    }
    return (count, largest)
  }

  /// Transitivity and mean local clustering from the triangles through each node.
  static func clustering(_ g: SimpleAdjacency) -> (transitivity: Double, mean: Double) {
    let n = g.nodeCount
    guard n > 0 else { return (0, .nan) }
    // Orient each edge from the lower to the higher (degree, id) end: every triangle is found
    // once, from its lowest end, and each node has at most O(√m) higher neighbours.
    func before(_ a: Int, _ b: Int) -> Bool {
      let da = g.degree(a)
      let db = g.degree(b)
      return da < db || (da == db && a < b)
    }
    var forward = [[UInt32]](repeating: [], count: n)
    for u in 0..<n {
      for i in g.offsets[u]..<g.offsets[u + 1] where before(u, Int(g.targets[i])) {
        forward[u].append(g.targets[i])
      }
    }
    var triangles = [Int](repeating: 0, count: n)
    var mark = [Int](repeating: -1, count: n)
    for u in 0..<n {
      for v in forward[u] { mark[Int(v)] = u }
      for v in forward[u] {
        for w in forward[Int(v)] where mark[Int(w)] == u {
          triangles[u] += 1
          triangles[Int(v)] += 1
          triangles[Int(w)] += 1
        }
      }
    }
    var closed = 0
    var triples = 0
    var localSum = 0.0
    for v in 0..<n {
      let d = g.degree(v)
      guard d >= 2 else { continue }
      let pairs = d * (d - 1) / 2
      closed += triangles[v]
      triples += pairs
      localSum += Double(triangles[v]) / Double(pairs)
    }
    let transitivity = closed == 0 ? 0 : Double(closed) / Double(triples)
    return (transitivity, localSum / Double(n))
  }

  /// Pearson correlation of the degrees at the two ends of each edge, counted both ways.
  static func undirectedAssortativity(_ g: SimpleAdjacency, edges: [UInt64]) -> Double {
    var x: [Double] = []
    var y: [Double] = []
    x.reserveCapacity(2 * edges.count)
    y.reserveCapacity(2 * edges.count)
    for key in edges {
      let du = Double(g.degree(Int(key >> 32)))
      let dv = Double(g.degree(Int(key & 0xFFFF_FFFF)))
      x.append(du)
      y.append(dv)
      x.append(dv)
      y.append(du)
    }
    return pearson(x, y)
  }

  /// Pearson correlation of the source's out-degree and the target's in-degree over the arcs.
  static func directedAssortativity(arcs: [UInt64], nodeCount n: Int) -> Double {
    var outDegree = [Int](repeating: 0, count: n)
    var inDegree = [Int](repeating: 0, count: n)
    for key in arcs {
      outDegree[Int(key >> 32)] += 1
      inDegree[Int(key & 0xFFFF_FFFF)] += 1
    }
    let x = arcs.map { Double(outDegree[Int($0 >> 32)]) }
    let y = arcs.map { Double(inDegree[Int($0 & 0xFFFF_FFFF)]) }
    return pearson(x, y)
  }

  /// The Pearson correlation of paired samples (two passes, summed in order); NaN when either
  /// has no variance or there are no pairs.
  static func pearson(_ x: [Double], _ y: [Double]) -> Double {
    guard !x.isEmpty else { return .nan }
    let count = Double(x.count)
    let mx = x.reduce(0, +) / count
    let my = y.reduce(0, +) / count
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for i in x.indices {
      let dx = x[i] - mx
      let dy = y[i] - my
      sxy += dx * dy
      sxx += dx * dx
      syy += dy * dy
    }
    guard sxx > 0, syy > 0 else { return .nan }
    return min(1, max(-1, sxy / (sxx * syy).squareRoot()))
  }
}

/// A simple graph in CSR form built from sorted unique arc or edge keys (`u << 32 | v`).
struct SimpleAdjacency {
  let nodeCount: Int
  var offsets: [Int]
  var targets: [UInt32]

  /// Out-adjacency of sorted unique arcs.
  init(nodeCount n: Int, arcs: [UInt64]) {
    nodeCount = n
    offsets = [Int](repeating: 0, count: n + 1)
    for key in arcs { offsets[Int(key >> 32) + 1] += 1 }
    for u in 0..<n { offsets[u + 1] += offsets[u] }
    targets = arcs.map { UInt32(truncatingIfNeeded: $0) }
  }

  /// Adjacency of sorted unique undirected edges (`u < v`), each stored both ways.
  init(nodeCount n: Int, edges: [UInt64]) {
    nodeCount = n
    offsets = [Int](repeating: 0, count: n + 1)
    for key in edges {
      offsets[Int(key >> 32) + 1] += 1
      offsets[Int(key & 0xFFFF_FFFF) + 1] += 1
    }
    for u in 0..<n { offsets[u + 1] += offsets[u] }
    var fill = Array(offsets.dropLast())
    targets = [UInt32](repeating: 0, count: offsets[n])
    for key in edges {
      let u = Int(key >> 32)
      let v = Int(key & 0xFFFF_FFFF)
      targets[fill[u]] = UInt32(v)
      fill[u] += 1
      targets[fill[v]] = UInt32(u)
      fill[v] += 1
    }
  }

  @inline(__always) func degree(_ v: Int) -> Int { offsets[v + 1] - offsets[v] }
}
