import BocaGraph
import BocaRandom
import BocaScenario
import Foundation
import XCTest

@testable import BocaRunner

/// `boca graph export`: a scenario's graph written as nodes.csv and edges.csv reads back through
/// `graph.load` as the same graph (the same checksum, sides and attributes), on generated
/// scenarios.
final class GraphExportTests: XCTestCase {
  var scratch: URL!

  override func setUpWithError() throws {
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent("boca-export-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

  /// A scenario with 1–3 sides (with attributes on some), 1–3 layers of random generators, all
  /// with direction `directed` (or mixed when nil).
  func scenario(_ mix: inout SplitMix64, directed: Bool?) -> String {
    let sideCount = 1 + Int.random(in: 0..<3, using: &mix)
    var sides: [String] = []
    for s in 0..<sideCount {
      var side = "s\(s): {count: \(20 + Int.random(in: 0..<60, using: &mix))"
      if Int.random(in: 0..<2, using: &mix) == 0 { side += ", activity: {beta: [2, 5]}" }
      if Int.random(in: 0..<3, using: &mix) == 0 {
        side += ", credibility: 0.\(1 + Int.random(in: 0..<9, using: &mix))"
      }
      sides.append(side + "}")
    }
    var layers: [String] = []
    for l in 0..<(1 + Int.random(in: 0..<3, using: &mix)) {
      let generator: String
      switch Int.random(in: 0..<3, using: &mix) {
      case 0: generator = "{er: {p: 0.0\(1 + Int.random(in: 0..<9, using: &mix))}}"
      case 1: generator = "{ba: {m: \(1 + Int.random(in: 0..<3, using: &mix))}}"
      default: generator = "{ws: {k: \(2 * (1 + Int.random(in: 0..<2, using: &mix))), p: 0.1}}"
      }
      let d = directed ?? (l % 2 == 0)
      layers.append("    l\(l): {generate: \(generator), directed: \(d)}")
    }
    return """
      name: export-\(Int.random(in: 0..<1000, using: &mix))
      seed: \(1 + Int.random(in: 0..<100_000, using: &mix))
      replicates: 2
      graph:
        sides: {\(sides.joined(separator: ", "))}
        layers:
      \(layers.joined(separator: "\n"))
      model: {name: ic, p: 0.1}

      """
  }

  /// Reads the exported tables through a scenario's `graph.load`, as `boca run` would.
  func reload(_ written: GraphExport.Written, in folder: URL) throws -> MultiplexGraph {
    let text = "name: reload\n\(written.loadSection)\nmodel: {name: ic, p: 0.1}\n"
    let plan = try ScenarioPlan.parse(
      text, file: folder.appendingPathComponent("reload.yaml").path, baseDirectory: folder.path)
    return try GraphFactory.build(plan.base.graph, rootSeed: plan.base.seed)
  }

  func testExportedGraphsLoadBackWithTheSameChecksumSidesAndAttributes() throws {
    var mix = SplitMix64(seed: 15)
    for trial in 0..<25 {
      let text = scenario(&mix, directed: trial % 2 == 0)
      let plan = try ScenarioPlan.parse(text, file: "g\(trial).yaml")
      let folder = scratch.appendingPathComponent("t\(trial)")
      let written = try GraphExport.write(plan: plan, to: folder)
      let original = try GraphFactory.build(plan.base.graph, rootSeed: plan.base.seed)
      XCTAssertFalse(written.mixed)
      XCTAssertEqual(written.scenarioChecksum, original.checksum, "the graph run builds")
      XCTAssertEqual(written.graph.checksum, original.checksum)
      let loaded = try reload(written, in: folder)
      XCTAssertEqual(loaded.checksum, original.checksum, "trial \(trial):\n\(text)")
      XCTAssertEqual(loaded.sideNames, original.sideNames)
      XCTAssertEqual(loaded.nodeSide, original.nodeSide)
      XCTAssertEqual(loaded.layers.map(\.name), original.layers.map(\.name))
      // The reader keeps the side column as an attribute too (NaN for side names: NodeTable).
      XCTAssertEqual(Set(loaded.attributes.keys), Set(original.attributes.keys).union([written.sideColumn]))
      for (name, values) in original.attributes {
        let back = loaded.attributes[name] ?? []
        XCTAssertEqual(back.count, values.count, name)
        for (a, b) in zip(values, back) {
          XCTAssertTrue(a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN), "\(name): \(a) read back as \(b)")
        }
      }
    }
  }

  /// Mixed directions: undirected edges are written both ways and load, with directed: true, as
  /// layers with the same neighbours.
  func testMixedDirectionsLoadBackWithTheSameNeighbours() throws {
    var mix = SplitMix64(seed: 99)
    for trial in 0..<10 {
      var text = scenario(&mix, directed: nil)
      // Layer l0 is directed and l1 undirected; a scenario of one layer gets an undirected one.
      if !text.contains("directed: false") {
        text = text.replacingOccurrences(
          of: "model:", with: "    extra: {generate: {er: {p: 0.05}}, directed: false}\nmodel:")
      }
      let plan = try ScenarioPlan.parse(text, file: "m\(trial).yaml")
      let original = try GraphFactory.build(plan.base.graph, rootSeed: plan.base.seed)
      let folder = scratch.appendingPathComponent("m\(trial)")
      let written = try GraphExport.write(plan: plan, to: folder)
      let mixed = Set(original.layers.map(\.directed)).count > 1
      XCTAssertTrue(mixed, "trial \(trial):\n\(text)")
      XCTAssertEqual(written.mixed, mixed)
      let loaded = try reload(written, in: folder)
      XCTAssertEqual(loaded.checksum, written.graph.checksum, "trial \(trial)")
      XCTAssertTrue(loaded.layers.allSatisfy(\.directed) || !mixed)
      for (a, b) in zip(original.layers, loaded.layers) {
        XCTAssertEqual(a.out.offsets, b.out.offsets, a.name)
        XCTAssertEqual(a.out.targets, b.out.targets, a.name)
      }
    }
  }

  func testPointsArmsAndReplicatesOutsideTheScenarioAreRefusedByCase() throws {
    let text = """
      name: refuse
      replicates: 2
      graph: {sides: {a: {count: 30}}, layers: {x: {generate: {er: {p: 0.1}}}}}
      model: {name: ic, p: 0.1}
      arms: {base: {}, more: {model.p: 0.2}}

      """
    let plan = try ScenarioPlan.parse(text, file: "r.yaml")
    XCTAssertThrowsError(try GraphExport.write(plan: plan, point: 1, to: scratch)) { error in
      XCTAssertEqual(error as? GraphExportError, .noSuchPoint(1, pointCount: 1))
    }
    XCTAssertThrowsError(try GraphExport.write(plan: plan, arm: "less", to: scratch)) { error in
      XCTAssertEqual(error as? GraphExportError, .noSuchArm("less", known: ["base", "more"]))
    }
    XCTAssertThrowsError(try GraphExport.write(plan: plan, replicate: 3, to: scratch)) { error in
      XCTAssertEqual(error as? GraphExportError, .networkNotReplicated(3))
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.path), [], "nothing written")
    let written = try GraphExport.write(plan: plan, arm: "more", to: scratch)
    XCTAssertEqual(written.graph.nodeCount, 30)
  }
}
