import Foundation
import XCTest

@testable import BocaGraph

final class ReaderTableTests: XCTestCase {
  func testNodeTableSidesAttributesAndNaN() throws {
    let dir = try TemporaryDirectory()
    let nodes = try dir.file(
      "nodes.csv",
      "node,role,score,label\n30,prosumer,1.5,x\n10,consumer,,y\n20,prosumer,NA,z\n\n40,brand,-2,w\n")
    let edges = try dir.file("edges.csv", "source,target\n10,30\n30,20\n")
    let (graph, _) = try NodeEdgeTableReader.read(nodes: nodes, edges: edges, directed: false, sideColumn: "role")
    // Nodes come from the node table (40 has no edge), in increasing id order.
    XCTAssertEqual(graph.originalIDs, [10, 20, 30, 40])
    // Sides in order of first appearance in the file.
    XCTAssertEqual(graph.sideNames, ["prosumer", "consumer", "brand"])
    XCTAssertEqual(graph.nodeSide, [1, 0, 0, 2])
    let score = try XCTUnwrap(graph.attributes["score"])
    XCTAssertTrue(score[0].isNaN)  // empty cell
    XCTAssertTrue(score[1].isNaN)  // "NA"
    XCTAssertEqual(score[2], 1.5)
    XCTAssertEqual(score[3], -2)
    // Non-numeric columns are kept, all NaN; the side column is an attribute too.
    XCTAssertEqual(graph.attributes["label"]?.allSatisfy(\.isNaN), true)
    XCTAssertNotNil(graph.attributes["role"])
    XCTAssertNil(graph.attributes["node"])
    XCTAssertEqual(originalEdges(graph, layer: "default"), [[10, 30], [20, 30]])
  }

  func testEdgeTableWithoutNodeTableLayersWeightsAndExtraColumns() throws {
    let dir = try TemporaryDirectory()
    let edges = try dir.file(
      "edges.csv",
      "layer,weight,source,note,target\nwork,0.5,7,a,9\nhome,1,9,\"b, c\",7\nwork,2,9,d,7\nwork,3,7,e,9\n")
    let (graph, report) = try NodeEdgeTableReader.read(nodes: nil, edges: edges, directed: true)
    XCTAssertEqual(graph.originalIDs, [7, 9])
    XCTAssertEqual(graph.sideNames, ["all"])
    XCTAssertEqual(graph.layers.map(\.name), ["work", "home"])
    XCTAssertEqual(graph.layers.map(\.edgeCount), [2, 1])
    XCTAssertTrue(graph.layers.allSatisfy(\.weighted))
    // The duplicate 7 -> 9 on "work" keeps its first weight.
    XCTAssertEqual(report.duplicates, 1)
    XCTAssertEqual(graph.layers[0].edges().map { $0.weight }, [0.5, 2])
    XCTAssertTrue(graph.attributes.isEmpty)
  }

  func testAllowedLayersAcceptListedNames() throws {
    let dir = try TemporaryDirectory()
    let edges = try dir.file("edges.csv", "source,target,layer\n1,2,b\n2,3,a\n")
    let (graph, _) = try NodeEdgeTableReader.read(nodes: nil, edges: edges, directed: false, allowedLayers: ["a", "b"])
    XCTAssertEqual(graph.layers.map(\.name), ["b", "a"])
  }

  func testQuotedCellsAndCRLF() throws {
    let dir = try TemporaryDirectory()
    let nodes = try dir.file("nodes.csv", "\"node\",\"side\"\r\n1,\"a, \"\"quoted\"\"\"\r\n2,plain\r\n")
    let edges = try dir.file("edges.csv", "source,target\r\n1,2\r\n")
    let (graph, _) = try NodeEdgeTableReader.read(nodes: nodes, edges: edges, directed: false, sideColumn: "side")
    XCTAssertEqual(graph.sideNames, ["a, \"quoted\"", "plain"])
    // And back: the writer quotes the side name again.
    try NodeEdgeTableWriter.write(graph, nodes: dir.path("n2.csv"), edges: dir.path("e2.csv"), sideColumn: "side")
    let (again, _) = try NodeEdgeTableReader.read(
      nodes: dir.path("n2.csv"), edges: dir.path("e2.csv"), directed: false, sideColumn: "side")
    XCTAssertEqual(again.sideNames, graph.sideNames)
  }

  func testRoundTripWithSidesAttributesWeightsAndIsolatedNodes() throws {
    var graph = MultiplexGraph(
      nodeCount: 4, sideNames: ["brand", "consumer"], nodeSide: [0, 1, 1, 1], originalIDs: [3, 8, 15, 16])
    try graph.addLayer(name: "twitter", directed: false, sources: [0, 1], targets: [1, 2], weights: [0.25, 3])
    try graph.addLayer(name: "offline", directed: false, sources: [2], targets: [1])
    graph.setAttribute("activity", values: [0.1, 2, .nan, 1e-7])
    graph.setAttribute("credibility", values: [1, 0, 0.5, 0.75])
    let dir = try TemporaryDirectory()
    try NodeEdgeTableWriter.write(graph, nodes: dir.path("n.csv"), edges: dir.path("e.csv"), sideColumn: "side")
    let nodesText = try String(contentsOfFile: dir.path("n.csv"), encoding: .utf8)
    XCTAssertEqual(
      nodesText,
      "node,side,activity,credibility\n3,brand,0.1,1\n8,consumer,2,0\n15,consumer,,0.5\n16,consumer,1e-07,0.75\n")
    let edgesText = try String(contentsOfFile: dir.path("e.csv"), encoding: .utf8)
    XCTAssertEqual(edgesText, "source,target,layer,weight\n3,8,twitter,0.25\n8,15,twitter,3.0\n8,15,offline,1\n")
    let (again, _) = try NodeEdgeTableReader.read(
      nodes: dir.path("n.csv"), edges: dir.path("e.csv"), directed: false, sideColumn: "side")
    XCTAssertEqual(again.originalIDs, graph.originalIDs)
    XCTAssertEqual(again.sideNames, graph.sideNames)
    XCTAssertEqual(again.nodeSide, graph.nodeSide)
    XCTAssertEqual(again.layers.map(\.name), ["twitter", "offline"])
    XCTAssertEqual(originalEdges(again, layer: "twitter"), [[3, 8], [8, 15]])
    XCTAssertEqual(originalEdges(again, layer: "offline"), [[8, 15]])
    XCTAssertEqual(again.layers[0].edges().map { $0.weight }, [0.25, 3])
    XCTAssertEqual(again.attributes["credibility"], [1, 0, 0.5, 0.75])
    let activity = try XCTUnwrap(again.attributes["activity"])
    XCTAssertEqual(activity[0], 0.1)
    XCTAssertEqual(activity[1], 2)
    XCTAssertTrue(activity[2].isNaN)
    XCTAssertEqual(activity[3], 1e-7)
  }

  func testSideColumnNeedsNodeTable() throws {
    let dir = try TemporaryDirectory()
    let edges = try dir.file("edges.csv", "source,target\n1,2\n")
    XCTAssertThrowsError(try NodeEdgeTableReader.read(nodes: nil, edges: edges, directed: false, sideColumn: "x")) {
      XCTAssertEqual($0 as? GraphError, .invalidParameter("a side column needs a node table"))
    }
  }
}
