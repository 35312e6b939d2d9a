/// Writes a graph as a CSV node table and a CSV edge table that ``NodeEdgeTableReader`` reads
/// back (with the same `directed` flag and side column).
///
/// Node table: `node`, then the side column when `sideColumn` is given (side names; it replaces an
/// attribute of the same name), then the attributes sorted by name; one row per node in
/// increasing id order. Numbers are written as integers when integral, otherwise in the shortest
/// form that reads back exactly; NaN is an empty cell.
///
/// Edge table: `source,target,layer` and `weight` when any layer is weighted (unweighted layers
/// then get weight 1); layers in graph order, each edge once (`source < target` in an undirected
/// layer), by source then target. Directedness is not stored: pass it when reading.
///
/// Text cells holding a comma, a quote or outer blanks are quoted. Both files are written to a
/// temporary file beside the target and renamed over it.
public enum NodeEdgeTableWriter {
  /// Writes the node table and the edge table.
  public static func write(_ graph: MultiplexGraph, nodes: String, edges: String, sideColumn: String? = nil) throws {
    try writeNodes(graph, to: nodes, sideColumn: sideColumn)
    try writeEdges(graph, to: edges)
  }

  /// Writes the node table to `path`; sides go to column `sideColumn` when given.
  ///
  /// - Throws: ``GraphError/invalidParameter(_:)`` when `sideColumn` is `node`;
  ///   ``GraphOutputError`` when the file cannot be written.
  public static func writeNodes(_ graph: MultiplexGraph, to path: String, sideColumn: String? = nil) throws {
    if sideColumn == "node" { throw GraphError.invalidParameter("the side column cannot be named 'node'") }
    let attributeNames = graph.attributes.keys.filter { $0 != sideColumn && $0 != "node" }.sorted()
    let columns = attributeNames.map { graph.attributes[$0]! }
    let writer = try AtomicFileWriter(path: path)
    var out = ByteBuffer()
    out.append("node")
    if let sideColumn { out.append("," + csvField(sideColumn)) }
    for name in attributeNames { out.append("," + csvField(name)) }
    out.appendByte(0x0A)
    let sideCells = graph.sideNames.map(csvField)
    let names = graph.nodeNames?.map(csvField)
    for u in 0..<graph.nodeCount {
      if let names { out.append(names[u]) } else { out.append(graph.originalID(u)) }
      if sideColumn != nil {
        out.appendByte(0x2C)
        out.append(sideCells[Int(graph.nodeSide[u])])
      }
      for column in columns {
        out.appendByte(0x2C)
        out.appendNumber(column[u])
      }
      out.appendByte(0x0A)
      if out.isFull { try writer.drain(&out) }
    }
    try writer.commit(&out)
  }

  /// Writes the edge table of every layer to `path`.
  public static func writeEdges(_ graph: MultiplexGraph, to path: String) throws {
    let weighted = graph.layers.contains { $0.weighted }
    let writer = try AtomicFileWriter(path: path)
    var out = ByteBuffer()
    out.append(weighted ? "source,target,layer,weight\n" : "source,target,layer\n")
    let names = graph.nodeNames?.map(csvField)
    for layer in graph.layers {
      let layerCell = "," + csvField(layer.name)
      let csr = layer.out
      for u in 0..<graph.nodeCount {
        let uID = graph.originalID(u)
        for i in csr.offsets[u]..<csr.offsets[u + 1] {
          let v = Int(csr.targets[i])
          if !layer.directed && v <= u { continue }
          if let names {
            out.append(names[u])
            out.appendByte(0x2C)
            out.append(names[v])
          } else {
            out.append(uID)
            out.appendByte(0x2C)
            out.append(graph.originalID(v))
          }
          out.append(layerCell)
          if weighted {
            out.appendByte(0x2C)
            out.append(csr.weights.map { $0[i].description } ?? "1")
          }
          out.appendByte(0x0A)
        }
        if out.isFull { try writer.drain(&out) }
      }
    }
    try writer.commit(&out)
  }

  /// `text` as a CSV cell: quoted (with `""` for `"`) when it holds a comma, quote, newline or
  /// outer blanks.
  static func csvField(_ text: String) -> String {
    let needsQuotes =
      text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
      || text.first.map { $0 == " " || $0 == "\t" } == true
      || text.last.map { $0 == " " || $0 == "\t" } == true
    guard needsQuotes else { return text }
    var result = "\""
    for c in text {
      if c == "\"" { result += "\"\"" } else { result.append(c) }
    }
    return result + "\""
  }
}
