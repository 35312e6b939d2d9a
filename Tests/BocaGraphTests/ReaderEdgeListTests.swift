import Foundation
import XCTest

@testable import BocaGraph

final class ReaderEdgeListTests: XCTestCase {
  func testNonContiguousIDsAreRelabelledInIncreasingOrder() throws {
    let dir = try TemporaryDirectory()
    let text = "# a comment\n30 10\n10 20   # trailing comment\n\n  20\t30\n"
    let path = try dir.file("g.txt", text)
    let (graph, report) = try EdgeListReader.read(path: path, directed: true)
    XCTAssertEqual(graph.nodeCount, 3)
    XCTAssertEqual(graph.originalIDs, [10, 20, 30])
    XCTAssertEqual(graph.layers.map(\.name), ["default"])
    XCTAssertEqual(originalEdges(graph, layer: "default"), [[10, 20], [20, 30], [30, 10]])
    // Internal ids follow the order of the original ids: 30 -> 10 is 2 -> 0.
    XCTAssertEqual(Array(graph.layers[0].out.neighbors(2)), [0])
    XCTAssertEqual(report.lines, 5)
    XCTAssertEqual(report.bytes, text.utf8.count)
  }

  func testContiguousIDsNeedNoOriginalIDs() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.file("g.txt", "0 1\n1 2\n2 0\n")
    let (graph, _) = try EdgeListReader.read(path: path, directed: false)
    XCTAssertNil(graph.originalIDs)
    XCTAssertEqual(graph.nodeCount, 3)
    XCTAssertEqual(graph.layers[0].edgeCount, 3)
  }

  func testIsolatedNodeLines() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.file("g.txt", "5\n1 2\n7\n2\n")
    let (graph, _) = try EdgeListReader.read(path: path, directed: false)
    XCTAssertEqual(graph.originalIDs, [1, 2, 5, 7])
    XCTAssertEqual(graph.layers[0].edgeCount, 1)
    XCTAssertEqual(graph.layers[0].out.degree(2), 0)
    XCTAssertEqual(graph.layers[0].out.degree(3), 0)
  }

  func testSelfLoopsDroppedAndDuplicatesMergedAndCounted() throws {
    let dir = try TemporaryDirectory()
    // Undirected: "2 1" repeats "1 2"; "1 2" again; two self-loops.
    let text = "1 2\n2 1\n3 3\n1 2\n2 3\n4 4\n"
    let path = try dir.file("g.txt", text)
    let (undirected, u) = try EdgeListReader.read(path: path, directed: false)
    XCTAssertEqual(u.selfLoops, 2)
    XCTAssertEqual(u.duplicates, 2)
    XCTAssertEqual(undirected.layers[0].edgeCount, 2)
    XCTAssertEqual(u.summary, "dropped 2 self-loops, merged 2 duplicate edges")
    // Self-loop endpoints still are nodes.
    XCTAssertEqual(undirected.nodeCount, 4)
    // Directed: "2 1" is another edge; only the second "1 2" is a duplicate.
    let (directed, d) = try EdgeListReader.read(path: path, directed: true)
    XCTAssertEqual(d.selfLoops, 2)
    XCTAssertEqual(d.duplicates, 1)
    XCTAssertEqual(directed.layers[0].edgeCount, 3)
    XCTAssertEqual(d.summary, "dropped 2 self-loops, merged 1 duplicate edge")
  }

  func testSummaryWithoutDrops() {
    XCTAssertEqual(ReadReport().summary, "no self-loops or duplicate edges")
    XCTAssertEqual(ReadReport(selfLoops: 1).summary, "dropped 1 self-loop")
  }

  func testCRLFAndByteOrderMarkAndMissingFinalNewline() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.file("g.txt", "\u{FEFF}1 2\r\n2 3\r\n3 4")
    let (graph, report) = try EdgeListReader.read(path: path, directed: true)
    XCTAssertEqual(originalEdges(graph, layer: "default"), [[1, 2], [2, 3], [3, 4]])
    XCTAssertEqual(report.lines, 3)
  }

  func testWeightedThirdColumn() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.file("g.txt", "1 2 0.5\n2 3 2e-1\n4\n")
    let (graph, _) = try EdgeListReader.read(path: path, directed: true, layerName: "trust", weighted: true)
    let layer = graph.layers[0]
    XCTAssertEqual(layer.name, "trust")
    XCTAssertEqual(layer.edges().map { $0.weight }, [0.5, 0.2])
  }

  func testLinesAcrossChunkBoundaries() throws {
    // A tiny chunk forces lines to straddle reads and the buffer to grow for a long line.
    let dir = try TemporaryDirectory()
    let long = "123456789 987654321" + String(repeating: " ", count: 40) + "\n"
    let path = try dir.file("g.txt", "1 2\n10 20\n" + long + "3 4")
    var seen: [String] = []
    let (lines, bytes) = try LineScanner.forEachLine(path: path, chunkSize: 16) { line, number in
      seen.append("\(number):" + String(decoding: line, as: UTF8.self))
    }
    XCTAssertEqual(lines, 4)
    XCTAssertEqual(bytes, 10 + long.utf8.count + 3)
    XCTAssertEqual(seen, ["1:1 2", "2:10 20", "3:" + long.dropLast(), "4:3 4"])
  }

  func testSparseAndWideIDs() throws {
    // Ids far apart use the sorted map; ids beyond 2^32 widen the id column.
    let dir = try TemporaryDirectory()
    let big: Int64 = 9_000_000_000_000
    let path = try dir.file("g.txt", "\(big) 7\n7 5000000000\n")
    let (graph, _) = try EdgeListReader.read(path: path, directed: true)
    XCTAssertEqual(graph.originalIDs, [7, 5_000_000_000, big])
    XCTAssertEqual(originalEdges(graph, layer: "default"), [[7, 5_000_000_000], [big, 7]])
  }

  func testRelabellerStrategies() {
    let dense = IDRelabeller(ids: [4, 2, 2, 9])
    XCTAssertTrue(dense.usesDenseMap)
    XCTAssertEqual(dense.originalIDs, [2, 4, 9])
    XCTAssertEqual([2, 4, 9, 3, 100].map { dense.index(of: $0) }, [0, 1, 2, nil, nil])
    XCTAssertFalse(dense.isIdentity)
    let sparse = IDRelabeller(ids: [1_000_000, 3, 1_000_000, 50_000])
    XCTAssertFalse(sparse.usesDenseMap)
    XCTAssertEqual(sparse.originalIDs, [3, 50_000, 1_000_000])
    XCTAssertEqual([3, 50_000, 1_000_000, 4, -1].map { sparse.index(of: $0) }, [0, 1, 2, nil, nil])
    let identity = IDRelabeller(ids: [2, 0, 1])
    XCTAssertTrue(identity.isIdentity)
    XCTAssertNil(identity.graphOriginalIDs)
  }

  func testRoundTripUndirectedWithIsolatedNodes() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.file("g.txt", "40 10\n10 20\n99\n20 40\n5\n")
    let (graph, _) = try EdgeListReader.read(path: path, directed: false)
    let out = dir.path("out.txt")
    try EdgeListWriter.write(graph, to: out, header: "test graph")
    let text = try String(contentsOfFile: out, encoding: .utf8)
    // Peer format: two header lines, isolated nodes, then each edge once with u < v.
    XCTAssertEqual(text, "# test graph\n# n=5 m=3 directed=0\n5\n99\n10 20\n10 40\n20 40\n")
    let (again, report) = try EdgeListReader.read(path: out, directed: false)
    XCTAssertEqual(again.originalIDs, graph.originalIDs)
    XCTAssertEqual(originalEdges(again, layer: "default"), originalEdges(graph, layer: "default"))
    XCTAssertEqual(report.duplicates, 0)
    // No temporary file is left behind.
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted(), ["g.txt", "out.txt"])
  }

  func testRoundTripDirectedWeighted() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.file("g.txt", "3 1 0.25\n1 3 1.5\n2 3 -2\n")
    let (graph, _) = try EdgeListReader.read(path: path, directed: true, weighted: true)
    let out = dir.path("out.txt")
    try EdgeListWriter.write(graph, to: out)
    let (again, _) = try EdgeListReader.read(path: out, directed: true, weighted: true)
    XCTAssertEqual(again.originalIDs, [1, 2, 3])
    XCTAssertEqual(again.layers[0].edges().map { $0.weight }, [1.5, -2, 0.25])
    XCTAssertEqual(originalEdges(again, layer: "default"), [[1, 3], [2, 3], [3, 1]])
  }

  func testWriterNeedsALayerNameWhenSeveral() throws {
    var graph = MultiplexGraph(nodeCount: 2)
    try graph.addLayer(name: "a", directed: false, sources: [0], targets: [1])
    try graph.addLayer(name: "b", directed: false, sources: [0], targets: [1])
    let dir = try TemporaryDirectory()
    XCTAssertInvalidGraphParameter(
      try EdgeListWriter.write(graph, to: dir.path("x.txt")), saying: "an edge list holds one layer; name one of: a, b")
    XCTAssertInvalidGraphParameter(
      try EdgeListWriter.write(graph, to: dir.path("x.txt"), layer: "c"), saying: "no layer named 'c' (layers: a, b)")
    XCTAssertNoThrow(try EdgeListWriter.write(graph, to: dir.path("x.txt"), layer: "b"))
  }
}
