/// Nodes, edges and degree summary of one (layer, side) cell of a graph; see ``GraphStats``.
public struct GraphStatsRow: Sendable, Equatable {
  /// The layer name, or `all` for the union of the layers.
  public var layer: String
  /// The side name, or `all` for every node.
  public var side: String
  /// Nodes on the side (every node of the side, with or without edges in the layer).
  public var nodes: Int
  /// Edges, each counted once: all edges of the layer on an `all` row; on a side row, for a
  /// directed layer the edges whose **source** is on the side (so the side rows add up to the
  /// total), for an undirected layer the edges with **at least one** endpoint on the side.
  public var edges: Int
  /// Edges with both endpoints on the side (equal to ``edges`` on an `all` row).
  public var withinEdges: Int
  /// Mean out-degree of the side's nodes (degree for an undirected layer).
  public var meanDegree: Double
  /// Largest out-degree (degree for an undirected layer); 0 without nodes.
  public var maxDegree: Int
  /// Mean in-degree (the degree again for an undirected layer).
  public var meanInDegree: Double
  /// Largest in-degree.
  public var maxInDegree: Int
  /// Nodes of the side with neither out- nor in-edges in the layer.
  public var isolated: Int
  /// Components, clustering and assortativity of the cell's subgraph (the layer, or the union of
  /// the layers, restricted to the side's nodes: the `within` edges); `nil` when not computed.
  public var structure: GraphStructure?

  public init(
    layer: String, side: String, nodes: Int, edges: Int, withinEdges: Int, meanDegree: Double, maxDegree: Int,
    meanInDegree: Double, maxInDegree: Int, isolated: Int, structure: GraphStructure? = nil
  ) {
    self.layer = layer
    self.side = side
    self.nodes = nodes
    self.edges = edges
    self.withinEdges = withinEdges
    self.meanDegree = meanDegree
    self.maxDegree = maxDegree
    self.meanInDegree = meanInDegree
    self.maxInDegree = maxInDegree
    self.isolated = isolated
    self.structure = structure
  }
}

/// Per-layer, per-side statistics of a ``MultiplexGraph`` (what `boca graph stats` prints).
///
/// Rows: for each layer in graph order, then for a layer named `all` whose degrees are summed
/// over the layers (a pair linked in two layers counts in both), one row per side in side order
/// and then a side `all` row over every node. Side rows are left out when the graph has no
/// sides (its only side is the default `all`).
///
/// Degrees: out-degree and in-degree of a directed layer; for an undirected layer both are the
/// degree, so the mean degree of an `all` row is `2m/n`. In the `all` layer an undirected edge
/// adds to the out- and in-degree of both ends. See ``GraphStatsRow`` for the meaning of each
/// field, in particular how ``GraphStatsRow/edges`` counts on a side row.
///
/// Structure (``GraphStructure``, unless `structure` is false): each row's components,
/// clustering and assortativity are those of the subgraph induced by the row's nodes (all nodes
/// on an `all` row, the side's nodes on a side row, so only the side's `within` edges count) in
/// the row's layer. The `all` layer is the union of the layers as a simple graph (a pair linked
/// in two layers counts once), directed when any layer is (an undirected edge is then an arc
/// each way).
public enum GraphStats {
  /// The name of total rows, for layers and sides.
  public static let allName = "all"

  /// The rows of `graph`, in the order described above: O(n + m) per layer for the degrees,
  /// O(m log m + m^1.5) with `structure`.
  public static func rows(of graph: MultiplexGraph, structure: Bool = true) -> [GraphStatsRow] {
    let n = graph.nodeCount
    let sideCount = graph.sideNames.count
    let withSides = graph.sideNames != [allName]
    var rows: [GraphStatsRow] = []
    var outTotal = [Int](repeating: 0, count: n)
    var inTotal = [Int](repeating: 0, count: n)
    var sideEdgesTotal = [Int](repeating: 0, count: sideCount)
    var withinTotal = [Int](repeating: 0, count: sideCount)
    for layer in graph.layers {
      let csr = layer.out
      var inDegree = [Int](repeating: 0, count: layer.directed ? n : 0)
      if layer.directed { for v in csr.targets { inDegree[Int(v)] += 1 } }
      var outDegree = [Int](repeating: 0, count: n)
      for u in 0..<n { outDegree[u] = csr.offsets[u + 1] - csr.offsets[u] }
      let inOf = layer.directed ? inDegree : outDegree
      // Edges with both ends on one side, and per-side edge counts by the row rule.
      var within = [Int](repeating: 0, count: sideCount)
      if withSides {
        for u in 0..<n {
          let su = graph.nodeSide[u]
          for i in csr.offsets[u]..<csr.offsets[u + 1] where graph.nodeSide[Int(csr.targets[i])] == su {
            within[Int(su)] += 1
          }
        }
        if !layer.directed { within = within.map { $0 / 2 } }
      }
      var sideEdges = [Int](repeating: 0, count: sideCount)
      for u in 0..<n { sideEdges[Int(graph.nodeSide[u])] += outDegree[u] }
      if !layer.directed { for s in 0..<sideCount { sideEdges[s] -= within[s] } }
      rows += summarize(
        graph, layer: layer.name, outDegree: outDegree, inDegree: inOf, edges: layer.edgeCount,
        sideEdges: sideEdges, within: within, withSides: withSides)
      for u in 0..<n {
        outTotal[u] += outDegree[u]
        inTotal[u] += inOf[u]
      }
      for s in 0..<sideCount {
        sideEdgesTotal[s] += sideEdges[s]
        withinTotal[s] += within[s]
      }
    }
    rows += summarize(
      graph, layer: allName, outDegree: outTotal, inDegree: inTotal, edges: graph.edgeCount,
      sideEdges: sideEdgesTotal, within: withinTotal, withSides: withSides)
    if structure { addStructure(graph, to: &rows) }
    return rows
  }

  /// Fills ``GraphStatsRow/structure`` of every row (rows in the order of ``rows(of:structure:)``).
  static func addStructure(_ graph: MultiplexGraph, to rows: inout [GraphStatsRow]) {
    let n = graph.nodeCount
    let withSides = graph.sideNames != [allName]
    // Local ids of each node within its side.
    var local = [UInt32](repeating: 0, count: n)
    var sideSize = [Int](repeating: 0, count: graph.sideNames.count)
    for u in 0..<n {
      let s = Int(graph.nodeSide[u])
      local[u] = UInt32(sideSize[s])
      sideSize[s] += 1
    }
    func cells(layers: [Layer]) -> [GraphStructure] {
      let directed = layers.contains { $0.directed }
      var result: [GraphStructure] = []
      if withSides {
        for s in graph.sideNames.indices {
          var sources: [UInt32] = []
          var targets: [UInt32] = []
          for layer in layers {
            let csr = layer.out
            for u in 0..<n where Int(graph.nodeSide[u]) == s {
              for i in csr.offsets[u]..<csr.offsets[u + 1] where Int(graph.nodeSide[Int(csr.targets[i])]) == s {
                sources.append(local[u])
                targets.append(local[Int(csr.targets[i])])
              }
            }
          }
          result.append(GraphStructure(nodeCount: sideSize[s], sources: sources, targets: targets, directed: directed))
        }
      }
      var sources: [UInt32] = []
      var targets: [UInt32] = []
      for layer in layers {
        let csr = layer.out
        sources.reserveCapacity(sources.count + csr.targets.count)
        for u in 0..<n {
          for _ in csr.offsets[u]..<csr.offsets[u + 1] { sources.append(UInt32(u)) }
        }
        targets += csr.targets
      }
      result.append(GraphStructure(nodeCount: n, sources: sources, targets: targets, directed: directed))
      return result
    }
    var structures: [GraphStructure] = []
    for layer in graph.layers { structures += cells(layers: [layer]) }
    // The union of one layer is that layer.
    structures += graph.layers.count == 1 ? structures : cells(layers: graph.layers)
    precondition(structures.count == rows.count, "one structure per row")
    for i in rows.indices { rows[i].structure = structures[i] }
  }

  /// The side rows and the `all` row of one layer from per-node degrees.
  private static func summarize(
    _ graph: MultiplexGraph, layer: String, outDegree: [Int], inDegree: [Int], edges: Int, sideEdges: [Int],
    within: [Int], withSides: Bool
  ) -> [GraphStatsRow] {
    let sideCount = graph.sideNames.count
    var nodes = [Int](repeating: 0, count: sideCount)
    var sumOut = [Int](repeating: 0, count: sideCount)
    var sumIn = [Int](repeating: 0, count: sideCount)
    var maxOut = [Int](repeating: 0, count: sideCount)
    var maxIn = [Int](repeating: 0, count: sideCount)
    var isolated = [Int](repeating: 0, count: sideCount)
    for u in 0..<graph.nodeCount {
      let s = Int(graph.nodeSide[u])
      nodes[s] += 1
      sumOut[s] += outDegree[u]
      sumIn[s] += inDegree[u]
      maxOut[s] = max(maxOut[s], outDegree[u])
      maxIn[s] = max(maxIn[s], inDegree[u])
      if outDegree[u] == 0 && inDegree[u] == 0 { isolated[s] += 1 }
    }
    func mean(_ sum: Int, _ count: Int) -> Double { count == 0 ? 0 : Double(sum) / Double(count) }
    var rows: [GraphStatsRow] = []
    if withSides {
      for s in 0..<sideCount {
        rows.append(
          GraphStatsRow(
            layer: layer, side: graph.sideNames[s], nodes: nodes[s], edges: sideEdges[s], withinEdges: within[s],
            meanDegree: mean(sumOut[s], nodes[s]), maxDegree: maxOut[s], meanInDegree: mean(sumIn[s], nodes[s]),
            maxInDegree: maxIn[s], isolated: isolated[s]))
      }
    }
    let n = graph.nodeCount
    rows.append(
      GraphStatsRow(
        layer: layer, side: allName, nodes: n, edges: edges, withinEdges: edges,
        meanDegree: mean(sumOut.reduce(0, +), n), maxDegree: maxOut.max() ?? 0,
        meanInDegree: mean(sumIn.reduce(0, +), n), maxInDegree: maxIn.max() ?? 0, isolated: isolated.reduce(0, +)))
    return rows
  }

  /// The CSV header of ``csv(_:)``.
  public static let csvHeader =
    "layer,side,nodes,edges,mean_degree,max_degree,mean_in_degree,max_in_degree,within_edges,isolated,"
    + "components,largest_component,strong_components,largest_strong_component,transitivity,mean_clustering,"
    + "assortativity"

  /// The rows as CSV with header ``csvHeader``; means with 4 decimals; names quoted if needed.
  /// The structure columns are empty when not computed, the strong components on an undirected
  /// layer, and a figure that is undefined (NaN); transitivity, clustering and assortativity
  /// are written in Swift's shortest round-trip form.
  public static func csv(_ rows: [GraphStatsRow]) -> String {
    var lines = [csvHeader]
    for r in rows {
      var cells = [
        NodeEdgeTableWriter.csvField(r.layer), NodeEdgeTableWriter.csvField(r.side), String(r.nodes), String(r.edges),
        fixed(r.meanDegree, 4), String(r.maxDegree), fixed(r.meanInDegree, 4), String(r.maxInDegree),
        String(r.withinEdges), String(r.isolated),
      ]
      if let s = r.structure {
        cells += [
          String(s.components), String(s.largestComponent), s.strongComponents.map(String.init) ?? "",
          s.largestStrongComponent.map(String.init) ?? "", exact(s.transitivity), exact(s.meanClustering),
          exact(s.assortativity),
        ]
      } else {
        cells += Array(repeating: "", count: 7)
      }
      lines.append(cells.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A figure in its shortest round-trip form, or empty when NaN (undefined).
  static func exact(_ x: Double) -> String { x.isNaN ? "" : x.description }

  /// The rows as an aligned text table (text left-aligned, numbers right-aligned, means with 2
  /// decimals).
  public static func table(_ rows: [GraphStatsRow]) -> String {
    let structure = rows.contains { $0.structure != nil }
    var header = ["layer", "side", "nodes", "edges", "mean deg", "max deg", "mean in", "max in", "within", "isolated"]
    if structure { header += ["comps", "largest", "strong", "largest strong", "transitivity", "clustering", "assort"] }
    func figure(_ x: Double) -> String { x.isNaN ? "-" : fixed(x, 3) }
    let body = rows.map { r in
      var cells = [
        r.layer, r.side, String(r.nodes), String(r.edges), fixed(r.meanDegree, 2), String(r.maxDegree),
        fixed(r.meanInDegree, 2), String(r.maxInDegree), String(r.withinEdges), String(r.isolated),
      ]
      if structure {
        let s = r.structure
        cells += [
          s.map { String($0.components) } ?? "-", s.map { String($0.largestComponent) } ?? "-",
          s?.strongComponents.map(String.init) ?? "-", s?.largestStrongComponent.map(String.init) ?? "-",
          s.map { figure($0.transitivity) } ?? "-", s.map { figure($0.meanClustering) } ?? "-",
          s.map { figure($0.assortativity) } ?? "-",
        ]
      }
      return cells
    }
    let all = [header] + body
    let widths = header.indices.map { c in all.map { $0[c].count }.max()! }
    return all.map { cells in
      cells.indices.map { c in
        let pad = String(repeating: " ", count: widths[c] - cells[c].count)
        return c < 2 ? cells[c] + pad : pad + cells[c]
      }.joined(separator: "  ").trimmingTrailingBlanks()
    }.joined(separator: "\n") + "\n"
  }

  /// `x` with exactly `digits` decimals, rounded half away from zero (no Foundation needed).
  static func fixed(_ x: Double, _ digits: Int) -> String {
    guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(x) * scale).rounded()
    guard scaled < 9.0e18 else { return x.description }
    let units = Int64(scaled)
    let sign = x < 0 && units != 0 ? "-" : ""
    if digits <= 0 { return sign + String(units) }
    let p = Int64(scale)
    let fraction = String(units % p)
    return "\(sign)\(units / p)." + String(repeating: "0", count: digits - fraction.count) + fraction
  }
}

extension String {
  /// This string without trailing spaces.
  fileprivate func trimmingTrailingBlanks() -> String {
    var s = self[...]
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
