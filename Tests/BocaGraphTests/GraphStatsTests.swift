import XCTest

@testable import BocaGraph

final class GraphStatsTests: XCTestCase {
  /// Sides a = {0, 1}, b = {2, 3, 4}; node 4 is isolated everywhere.
  func makeGraph() throws -> MultiplexGraph {
    var graph = MultiplexGraph(nodeCount: 5, sideNames: ["a", "b"], nodeSide: [0, 0, 1, 1, 1])
    // Directed: 0->1 (a->a), 0->2 (a->b), 2->3 (b->b), 3->0 (b->a).
    try graph.addLayer(name: "follow", directed: true, sources: [0, 0, 2, 3], targets: [1, 2, 3, 0])
    // Undirected: 0-1 (a-a), 1-2 (a-b).
    try graph.addLayer(name: "talk", directed: false, sources: [0, 1], targets: [1, 2])
    return graph
  }

  func row(_ rows: [GraphStatsRow], _ layer: String, _ side: String) -> GraphStatsRow? {
    rows.first { $0.layer == layer && $0.side == side }
  }

  func testRowOrderAndNames() throws {
    let rows = GraphStats.rows(of: try makeGraph())
    XCTAssertEqual(
      rows.map { "\($0.layer)/\($0.side)" },
      ["follow/a", "follow/b", "follow/all", "talk/a", "talk/b", "talk/all", "all/a", "all/b", "all/all"])
  }

  func testDirectedLayer() throws {
    let rows = GraphStats.rows(of: try makeGraph())
    let total = try XCTUnwrap(row(rows, "follow", "all"))
    XCTAssertEqual(total.nodes, 5)
    XCTAssertEqual(total.edges, 4)
    XCTAssertEqual(total.meanDegree, 0.8)
    XCTAssertEqual(total.maxDegree, 2)
    XCTAssertEqual(total.meanInDegree, 0.8)
    XCTAssertEqual(total.maxInDegree, 1)
    XCTAssertEqual(total.isolated, 1)
    // Side rows count edges by source: a has 0->1, 0->2; b has 2->3, 3->0.
    let a = try XCTUnwrap(row(rows, "follow", "a"))
    XCTAssertEqual(a.nodes, 2)
    XCTAssertEqual(a.edges, 2)
    XCTAssertEqual(a.withinEdges, 1)
    XCTAssertEqual(a.meanDegree, 1)
    XCTAssertEqual(a.maxDegree, 2)
    XCTAssertEqual(a.meanInDegree, 1)
    let b = try XCTUnwrap(row(rows, "follow", "b"))
    XCTAssertEqual(b.nodes, 3)
    XCTAssertEqual(b.edges, 2)
    XCTAssertEqual(b.withinEdges, 1)
    XCTAssertEqual(b.isolated, 1)
    XCTAssertEqual(a.edges + b.edges, total.edges)
  }

  func testUndirectedLayer() throws {
    let rows = GraphStats.rows(of: try makeGraph())
    let total = try XCTUnwrap(row(rows, "talk", "all"))
    XCTAssertEqual(total.edges, 2)
    XCTAssertEqual(total.meanDegree, 0.8)  // 2m / n
    XCTAssertEqual(total.maxDegree, 2)
    XCTAssertEqual(total.isolated, 2)
    // a touches both edges (one within a); b touches only the cross edge 1-2.
    let a = try XCTUnwrap(row(rows, "talk", "a"))
    XCTAssertEqual(a.edges, 2)
    XCTAssertEqual(a.withinEdges, 1)
    XCTAssertEqual(a.meanDegree, 1.5)
    let b = try XCTUnwrap(row(rows, "talk", "b"))
    XCTAssertEqual(b.edges, 1)
    XCTAssertEqual(b.withinEdges, 0)
    XCTAssertEqual(b.maxDegree, 1)
  }

  func testAllLayerSumsDegrees() throws {
    let rows = GraphStats.rows(of: try makeGraph())
    let total = try XCTUnwrap(row(rows, "all", "all"))
    XCTAssertEqual(total.edges, 6)
    // Out-degrees: node 0: 2 + 1, node 1: 0 + 2, node 2: 1 + 1, node 3: 1, node 4: 0.
    XCTAssertEqual(total.maxDegree, 3)
    XCTAssertEqual(total.meanDegree, 8.0 / 5.0)
    XCTAssertEqual(total.isolated, 1)
    let a = try XCTUnwrap(row(rows, "all", "a"))
    XCTAssertEqual(a.edges, 4)
    XCTAssertEqual(a.withinEdges, 2)
  }

  func testGraphWithoutSidesHasOnlyTotalRows() throws {
    var graph = MultiplexGraph(nodeCount: 3)
    try graph.addLayer(name: "x", directed: false, sources: [0], targets: [1])
    let rows = GraphStats.rows(of: graph)
    XCTAssertEqual(rows.map { "\($0.layer)/\($0.side)" }, ["x/all", "all/all"])
    // One layer: the union is that layer, structure and all.
    XCTAssertEqual(rows[1].structure, rows[0].structure)
    XCTAssertEqual(rows[0].structure?.components, 2)
    XCTAssertEqual(rows[0].structure?.largestComponent, 2)
  }

  func testCSVAndTable() throws {
    let rows = GraphStats.rows(of: try makeGraph())
    let csv = GraphStats.csv(rows)
    let lines = csv.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.count, 1 + rows.count)
    XCTAssertTrue(lines[0].hasPrefix("layer,side,nodes,edges,mean_degree,max_degree"))
    // The degree columns keep their names and places (a contract); the structure columns follow.
    XCTAssertTrue(
      lines[0].hasPrefix(
        "layer,side,nodes,edges,mean_degree,max_degree,mean_in_degree,max_in_degree,within_edges,isolated,"))
    XCTAssertTrue(lines[3].hasPrefix("follow,all,5,4,0.8000,2,0.8000,1,4,1,"), lines[3])
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
    for line in lines {
      XCTAssertEqual(line.split(separator: ",", omittingEmptySubsequences: false).count, header.count, line)
    }
    // follow (directed) on every node: weak {0,1,2,3},{4}; strong {0,2,3},{1},{4}.
    let follow = lines[3].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let cell = Dictionary(uniqueKeysWithValues: zip(header.map(String.init), follow))
    XCTAssertEqual(cell["components"], "2")
    XCTAssertEqual(cell["largest_component"], "4")
    XCTAssertEqual(cell["strong_components"], "3")
    XCTAssertEqual(cell["largest_strong_component"], "3")
    // Without the structure the columns are there, empty.
    let bare = GraphStats.csv(GraphStats.rows(of: try makeGraph(), structure: false)).split(separator: "\n")
    XCTAssertTrue(bare[3].hasSuffix("4,1,,,,,,,"), String(bare[3]))
    let table = GraphStats.table(rows)
    let tableLines = table.split(separator: "\n")
    XCTAssertEqual(tableLines.count, 1 + rows.count)
    XCTAssertTrue(tableLines[0].hasPrefix("layer   side  nodes"), String(tableLines[0]))
    XCTAssertTrue(tableLines[3].hasPrefix("follow  all       5      4      0.80"), String(tableLines[3]))
  }

  func testFixedFormatting() {
    XCTAssertEqual(GraphStats.fixed(1.28, 4), "1.2800")
    XCTAssertEqual(GraphStats.fixed(0.00005, 4), "0.0001")
    XCTAssertEqual(GraphStats.fixed(-2.5, 2), "-2.50")
    XCTAssertEqual(GraphStats.fixed(7, 0), "7")
  }
}
