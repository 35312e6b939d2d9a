import BocaRandom
import Foundation
import XCTest

@testable import BocaGraph

/// Node and edge tables whose ids are names: mapped to 0..<n in byte order, kept in
/// `nodeNames`, written back as given; integer tables are unchanged.
final class StringIDTests: XCTestCase {
  func testRandomNamedTablesReadBackEdgeForEdgeAndRoundTripThroughTheWriter() throws {
    let dir = try TemporaryDirectory()
    let rng = try RandomGenerator(seed: 99)
    let first = Array("abcxyzAB_é")
    let alphabet = Array("abcxyzAB09-_é")
    for trial in 0..<40 {
      var names = Set<String>()
      let n = 2 + rng.uniformInt(30)
      while names.count < n {
        names.insert(
          String(first[rng.uniformInt(first.count)])
            + String((0..<rng.uniformInt(6)).map { _ in alphabet[rng.uniformInt(alphabet.count)] }))
      }
      let list = Array(names).shuffled()
      var nodes = "node,score\n"
      for (k, name) in list.enumerated() { nodes += "\(name),\(k)\n" }
      var edges = "source,target,layer\n"
      var expected = Set<[String]>()
      for _ in 0..<(1 + rng.uniformInt(60)) {
        let u = list[rng.uniformInt(n)]
        let v = list[rng.uniformInt(n)]
        let layer = rng.uniformInt(2) == 0 ? "a" : "b"
        edges += "\(u),\(v),\(layer)\n"
        if u != v { expected.insert([u, v, layer]) }
      }
      let np = try dir.file("n\(trial).csv", nodes)
      let ep = try dir.file("e\(trial).csv", edges)
      let (graph, _) = try NodeEdgeTableReader.read(nodes: np, edges: ep, directed: true)
      XCTAssertEqual(graph.nodeNames, list.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
      var found = Set<[String]>()
      for layer in graph.layers {
        for e in layer.edges() {
          found.insert([graph.nodeLabel(Int(e.source)), graph.nodeLabel(Int(e.target)), layer.name])
        }
      }
      XCTAssertEqual(found, expected)
      for (k, name) in list.enumerated() {
        let i = graph.nodeNames!.firstIndex(of: name)!
        XCTAssertEqual(graph.attributes["score"]![i], Double(k))
      }
      // Written back with the names, and read again: the same graph.
      let np2 = dir.url.appendingPathComponent("n\(trial)-2.csv").path
      let ep2 = dir.url.appendingPathComponent("e\(trial)-2.csv").path
      try NodeEdgeTableWriter.writeNodes(graph, to: np2)
      try NodeEdgeTableWriter.writeEdges(graph, to: ep2)
      let (again, _) = try NodeEdgeTableReader.read(nodes: np2, edges: ep2, directed: true)
      XCTAssertEqual(again.nodeNames, graph.nodeNames)
      XCTAssertEqual(again.checksum, graph.checksum)
      XCTAssertThrowsError(
        try EdgeListWriter.write(graph, to: dir.url.appendingPathComponent("x.txt").path, layer: "a"))
    }
  }

  func testNumberLikeTokensStayErrors() throws {
    let dir = try TemporaryDirectory()
    for bad in ["2.5", "3x", "-4a", "99999999999999999999"] {
      let edges = try dir.file("e.csv", "source,target\n1,2\n2,\(bad)\n")
      assertInputError(.invalidID, path: edges, line: 3, column: "target") {
        _ = try NodeEdgeTableReader.read(nodes: nil, edges: edges, directed: true)
      }
    }
    // Once a name is seen, every id is a name, numbers included.
    let mixed = try dir.file("m.csv", "source,target\n12,alice\n2,12\n")
    let (graph, _) = try NodeEdgeTableReader.read(nodes: nil, edges: mixed, directed: true)
    XCTAssertEqual(graph.nodeNames, ["12", "2", "alice"])
  }

  func testEdgesWithoutNodeTableAndIntegerTablesAreUnchanged() throws {
    let dir = try TemporaryDirectory()
    let named = try dir.file("e.csv", "source,target\nbob,alice\n\"carol, jr\",bob\n")
    let (graph, _) = try NodeEdgeTableReader.read(nodes: nil, edges: named, directed: true)
    XCTAssertEqual(graph.nodeNames, ["alice", "bob", "carol, jr"])
    XCTAssertEqual(graph.nodeLabel(2), "carol, jr")
    let integers = try dir.file("i.csv", "source,target\n10,3\n3,7\n")
    let (plain, _) = try NodeEdgeTableReader.read(nodes: nil, edges: integers, directed: true)
    XCTAssertNil(plain.nodeNames)
    XCTAssertEqual(plain.nodeLabel(0), "3")
  }

  func testUnknownAndDuplicateNamesAreReportedByName() throws {
    let dir = try TemporaryDirectory()
    let nodes = try dir.file("n.csv", "node\nalice\nbob\n")
    let edges = try dir.file("e.csv", "source,target\nalice,bob\nbob,zoe\n")
    assertInputError(.unknownNode, path: edges, line: 3, column: "target") {
      _ = try NodeEdgeTableReader.read(nodes: nodes, edges: edges, directed: true)
    }
    do {
      _ = try NodeEdgeTableReader.read(nodes: nodes, edges: edges, directed: true)
    } catch { XCTAssertTrue("\(error)".contains("'zoe'"), "\(error)") }
    let twice = try dir.file("d.csv", "node\nalice\nbob\nalice\n")
    let ok = try dir.file("ok.csv", "source,target\nalice,bob\n")
    assertInputError(.duplicateNode, path: twice, line: 4, column: "node") {
      _ = try NodeEdgeTableReader.read(nodes: twice, edges: ok, directed: true)
    }
    do {
      _ = try NodeEdgeTableReader.read(nodes: twice, edges: ok, directed: true)
    } catch { XCTAssertTrue("\(error)".contains("'alice'"), "\(error)") }
  }
}
