import BocaCalibration
import BocaGraph
import BocaRandom
import BocaRunner
import XCTest

/// `graph.load.influence: reversed` reads every directed edge the other way round, so a node's
/// contacts (its in-neighbours) become the people it named.
final class InfluenceDirectionTests: XCTestCase {
  func testReversingTurnsEveryDirectedEdgeAndTwiceIsTheIdentity() throws {
    let rng = try RandomGenerator(seed: 5)
    for _ in 0..<50 {
      let n = 2 + rng.uniformInt(40)
      var graph = MultiplexGraph(nodeCount: n)
      for (name, directed) in [("named", true), ("both", false)] {
        let m = rng.uniformInt(4 * n)
        let s = (0..<m).map { _ in UInt32(rng.uniformInt(n)) }
        let t = (0..<m).map { _ in UInt32(rng.uniformInt(n)) }
        _ = try graph.addLayer(name: name, directed: directed, sources: s, targets: t)
      }
      graph.setAttribute("toa", values: (0..<n).map { Double($0) })
      let reversed = try GraphLoader.reversed(graph)
      let named = Set(graph.layers[0].edges().map { [$0.source, $0.target] })
      XCTAssertEqual(Set(reversed.layers[0].edges().map { [$0.target, $0.source] }), named)
      XCTAssertEqual(
        Set(reversed.layers[1].edges().map { [$0.source, $0.target] }),
        Set(graph.layers[1].edges().map { [$0.source, $0.target] }))
      XCTAssertEqual(try GraphLoader.reversed(reversed).checksum, graph.checksum)
      XCTAssertEqual(reversed.attributes["toa"], graph.attributes["toa"])
      // Contacts after reversal: the people a node named (directed layer) and its neighbours.
      let contacts = NetworkContacts(graph: reversed)
      for i in 0..<n {
        var expected = Set(graph.layers[0].out.neighbors(i))
        expected.formUnion(graph.layers[1].out.neighbors(i))
        expected.remove(UInt32(i))
        XCTAssertEqual(Set(contacts.union[i]), expected)
      }
    }
  }
}
