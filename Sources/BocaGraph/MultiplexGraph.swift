import BocaRandom

/// The network every model runs on: nodes that belong to named **sides** (consumer, prosumer,
/// employee, brand…), edges that belong to named **layers** (platforms), and per-node attribute
/// columns (activity, credibility, threshold…).
///
/// Nodes are numbered 0..<n internally (32-bit in the adjacency). When the graph was read from a
/// file, ``originalIDs`` maps each internal id back to the id in the file, and every output uses
/// the original ids.
///
/// Memory: per layer, 4 bytes per adjacency entry (8 when weighted) plus 8 bytes per node per
/// CSR (an undirected edge is two entries); building a layer peaks at about twice its entries
/// plus the caller's endpoint arrays, which ``addLayer(name:directed:sources:targets:weights:keepInAdjacency:)``
/// consumes; per node, 2 bytes of side, 8 of original id when relabelled, and 8 per attribute column.
public struct MultiplexGraph: Sendable {
  /// Number of nodes.
  public let nodeCount: Int
  /// Side names, indexed by side id.
  public let sideNames: [String]
  /// The side of each node.
  public let nodeSide: [UInt16]
  /// The id of each node in its source file, or `nil` when ids are 0..<n.
  public let originalIDs: [Int64]?
  /// The layers, in declaration order.
  public private(set) var layers: [Layer] = []
  /// Per-node attribute columns by name.
  public private(set) var attributes: [String: [Double]] = [:]

  /// A graph of `nodeCount` nodes with no layers yet.
  ///
  /// - Parameters:
  ///   - sideNames: the sides; when empty, every node is on one side named `all`.
  ///   - nodeSide: each node's index into `sideNames` (all zero when `nil`).
  ///   - originalIDs: each node's id in its source, if relabelled.
  public init(nodeCount: Int, sideNames: [String] = [], nodeSide: [UInt16]? = nil, originalIDs: [Int64]? = nil) {
    precondition(nodeCount >= 0 && nodeCount < Int(UInt32.max), "node count out of the 32-bit range")
    precondition(nodeSide == nil || nodeSide!.count == nodeCount, "nodeSide must have one entry per node")
    precondition(originalIDs == nil || originalIDs!.count == nodeCount, "originalIDs must have one entry per node")
    self.nodeCount = nodeCount
    self.sideNames = sideNames.isEmpty ? ["all"] : sideNames
    self.nodeSide = nodeSide ?? [UInt16](repeating: 0, count: nodeCount)
    self.originalIDs = originalIDs
  }

  /// The original id of internal node `node`.
  @inlinable public func originalID(_ node: Int) -> Int64 { originalIDs?[node] ?? Int64(node) }

  /// The node ids as the tables wrote them, when they are names rather than integers (`alice`,
  /// `P-17`); `nil` for integer ids. Node i is `nodeNames[i]`; the names are in increasing
  /// (byte) order, as integer ids are.
  public var nodeNames: [String]? = nil

  /// Node `node` as its source named it: its name, or its original integer id.
  public func nodeLabel(_ node: Int) -> String { nodeNames?[node] ?? String(originalID(node)) }

  /// The index of the side named `name`.
  public func sideIndex(_ name: String) -> Int? { sideNames.firstIndex(of: name) }

  /// The index of the layer named `name`.
  public func layerIndex(_ name: String) -> Int? { layers.firstIndex { $0.name == name } }

  /// The nodes of each side, in increasing id order.
  public func nodesBySide() -> [[UInt32]] {
    var result = [[UInt32]](repeating: [], count: sideNames.count)
    for (node, side) in nodeSide.enumerated() { result[Int(side)].append(UInt32(node)) }
    return result
  }

  /// Number of nodes on each side.
  public func sideCounts() -> [Int] {
    var counts = [Int](repeating: 0, count: sideNames.count)
    for s in nodeSide { counts[Int(s)] += 1 }
    return counts
  }

  /// Total edges over all layers, each counted once.
  public var edgeCount: Int { layers.reduce(0) { $0 + $1.edgeCount } }

  /// Bytes held by adjacency, sides, ids and attributes.
  public var byteCount: Int {
    layers.reduce(0) { $0 + $1.byteCount } + nodeSide.count * 2 + (originalIDs?.count ?? 0) * 8
      + attributes.values.reduce(0) { $0 + $1.count * 8 }
  }

  /// What ``addLayer(name:directed:sources:targets:weights:keepInAdjacency:)`` dropped.
  public struct LayerReport: Sendable, Equatable {
    /// Self-loops dropped.
    public var selfLoops = 0
    /// Duplicate edges merged (for undirected layers `u v` and `v u` are the same edge).
    public var duplicates = 0
  }

  /// Adds a layer built from edge endpoints (internal ids), dropping self-loops and merging
  /// duplicates (a duplicate keeps the first weight). O(n + m): two counting sorts, see
  /// `CSR.build`.
  ///
  /// The endpoint arrays are consumed: pass them as the last use (or with `consume`) and their
  /// memory is released as soon as the entries are bucketed, before the rows are built. An
  /// undirected edge is written in both directions straight into the CSR; no 2m-entry copy of
  /// the endpoints is made.
  ///
  /// - Throws: ``GraphError`` when the name is taken or an endpoint is out of range.
  @discardableResult
  public mutating func addLayer(
    name: String, directed: Bool, sources: consuming [UInt32], targets: consuming [UInt32],
    weights: consuming [Float]? = nil, keepInAdjacency: Bool = true
  ) throws -> LayerReport {
    guard layerIndex(name) == nil else { throw GraphError.duplicateLayer(name) }
    precondition(sources.count == targets.count && (weights == nil || weights!.count == sources.count))
    var report = LayerReport()
    let n = UInt32(truncatingIfNeeded: nodeCount)
    // One read-only pass: range check (first offending edge in input order) and self-loops.
    var bad = -1
    var selfLoops = 0
    sources.withUnsafeBufferPointer { s in
      targets.withUnsafeBufferPointer { t in
        for e in 0..<s.count {
          let u = s[e]
          let v = t[e]
          if u >= n || v >= n {
            bad = e
            return
          }
          if u == v { selfLoops += 1 }
        }
      }
    }
    if bad >= 0 {
      throw GraphError.nodeOutOfRange(layer: name, node: Int(max(sources[bad], targets[bad])), nodeCount: nodeCount)
    }
    report.selfLoops = selfLoops
    let (out, duplicates) = CSR.build(
      nodeCount: nodeCount, sources: consume sources, targets: consume targets, weights: consume weights,
      symmetric: !directed,
      mergeDuplicates: true)
    report.duplicates = directed ? duplicates : duplicates / 2
    var inAdjacency: CSR? = nil
    if directed && keepInAdjacency {
      inAdjacency = out.transposed()
    }
    layers.append(Layer(name: name, directed: directed, out: out, inAdjacency: inAdjacency))
    return report
  }

  /// Adds a prebuilt layer.
  public mutating func addLayer(_ layer: Layer) throws {
    guard layerIndex(layer.name) == nil else { throw GraphError.duplicateLayer(layer.name) }
    precondition(layer.out.nodeCount == nodeCount, "layer has another node count")
    layers.append(layer)
  }

  /// Sets (or replaces) an attribute column.
  public mutating func setAttribute(_ name: String, values: [Double]) {
    precondition(values.count == nodeCount, "attribute column must have one value per node")
    attributes[name] = values
  }

  /// Draws attribute `name` for every node from its side's distribution, node by node in id order
  /// (one draw per node). Sides missing from `distributions` get `defaultValue`.
  public mutating func drawAttribute(
    _ name: String, distributions: [String: Distribution], defaultValue: Double = 0, rng: RandomGenerator
  ) {
    let bySide: [Distribution?] = sideNames.map { distributions[$0] }
    var values = [Double](repeating: defaultValue, count: nodeCount)
    for node in 0..<nodeCount {
      if let d = bySide[Int(nodeSide[node])] { values[node] = d.sample(rng) }
    }
    attributes[name] = values
  }
}

/// Errors in building or reading a graph.
public enum GraphError: Error, CustomStringConvertible, Equatable, Sendable {
  case duplicateLayer(String)
  case nodeOutOfRange(layer: String, node: Int, nodeCount: Int)
  case invalidParameter(String)

  public var description: String {
    switch self {
    case .duplicateLayer(let name): return "layer '\(name)' is defined twice"
    case .nodeOutOfRange(let layer, let node, let n):
      return "layer '\(layer)': node \(node) is out of range (the graph has \(n) nodes)"
    case .invalidParameter(let message): return message
    }
  }
}
