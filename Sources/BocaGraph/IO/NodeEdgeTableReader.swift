/// Reads a graph from a CSV edge table and an optional CSV node table (the layout of
/// `data/real/*/{nodes,edges}.csv`).
///
/// Edge table: a header with `source` and `target` (required), `layer` and `weight` (optional);
/// other columns are ignored; blank lines are skipped; each row has as many fields as the
/// header. Ids are non-negative integers. Without a `layer` column every edge is on one layer
/// named `defaultLayer`; with one, layers are created in order of first appearance. With a
/// `weight` column every layer is weighted (finite decimal numbers, stored as `Float`).
/// All layers are `directed` or all undirected. Self-loops are dropped and duplicates (same
/// layer, same endpoints) merged, counted in the ``ReadReport``.
///
/// Node table (see ``NodeTable``): when given, it defines the nodes (an edge naming another id
/// is an error naming its line), the sides (`sideColumn`) and the attributes (every column but
/// `node`, set with ``MultiplexGraph/setAttribute(_:values:)``). Without it, the nodes are the
/// ids that occur in the edges, all on one side, without attributes.
///
/// Either way ids are relabelled 0..<n in increasing id order (``IDRelabeller``).
///
/// **String ids.** When a `node`, `source` or `target` cell is a name — it is not an integer and
/// does not start with a digit, a sign or a point (`alice`, `P-17`, `_x`; `2.5`, `3x` and ids beyond
/// Int64 stay errors) — every id of both tables is read as a name (`12` as the name "12"): the names (of the node
/// table when given, else of the edges) are sorted by their bytes and node i is the i-th;
/// ``MultiplexGraph/nodeNames`` keeps them, and every output that prints ids prints the names
/// (``MultiplexGraph/nodeLabel(_:)``). Tables with integer ids are read exactly as before.
public enum NodeEdgeTableReader {
  /// Reads the tables into a graph.
  ///
  /// - Parameters:
  ///   - nodes: the node table, or `nil`.
  ///   - edges: the edge table.
  ///   - directed: whether `source,target` means source → target.
  ///   - sideColumn: the node-table column whose values are the sides (needs `nodes`).
  ///   - allowedLayers: when given, a layer name outside this list is an error.
  ///   - defaultLayer: the layer name used when the edge table has no `layer` column.
  ///   - keepInAdjacency: whether directed layers keep their in-adjacency.
  /// - Throws: ``GraphInputError`` for malformed input, ``GraphError`` for a side column
  ///   without node table.
  public static func read(
    nodes: String?, edges: String, directed: Bool, sideColumn: String? = nil, allowedLayers: [String]? = nil,
    defaultLayer: String = "default", keepInAdjacency: Bool = true
  ) throws -> (graph: MultiplexGraph, report: ReadReport) {
    do {
      return try read(
        nodes: nodes, edges: edges, directed: directed, sideColumn: sideColumn, allowedLayers: allowedLayers,
        defaultLayer: defaultLayer, keepInAdjacency: keepInAdjacency, names: nil)
    } catch let error as GraphInputError
      where error.kind == .invalidID && ["node", "source", "target"].contains(error.column ?? "")
      && StringIDs.isName(error.found)
    {
      guard let sorted = try StringIDs.collect(nodes: nodes, edges: edges) else { throw error }
      let names = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($0.element, Int64($0.offset)) })
      var (graph, report) = try read(
        nodes: nodes, edges: edges, directed: directed, sideColumn: sideColumn, allowedLayers: allowedLayers,
        defaultLayer: defaultLayer, keepInAdjacency: keepInAdjacency, names: names)
      graph.nodeNames = sorted
      return (graph, report)
    }
  }

  static func read(
    nodes: String?, edges: String, directed: Bool, sideColumn: String?, allowedLayers: [String]?,
    defaultLayer: String, keepInAdjacency: Bool, names: [String: Int64]?
  ) throws -> (graph: MultiplexGraph, report: ReadReport) {
    let start = ContinuousClock.now
    if sideColumn != nil && nodes == nil {
      throw GraphError.invalidParameter("a side column needs a node table")
    }
    var report = ReadReport()
    var table: NodeTable? = nil
    var relabeller: IDRelabeller? = nil
    if let nodes {
      let t = try NodeTable.read(path: nodes, sideColumn: sideColumn, names: names)
      report.lines += t.lineCount
      report.bytes += t.byteCount
      let r = IDRelabeller(ids: t.ids)
      if r.count < t.ids.count { try throwDuplicate(t, r, names: names) }
      table = t
      relabeller = r
    }
    var parsed = try parseEdges(
      path: edges, nodes: relabeller, nodesPath: nodes, allowedLayers: allowedLayers, defaultLayer: defaultLayer,
      names: names)
    report.lines += parsed.lines
    report.bytes += parsed.bytes
    if relabeller == nil {
      guard parsed.layers.contains(where: { $0.sources.count > 0 }) else {
        throw GraphInputError(
          .emptyFile, file: edges, line: max(1, parsed.lines), expected: "at least one edge row",
          found: parsed.bytes == 0 ? "an empty file" : "no rows")
      }
      relabeller = IDRelabeller(columns: parsed.layers.flatMap { [$0.sources, $0.targets] })
    }
    let r = relabeller!
    var graph: MultiplexGraph
    if let table {
      var nodeSide: [UInt16]? = nil
      if !table.rowSides.isEmpty {
        var sides = [UInt16](repeating: 0, count: r.count)
        for (row, id) in table.ids.enumerated() { sides[Int(r.index(of: id)!)] = table.rowSides[row] }
        nodeSide = sides
      }
      graph = MultiplexGraph(
        nodeCount: r.count, sideNames: table.sideNames, nodeSide: nodeSide, originalIDs: r.graphOriginalIDs)
      let internalOfRow = table.ids.map { Int(r.index(of: $0)!) }
      for (k, name) in table.attributeNames.enumerated() {
        var column = [Double](repeating: .nan, count: r.count)
        for (row, value) in table.attributes[k].enumerated() { column[internalOfRow[row]] = value }
        graph.setAttribute(name, values: column)
      }
    } else {
      graph = MultiplexGraph(nodeCount: r.count, originalIDs: r.graphOriginalIDs)
    }
    for k in parsed.layers.indices {
      // Read name and weights first: holding a copy of the layer would make the id arrays copy.
      let name = parsed.layers[k].name
      let weights = parsed.weighted ? parsed.layers[k].weights : nil
      let s = table == nil ? parsed.layers[k].sources.relabelled(by: r) : parsed.layers[k].sources.takeIndices()
      let t = table == nil ? parsed.layers[k].targets.relabelled(by: r) : parsed.layers[k].targets.takeIndices()
      let layerReport = try graph.addLayer(
        name: name, directed: directed, sources: s, targets: t, weights: weights,
        keepInAdjacency: keepInAdjacency)
      report.add(layerReport)
      parsed.layers[k].weights = []
    }
    report.seconds = secondsSince(start)
    return (graph, report)
  }

  /// The edges of one layer as parsed: original ids, or internal ids when a node table was given.
  struct ParsedLayer {
    var name: String
    var sources = IDColumn()
    var targets = IDColumn()
    var weights: [Float] = []
  }

  /// Parses the edge table into layers.
  static func parseEdges(
    path: String, nodes: IDRelabeller?, nodesPath: String?, allowedLayers: [String]?, defaultLayer: String,
    names: [String: Int64]? = nil
  ) throws -> (layers: [ParsedLayer], weighted: Bool, lines: Int, bytes: Int) {
    var parser = EdgeTableParser(
      path: path, nodes: nodes, nodesPath: nodesPath, allowedLayers: allowedLayers, defaultLayer: defaultLayer)
    parser.names = names
    let (lines, bytes) = try LineScanner.forEachLine(path: path) { line, lineNumber in
      try parser.consume(line, lineNumber)
    }
    if parser.header == nil {
      throw GraphInputError(
        .emptyFile, file: path, line: max(1, lines), expected: "a header line with 'source' and 'target' columns",
        found: bytes == 0 ? "an empty file" : "only blank lines")
    }
    return (parser.layers, parser.weightColumn >= 0, lines, bytes)
  }

  /// Throws the error for the first node id that occurs twice in `table`.
  private static func throwDuplicate(_ table: NodeTable, _ relabeller: IDRelabeller, names: [String: Int64]?) throws {
    let byCode = names.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.value, $0.key) }) }
    var seen = [Bool](repeating: false, count: relabeller.count)
    for (row, id) in table.ids.enumerated() {
      let i = Int(relabeller.index(of: id)!)
      if seen[i] {
        throw GraphInputError(
          .duplicateNode, file: table.path, line: Int(table.rowLines[row]), column: "node",
          expected: "each node id once", found: byCode?[id] ?? String(id))
      }
      seen[i] = true
    }
  }
}

extension IDColumn {
  /// The ids as internal ids, when they were stored as such (all below 2^32).
  mutating func takeIndices() -> [UInt32] {
    precondition(wide == nil, "internal ids are 32-bit")
    let result = narrow
    self = IDColumn()
    return result
  }
}

/// The state of parsing an edge table, one line at a time (a struct, so that the per-line work
/// touches its fields without dynamic exclusivity checks).
struct EdgeTableParser {
  let path: String
  let nodes: IDRelabeller?
  let nodesPath: String?
  let allowedLayers: [String]?
  let defaultLayer: String
  var header: [String]? = nil
  var sourceColumn = -1
  var targetColumn = -1
  var layerColumn = -1
  var weightColumn = -1
  var layers: [NodeEdgeTableReader.ParsedLayer] = []
  /// The UTF-8 bytes of each layer's cell text, to find a row's layer without making a `String`.
  var layerBytes: [[UInt8]] = []
  var lastLayer = 0
  var csv = CSVLine()
  /// String ids: name → code (see ``NodeEdgeTableReader``); nil for integer ids.
  var names: [String: Int64]? = nil

  init(path: String, nodes: IDRelabeller?, nodesPath: String?, allowedLayers: [String]?, defaultLayer: String) {
    self.path = path
    self.nodes = nodes
    self.nodesPath = nodesPath
    self.allowedLayers = allowedLayers
    self.defaultLayer = defaultLayer
  }

  /// Parses one line: the header first, then edge rows.
  mutating func consume(_ line: UnsafeBufferPointer<UInt8>, _ lineNumber: Int) throws {
    if ByteParsing.trimmed(line).isEmpty { return }
    guard csv.split(line) else {
      throw GraphInputError(
        .malformed, file: path, line: lineNumber, expected: "a closing quote", found: GraphInputError.text(line))
    }
    guard let names = header else { return try readHeader(line, lineNumber) }
    guard csv.count == names.count else {
      throw GraphInputError(
        .fieldCount, file: path, line: lineNumber, expected: "\(names.count) fields as in the header",
        found: "\(csv.count) fields: " + GraphInputError.text(line))
    }
    let u = try endpoint(sourceColumn, "source", line, lineNumber)
    let v = try endpoint(targetColumn, "target", line, lineNumber)
    let k = layerColumn < 0 ? 0 : try layerIndex(line, lineNumber)
    if weightColumn >= 0 {
      let bytes = csv.bytes(weightColumn, of: line)
      guard let w = ByteParsing.parseNumber(bytes), Float(w).isFinite else {
        throw GraphInputError(
          .invalidWeight, file: path, line: lineNumber, column: "weight", expected: "a finite number as weight",
          found: GraphInputError.text(bytes))
      }
      layers[k].weights.append(Float(w))
    }
    layers[k].sources.append(u)
    layers[k].targets.append(v)
  }

  private mutating func readHeader(_ line: UnsafeBufferPointer<UInt8>, _ lineNumber: Int) throws {
    let names = (0..<csv.count).map { csv.text($0, of: line) }
    try TableHeader.checkUnique(names, path: path, line: lineNumber)
    guard let s = names.firstIndex(of: "source") else {
      throw TableHeader.missing("source", names, path: path, line: lineNumber)
    }
    guard let t = names.firstIndex(of: "target") else {
      throw TableHeader.missing("target", names, path: path, line: lineNumber)
    }
    sourceColumn = s
    targetColumn = t
    layerColumn = names.firstIndex(of: "layer") ?? -1
    weightColumn = names.firstIndex(of: "weight") ?? -1
    if layerColumn < 0 {
      if let allowedLayers, !allowedLayers.contains(defaultLayer) {
        throw TableHeader.missing("layer", names, path: path, line: lineNumber)
      }
      layers = [NodeEdgeTableReader.ParsedLayer(name: defaultLayer)]
    }
    header = names
  }

  /// The node id in `column`: original, or internal when a node table was given.
  private func endpoint(
    _ column: Int, _ name: String, _ line: UnsafeBufferPointer<UInt8>, _ lineNumber: Int
  ) throws -> Int64 {
    let bytes = csv.bytes(column, of: line)
    let id: Int64
    if let names {
      let text = csv.text(column, of: line)
      guard let code = names[text] else {
        throw GraphInputError(
          nodes == nil ? .invalidID : .unknownNode, file: path, line: lineNumber, column: name,
          expected: nodes == nil
            ? "a node id (a name or an integer)" : "a node listed in \(nodesPath ?? "the node table")",
          found: text)
      }
      id = code
    } else {
      id = ByteParsing.parseID(bytes)
    }
    guard id >= 0 else {
      throw GraphInputError.nodeID(id, bytes, file: path, line: lineNumber, column: name)
    }
    guard let nodes else { return id }
    guard let index = nodes.index(of: id) else {
      throw GraphInputError(
        .unknownNode, file: path, line: lineNumber, column: name,
        expected: "a node listed in \(nodesPath ?? "the node table")", found: GraphInputError.text(bytes))
    }
    return Int64(index)
  }

  /// The index of the row's layer, creating the layer on first appearance.
  private mutating func layerIndex(_ line: UnsafeBufferPointer<UInt8>, _ lineNumber: Int) throws -> Int {
    let bytes = csv.bytes(layerColumn, of: line)
    // Usually the same layer as the row before; else one of a few known layers.
    if !csv.isQuoted(layerColumn) {
      if lastLayer < layerBytes.count && bytes.elementsEqual(layerBytes[lastLayer]) { return lastLayer }
      for (k, known) in layerBytes.enumerated() where bytes.elementsEqual(known) {
        lastLayer = k
        return k
      }
    }
    let name = csv.text(layerColumn, of: line)
    if let known = layers.firstIndex(where: { $0.name == name }) {
      lastLayer = known
      return known
    }
    if name.isEmpty || !(allowedLayers?.contains(name) ?? true) {
      throw GraphInputError(
        .unknownLayer, file: path, line: lineNumber, column: "layer",
        expected: allowedLayers.map { "one of the layers " + $0.joined(separator: ", ") } ?? "a layer name",
        found: name)
    }
    lastLayer = layers.count
    layers.append(NodeEdgeTableReader.ParsedLayer(name: name))
    layerBytes.append(Array(name.utf8))
    return lastLayer
  }
}
