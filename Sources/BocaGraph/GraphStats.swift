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

  public init(
    layer: String, side: String, nodes: Int, edges: Int, withinEdges: Int, meanDegree: Double, maxDegree: Int,
    meanInDegree: Double, maxInDegree: Int, isolated: Int
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
public enum GraphStats {
  /// The name of total rows, for layers and sides.
  public static let allName = "all"

  /// The rows of `graph`, in the order described above. O(n + m) per layer.
  public static func rows(of graph: MultiplexGraph) -> [GraphStatsRow] {
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
    return rows
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
    "layer,side,nodes,edges,mean_degree,max_degree,mean_in_degree,max_in_degree,within_edges,isolated"

  /// The rows as CSV with header ``csvHeader``; means with 4 decimals; names quoted if needed.
  public static func csv(_ rows: [GraphStatsRow]) -> String {
    var lines = [csvHeader]
    for r in rows {
      let cells = [
        NodeEdgeTableWriter.csvField(r.layer), NodeEdgeTableWriter.csvField(r.side), String(r.nodes), String(r.edges),
        fixed(r.meanDegree, 4), String(r.maxDegree), fixed(r.meanInDegree, 4), String(r.maxInDegree),
        String(r.withinEdges), String(r.isolated),
      ]
      lines.append(cells.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The rows as an aligned text table (text left-aligned, numbers right-aligned, means with 2
  /// decimals).
  public static func table(_ rows: [GraphStatsRow]) -> String {
    let header = ["layer", "side", "nodes", "edges", "mean deg", "max deg", "mean in", "max in", "within", "isolated"]
    let body = rows.map { r in
      [
        r.layer, r.side, String(r.nodes), String(r.edges), fixed(r.meanDegree, 2), String(r.maxDegree),
        fixed(r.meanInDegree, 2), String(r.maxInDegree), String(r.withinEdges), String(r.isolated),
      ]
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
