import Foundation
import XCTest

@testable import BocaGraph

/// Each class of malformed input gives a ``GraphInputError`` naming the file and the line.
final class ReaderErrorTests: XCTestCase {
  // MARK: edge list

  func testEdgeListNonNumericID() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.file("g.txt", "# header\n1 2\nx3 4\n")
    assertInputError(.invalidID, path: path, line: 3) { _ = try EdgeListReader.read(path: path, directed: false) }
    do {
      _ = try EdgeListReader.read(path: path, directed: false)
    } catch {
      XCTAssertEqual("\(error)", "\(path):3: expected a non-negative integer node id, found 'x3'")
    }
  }

  func testEdgeListNegativeID() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.file("g.txt", "1 2\n\n2 -5\n")
    assertInputError(.negativeID, path: path, line: 3) { _ = try EdgeListReader.read(path: path, directed: true) }
  }

  func testEdgeListIDTooLarge() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.file("g.txt", "1 99999999999999999999\n")
    assertInputError(.invalidID, path: path, line: 1) { _ = try EdgeListReader.read(path: path, directed: true) }
  }

  func testEdgeListTooManyFields() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.file("g.txt", "1 2\n2 3 4\n")
    assertInputError(.fieldCount, path: path, line: 2) { _ = try EdgeListReader.read(path: path, directed: true) }
    // A comment after two fields is fine.
    let ok = try dir.file("ok.txt", "1 2 # 3\n")
    XCTAssertNoThrow(try EdgeListReader.read(path: ok, directed: true))
  }

  func testWeightedEdgeListMissingAndBadWeight() throws {
    let dir = try TemporaryDirectory()
    let missing = try dir.file("m.txt", "1 2 0.5\n2 3\n")
    assertInputError(.fieldCount, path: missing, line: 2) {
      _ = try EdgeListReader.read(path: missing, directed: true, weighted: true)
    }
    let bad = try dir.file("b.txt", "1 2 0.5\n2 3 heavy\n")
    assertInputError(.invalidWeight, path: bad, line: 2) {
      _ = try EdgeListReader.read(path: bad, directed: true, weighted: true)
    }
    let infinite = try dir.file("i.txt", "1 2 1e999\n")
    assertInputError(.invalidWeight, path: infinite, line: 1) {
      _ = try EdgeListReader.read(path: infinite, directed: true, weighted: true)
    }
  }

  func testEmptyFileAndCommentsOnly() throws {
    let dir = try TemporaryDirectory()
    let empty = try dir.file("e.txt", "")
    assertInputError(.emptyFile, path: empty, line: 1) { _ = try EdgeListReader.read(path: empty, directed: true) }
    let comments = try dir.file("c.txt", "# only\n# comments\n")
    assertInputError(.emptyFile, path: comments, line: 2) {
      _ = try EdgeListReader.read(path: comments, directed: true)
    }
  }

  func testFileNotFound() throws {
    let dir = try TemporaryDirectory()
    let path = dir.path("missing.txt")
    assertInputError(.fileNotFound, path: path, line: 0) { _ = try EdgeListReader.read(path: path, directed: true) }
    assertInputError(.fileNotFound, path: path, line: 0) {
      _ = try NodeEdgeTableReader.read(nodes: path, edges: path, directed: true)
    }
  }

  // MARK: tables

  func testMissingColumnsNameTheColumnOnTheHeaderLine() throws {
    let dir = try TemporaryDirectory()
    let edges = try dir.file("edges.csv", "source,dest\n1,2\n")
    assertInputError(.missingColumn, path: edges, line: 1, column: "target") {
      _ = try NodeEdgeTableReader.read(nodes: nil, edges: edges, directed: true)
    }
    let goodEdges = try dir.file("good.csv", "source,target\n1,2\n")
    let nodes = try dir.file("nodes.csv", "id,group\n1,a\n2,b\n")
    assertInputError(.missingColumn, path: nodes, line: 1, column: "node") {
      _ = try NodeEdgeTableReader.read(nodes: nodes, edges: goodEdges, directed: true)
    }
    let nodesWithNode = try dir.file("nodes2.csv", "node,group\n1,a\n2,b\n")
    assertInputError(.missingColumn, path: nodesWithNode, line: 1, column: "side") {
      _ = try NodeEdgeTableReader.read(nodes: nodesWithNode, edges: goodEdges, directed: true, sideColumn: "side")
    }
  }

  func testTableNonNumericAndNegativeIDs() throws {
    let dir = try TemporaryDirectory()
    // (A name such as `abc` is a string id, StringIDTests; a token that starts like a number is not.)
    let edges = try dir.file("edges.csv", "source,target\n1,2\n2,3bc\n")
    assertInputError(.invalidID, path: edges, line: 3, column: "target") {
      _ = try NodeEdgeTableReader.read(nodes: nil, edges: edges, directed: true)
    }
    let negative = try dir.file("neg.csv", "source,target\n-1,2\n")
    assertInputError(.negativeID, path: negative, line: 2, column: "source") {
      _ = try NodeEdgeTableReader.read(nodes: nil, edges: negative, directed: true)
    }
    let nodes = try dir.file("nodes.csv", "node\n1\n2.5\n")
    let good = try dir.file("good.csv", "source,target\n1,2\n")
    assertInputError(.invalidID, path: nodes, line: 3, column: "node") {
      _ = try NodeEdgeTableReader.read(nodes: nodes, edges: good, directed: true)
    }
  }

  func testTableFieldCount() throws {
    let dir = try TemporaryDirectory()
    let few = try dir.file("few.csv", "source,target,layer\n1,2,a\n2,3\n")
    assertInputError(.fieldCount, path: few, line: 3) {
      _ = try NodeEdgeTableReader.read(nodes: nil, edges: few, directed: true)
    }
    let many = try dir.file("many.csv", "source,target\n1,2,3\n")
    assertInputError(.fieldCount, path: many, line: 2) {
      _ = try NodeEdgeTableReader.read(nodes: nil, edges: many, directed: true)
    }
  }

  func testUnknownLayer() throws {
    let dir = try TemporaryDirectory()
    let edges = try dir.file("edges.csv", "source,target,layer\n1,2,advice\n2,3,advice\n3,1,gossip\n")
    assertInputError(.unknownLayer, path: edges, line: 4, column: "layer") {
      _ = try NodeEdgeTableReader.read(
        nodes: nil, edges: edges, directed: true, allowedLayers: ["advice", "friendship"])
    }
    // Without a layer column every edge is on the default layer, which must then be allowed.
    let plain = try dir.file("plain.csv", "source,target\n1,2\n")
    assertInputError(.missingColumn, path: plain, line: 1, column: "layer") {
      _ = try NodeEdgeTableReader.read(nodes: nil, edges: plain, directed: true, allowedLayers: ["advice"])
    }
  }

  func testBadWeightInTable() throws {
    let dir = try TemporaryDirectory()
    let edges = try dir.file("edges.csv", "source,target,weight\n1,2,0.5\n2,3,\n")
    assertInputError(.invalidWeight, path: edges, line: 3, column: "weight") {
      _ = try NodeEdgeTableReader.read(nodes: nil, edges: edges, directed: true)
    }
  }

  func testEdgeToNodeAbsentFromNodeTable() throws {
    let dir = try TemporaryDirectory()
    let nodes = try dir.file("nodes.csv", "node\n1\n2\n3\n")
    let edges = try dir.file("edges.csv", "source,target\n1,2\n\n3,4\n")
    assertInputError(.unknownNode, path: edges, line: 4, column: "target") {
      _ = try NodeEdgeTableReader.read(nodes: nodes, edges: edges, directed: true)
    }
  }

  func testDuplicateNodeInNodeTable() throws {
    let dir = try TemporaryDirectory()
    let nodes = try dir.file("nodes.csv", "node,x\n5,1\n7,2\n5,3\n")
    let edges = try dir.file("edges.csv", "source,target\n5,7\n")
    assertInputError(.duplicateNode, path: nodes, line: 4, column: "node") {
      _ = try NodeEdgeTableReader.read(nodes: nodes, edges: edges, directed: true)
    }
  }

  func testEmptySideValue() throws {
    let dir = try TemporaryDirectory()
    let nodes = try dir.file("nodes.csv", "node,side\n1,a\n2,\n")
    let edges = try dir.file("edges.csv", "source,target\n1,2\n")
    assertInputError(.invalidSide, path: nodes, line: 3, column: "side") {
      _ = try NodeEdgeTableReader.read(nodes: nodes, edges: edges, directed: true, sideColumn: "side")
    }
  }

  func testEmptyTables() throws {
    let dir = try TemporaryDirectory()
    let empty = try dir.file("empty.csv", "")
    let headerOnly = try dir.file("header.csv", "source,target\n")
    assertInputError(.emptyFile, path: empty, line: 1) {
      _ = try NodeEdgeTableReader.read(nodes: nil, edges: empty, directed: true)
    }
    assertInputError(.emptyFile, path: headerOnly, line: 1) {
      _ = try NodeEdgeTableReader.read(nodes: nil, edges: headerOnly, directed: true)
    }
    let nodesHeaderOnly = try dir.file("nodes.csv", "node,group\n")
    assertInputError(.emptyFile, path: nodesHeaderOnly, line: 1) {
      _ = try NodeEdgeTableReader.read(nodes: nodesHeaderOnly, edges: headerOnly, directed: true)
    }
    // With a node table an edge table without rows is fine: nodes without edges.
    let nodes = try dir.file("n.csv", "node\n4\n2\n")
    let (graph, _) = try NodeEdgeTableReader.read(nodes: nodes, edges: headerOnly, directed: true)
    XCTAssertEqual(graph.originalIDs, [2, 4])
    XCTAssertEqual(graph.edgeCount, 0)
  }

  func testUnterminatedQuote() throws {
    let dir = try TemporaryDirectory()
    let edges = try dir.file("edges.csv", "source,target,layer\n1,2,\"open\n")
    assertInputError(.malformed, path: edges, line: 2) {
      _ = try NodeEdgeTableReader.read(nodes: nil, edges: edges, directed: true)
    }
  }
}

/// An edge list whose first data line is a header (`source,target`, `from to`…) is refused with a
/// message that says it is a header and what to do; a word after the first edge is still an id error.
final class EdgeListHeaderTests: XCTestCase {
  func testAHeaderLineIsNamedAsSuch() throws {
    let dir = try TemporaryDirectory()
    for (text, line) in [
      ("source,target\n1,2\n", 1), ("from to\n1 2\n", 1), ("# made by hand\n\n  Source Target Layer\n1 2 x\n", 3),
      ("node\n1\n", 1),
    ] {
      let path = try dir.file("g.txt", text)
      assertInputError(.malformed, path: path, line: line) { _ = try EdgeListReader.read(path: path, directed: true) }
      do {
        _ = try EdgeListReader.read(path: path, directed: true)
      } catch {
        XCTAssertTrue("\(error)".contains("not a header"), "\(error)")
        XCTAssertTrue("\(error)".contains(".csv"), "\(error)")
      }
    }
    let later = try dir.file("h.txt", "1 2\nsource target\n")
    assertInputError(.invalidID, path: later, line: 2) { _ = try EdgeListReader.read(path: later, directed: true) }
  }
}
