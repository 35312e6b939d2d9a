import BocaGraph
import BocaScenario
import Foundation

/// A scenario's multi-layer graph written as a node table and an edge table that `graph.load`
/// reads back (`boca graph export`).
///
/// The graph is the one `boca run` builds for the chosen sweep point and arm (point 0 and the
/// first arm by default: the graph whose checksum the run's manifest records as
/// `graph_checksum`), or, for `graph.replicate: true`, the draw of one replicate.
///
/// - `nodes.csv`: `node`, the side column (``sideColumn``, the side names), then the node
///   attributes sorted by name; one row per node, isolated nodes included.
/// - `edges.csv`: `source,target,layer`, and `weight` when a layer is weighted; layers in graph
///   order, each edge once.
///
/// `graph.load` reads every layer with one direction. When the scenario's layers all have the
/// same direction, loading the tables with `directed:` set to it gives the same graph (the same
/// ``MultiplexGraph/checksum``). When they mix directions, an undirected edge is written as two
/// arcs, one each way, and the tables are to be loaded with `directed: true`: each node then has
/// the same neighbours as before, but the layers are all directed (``Written/mixed``). A layer
/// without edges is not in the edge table and so is not read back (``Written/emptyLayers``).
public enum GraphExport {
  public static let nodesFile = "nodes.csv"
  public static let edgesFile = "edges.csv"

  /// What was written.
  public struct Written: Sendable {
    /// The graph as written (its layers all directed when ``mixed``), whose checksum the tables
    /// read back with ``directed`` have.
    public let graph: MultiplexGraph
    /// The checksum of the scenario's graph as built (the manifest's `graph_checksum`).
    public let scenarioChecksum: UInt64
    /// The `directed:` to load the tables with.
    public let directed: Bool
    /// Whether the scenario's layers mix directions (undirected edges were written both ways).
    public let mixed: Bool
    /// The node-table column that holds the sides.
    public let sideColumn: String
    /// Layers without edges (not in the edge table).
    public let emptyLayers: [String]
    public let nodesURL: URL
    public let edgesURL: URL

    /// The `graph:` section of a scenario that loads the tables (paths relative to the folder).
    public var loadSection: String {
      "graph:\n  load: {nodes: \(GraphExport.nodesFile), edges: \(GraphExport.edgesFile), directed: \(directed), "
        + "side_column: \(sideColumn)}"
    }
  }

  /// The node-table column for the sides: `side`, or the first of `side_name`, `side_` … that
  /// is not an attribute of the graph.
  public static func sideColumn(for graph: MultiplexGraph) -> String {
    var name = "side"
    if graph.attributes[name] == nil { return name }
    name = "side_name"
    while graph.attributes[name] != nil || name == "node" { name += "_" }
    return name
  }

  /// Builds the graph of `point`, the arm named `arm` (default: the first) and `replicate`
  /// (when the scenario draws a network per replicate), and writes its tables into `directory`
  /// (created when missing; the two files are replaced atomically).
  ///
  /// - Throws: ``GraphExportError`` for a point, arm or replicate the plan does not have; the
  ///   graph's errors (``ScenarioError``, ``MemoryLimitError``) and write errors.
  public static func write(
    plan: ScenarioPlan, point: Int = 0, arm: String? = nil, replicate: Int? = nil, to directory: URL,
    log: (String) -> Void = { _ in }
  ) throws -> Written {
    guard point >= 0, point < plan.pointCount else {
      throw GraphExportError.noSuchPoint(point, pointCount: plan.pointCount)
    }
    var armIndex = 0
    if let arm {
      guard let i = plan.arms.firstIndex(where: { $0.name == arm }) else {
        throw GraphExportError.noSuchArm(arm, known: plan.arms.map(\.name))
      }
      armIndex = i
    }
    let scenario = plan.scenario(point: point, arm: armIndex)
    if let replicate {
      guard scenario.graph.replicate else { throw GraphExportError.networkNotReplicated(replicate) }
      guard replicate >= 0 else { throw GraphExportError.negativeReplicate(replicate) }
    }
    let built = try GraphFactory.build(scenario.graph, rootSeed: scenario.seed, replicate: replicate, log: log)
    return try write(built, to: directory)
  }

  /// Writes `graph`'s tables into `directory`.
  public static func write(_ built: MultiplexGraph, to directory: URL) throws -> Written {
    let directions = Set(built.layers.map(\.directed))
    let mixed = directions.count > 1
    let directed = directions.contains(true)
    var graph = built
    if mixed {
      // Every layer directed, an undirected edge as an arc each way (the same CSR).
      graph = MultiplexGraph(
        nodeCount: built.nodeCount, sideNames: built.sideNames, nodeSide: built.nodeSide,
        originalIDs: built.originalIDs)
      for (name, values) in built.attributes.sorted(by: { $0.key < $1.key }) {
        graph.setAttribute(name, values: values)
      }
      for layer in built.layers {
        try graph.addLayer(
          layer.directed ? layer : Layer(name: layer.name, directed: true, out: layer.out, inAdjacency: layer.out))
      }
    }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let column = sideColumn(for: graph)
    let nodesURL = directory.appendingPathComponent(nodesFile)
    let edgesURL = directory.appendingPathComponent(edgesFile)
    try NodeEdgeTableWriter.write(graph, nodes: nodesURL.path, edges: edgesURL.path, sideColumn: column)
    return Written(
      graph: graph, scenarioChecksum: built.checksum, directed: directed, mixed: mixed, sideColumn: column,
      emptyLayers: built.layers.filter { $0.edgeCount == 0 }.map(\.name), nodesURL: nodesURL, edgesURL: edgesURL)
  }
}

/// A graph export asked for a point, arm or replicate that the scenario does not have.
public enum GraphExportError: Error, Equatable, CustomStringConvertible, Sendable {
  /// `--point` outside `0..<pointCount`.
  case noSuchPoint(Int, pointCount: Int)
  /// `--arm` that is not one of `known`.
  case noSuchArm(String, known: [String])
  /// `--replicate` for a scenario whose network is drawn once (`graph.replicate` is false).
  case networkNotReplicated(Int)
  /// A negative `--replicate`.
  case negativeReplicate(Int)

  public var description: String {
    switch self {
    case .noSuchPoint(let point, let count):
      return "--point: expected a sweep point from 0 to \(count - 1), found \(point)"
    case .noSuchArm(let name, let known):
      return "--arm: expected one of \(known.joined(separator: ", ")), found '\(name)'"
    case .networkNotReplicated(let r):
      return
        "--replicate: expected a scenario with graph.replicate: true (this one draws its network once), found --replicate \(r)"
    case .negativeReplicate(let r): return "--replicate: expected at least 0, found \(r)"
    }
  }
}
