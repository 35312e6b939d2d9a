import Foundation
import XCTest

@testable import BocaGraph

/// The directory of test fixtures (`Tests/Fixtures`).
let fixturesURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Fixtures")

/// A fresh temporary directory, removed when the value goes away.
final class TemporaryDirectory {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("boca-io-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// Writes `text` to a file called `name` and returns its path.
  func file(_ name: String, _ text: String) throws -> String {
    let path = url.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    return path
  }

  /// The path of `name` in this directory (not created).
  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Asserts that `body` throws a ``GraphInputError`` of `kind` at `line` of `path`, and that its
/// description starts with `path:line: `.
func assertInputError(
  _ kind: GraphInputError.Kind, path: String, line: Int, column: String? = nil, _ body: () throws -> Void,
  file: StaticString = #filePath, line testLine: UInt = #line
) {
  do {
    try body()
    XCTFail("expected \(kind) at \(path):\(line), nothing was thrown", file: file, line: testLine)
  } catch let error as GraphInputError {
    XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: testLine)
    XCTAssertEqual(error.file, path, file: file, line: testLine)
    XCTAssertEqual(error.line, line, "\(error)", file: file, line: testLine)
    if let column { XCTAssertEqual(error.column, column, "\(error)", file: file, line: testLine) }
    let prefix = line > 0 ? "\(path):\(line): " : "\(path): "
    XCTAssertTrue(error.description.hasPrefix(prefix), "\(error)", file: file, line: testLine)
  } catch {
    XCTFail("expected a GraphInputError, got \(error)", file: file, line: testLine)
  }
}

/// The edges of layer `name` as (original source, original target) pairs, sorted.
func originalEdges(_ graph: MultiplexGraph, layer name: String) -> [[Int64]] {
  guard let index = graph.layerIndex(name) else { return [] }
  return graph.layers[index].edges().map { [graph.originalID(Int($0.source)), graph.originalID(Int($0.target))] }
    .sorted { $0.lexicographicallyPrecedes($1) }
}

final class ReaderFixtureTests: XCTestCase {
  var nodesPath: String { fixturesURL.appendingPathComponent("medical-innovation/nodes.csv").path }
  var edgesPath: String { fixturesURL.appendingPathComponent("medical-innovation/edges.csv").path }

  func testMedicalInnovationLayersAndCounts() throws {
    let (graph, report) = try NodeEdgeTableReader.read(
      nodes: nodesPath, edges: edgesPath, directed: true, sideColumn: "group")
    XCTAssertEqual(graph.nodeCount, 125)
    XCTAssertEqual(graph.layers.map(\.name), ["advice", "discussion", "friendship"])
    XCTAssertEqual(graph.layers.map(\.edgeCount), [161, 165, 124])
    XCTAssertEqual(graph.edgeCount, 450)
    XCTAssertTrue(graph.layers.allSatisfy { $0.directed && $0.inAdjacency != nil })
    XCTAssertEqual(report.selfLoops, 0)
    XCTAssertEqual(report.duplicates, 0)
    XCTAssertEqual(report.lines, 126 + 451)
    // Sides are the four cities in order of first appearance, with their sizes.
    XCTAssertEqual(graph.sideNames, ["1", "2", "3", "4"])
    XCTAssertEqual(graph.sideCounts(), [62, 24, 21, 18])
    // Ids are relabelled in increasing order and kept.
    let ids = try XCTUnwrap(graph.originalIDs)
    XCTAssertEqual(ids.first, 1001)
    XCTAssertEqual(ids, ids.sorted())
    // Attributes: every column but `node`, including the side column, by original id.
    XCTAssertEqual(
      Set(graph.attributes.keys), ["group", "toa", "proage", "science", "journ2", "detail"])
    let node1002 = try XCTUnwrap(ids.firstIndex(of: 1002))
    XCTAssertEqual(graph.attributes["toa"]?[node1002], 12)
    XCTAssertEqual(graph.attributes["proage"]?[node1002], 6)
    XCTAssertEqual(graph.attributes["group"]?[node1002], 1)
    // The first advice edge of the file.
    XCTAssertTrue(originalEdges(graph, layer: "advice").contains([1002, 1011]))
  }

  func testMedicalInnovationStatsRows() throws {
    let (graph, _) = try NodeEdgeTableReader.read(nodes: nil, edges: edgesPath, directed: true)
    let rows = GraphStats.rows(of: graph)
    let totals = Dictionary(uniqueKeysWithValues: rows.filter { $0.side == "all" }.map { ($0.layer, $0) })
    XCTAssertEqual(totals["advice"]?.edges, 161)
    XCTAssertEqual(totals["discussion"]?.edges, 165)
    XCTAssertEqual(totals["friendship"]?.edges, 124)
    XCTAssertEqual(totals["all"]?.edges, 450)
    // Without a node table only the nodes that occur in an edge are known.
    XCTAssertLessThanOrEqual(graph.nodeCount, 125)
    XCTAssertEqual(totals["advice"]?.nodes, graph.nodeCount)
  }

  func testMedicalInnovationRoundTripThroughTables() throws {
    let (graph, _) = try NodeEdgeTableReader.read(
      nodes: nodesPath, edges: edgesPath, directed: true, sideColumn: "group")
    let dir = try TemporaryDirectory()
    try NodeEdgeTableWriter.write(graph, nodes: dir.path("n.csv"), edges: dir.path("e.csv"), sideColumn: "group")
    let (again, _) = try NodeEdgeTableReader.read(
      nodes: dir.path("n.csv"), edges: dir.path("e.csv"), directed: true, sideColumn: "group")
    XCTAssertEqual(again.originalIDs, graph.originalIDs)
    XCTAssertEqual(again.sideNames, graph.sideNames)
    XCTAssertEqual(again.nodeSide, graph.nodeSide)
    XCTAssertEqual(again.layers.map(\.name), graph.layers.map(\.name))
    for layer in graph.layers.map(\.name) {
      XCTAssertEqual(originalEdges(again, layer: layer), originalEdges(graph, layer: layer), layer)
    }
    XCTAssertEqual(Set(again.attributes.keys), Set(graph.attributes.keys))
    for (name, values) in graph.attributes {
      let other = try XCTUnwrap(again.attributes[name])
      // NaN (empty cells) must stay NaN; numbers must come back exactly.
      XCTAssertTrue(zip(values, other).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, name)
    }
  }
}
