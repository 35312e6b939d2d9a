import BocaGraph
import BocaRandom
import Foundation
import XCTest

@testable import BocaRunner
@testable import BocaScenario

/// What the sides cannot carry is refused before a graph is generated, at the key, by the check
/// validate and run share (`GraphFactory.check`, through `GraphFactory.build`); what is
/// accepted is built in bounded work.
final class GraphLimitsTests: XCTestCase {
  static func scenario(layer: String, sides: String = "{a: {count: 20}, b: {count: 5}}", extra: String = "")
    -> String
  {
    """
    name: limits
    seed: 1
    replicates: 3
    graph:
      sides: \(sides)
      layers: {l: \(layer)}
    model: {name: ic, p: 0.1}
    \(extra)
    """
  }

  /// The unrealisable bipartite degree of the issue (main never finished generating it): refused
  /// at the degree's line and key, quickly, by the shared check.
  func testAnUnrealisableBipartiteDegreeIsRefusedAtItsKey() throws {
    let s = try Scenario.parse(
      Self.scenario(
        layer: "{generate: {bipartite: {sides: [a, b], degree: {a: {poisson: [1e10]}, b: {poisson: [3]}}}}}"),
      file: "bip.yaml")
    XCTAssertThrowsError(try GraphFactory.build(s.graph, rootSeed: 1)) { error in
      XCTAssertDiagnostic(error, at: "graph.layers.l.generate.bipartite.degree.a", line: 6)
      let text = "\(error)"
      XCTAssertTrue(text.contains("bip.yaml:6:"), text)
      XCTAssertTrue(text.contains("graph.layers.l.generate.bipartite.degree.a"), text)
    }
  }

  /// Generated inputs: random side sizes and Poisson degree means. The check refuses exactly
  /// when a side's mean degree exceeds the other side's size; what it accepts is built, and no
  /// node gets more partners than the other side has.
  func testBipartiteDegreesAreRefusedExactlyWhenTheMeanExceedsTheOtherSide() throws {
    let rng = try RandomGenerator(seed: 21)
    for trial in 0..<80 {
      let ca = 1 + rng.uniformInt(40)
      let cb = 1 + rng.uniformInt(40)
      let ma = pow(10, rng.uniform() * 3) - 1
      let mb = pow(10, rng.uniform() * 3) - 1
      let text = Self.scenario(
        layer: "{generate: {bipartite: {sides: [a, b], degree: {a: {poisson: [\(ma)]}, b: {poisson: [\(mb)]}}}}}",
        sides: "{a: {count: \(ca)}, b: {count: \(cb)}}")
      let s = try Scenario.parse(text, file: "t\(trial).yaml")
      let impossible = ma > Double(cb) || mb > Double(ca)
      do {
        let graph = try GraphFactory.build(s.graph, rootSeed: 1)
        XCTAssertFalse(impossible, "accepted \(ca)×\(cb) with means \(ma), \(mb)")
        let layer = graph.layers[0].out
        for v in 0..<graph.nodeCount {
          XCTAssertLessThanOrEqual(layer.degree(v), v < ca ? cb : ca)
        }
      } catch let error as ScenarioError {
        XCTAssertTrue(impossible, "refused \(ca)×\(cb) with means \(ma), \(mb): \(error)")
        XCTAssertTrue("\(error)".contains("t\(trial).yaml:6:"), "\(error)")
      }
    }
  }

  /// Generated inputs: BA m and WS k around the layer's size. The shared check refuses exactly
  /// what the generators would refuse, and at the key (main: the generator's message, with no
  /// file, line or key).
  func testBAAndWSParametersAreRefusedAtTheirKeysExactlyWhenTheGeneratorWouldFail() throws {
    let rng = try RandomGenerator(seed: 5)
    for trial in 0..<60 {
      let a = 1 + rng.uniformInt(30)
      let b = 1 + rng.uniformInt(30)
      let onlyA = rng.uniformInt(2) == 0
      let members = onlyA ? a : a + b
      let ba = rng.uniformInt(2) == 0
      let value = ba ? 1 + rng.uniformInt(70) : 2 * (1 + rng.uniformInt(35))
      let generator = ba ? "{ba: {m: \(value)}}" : "{ws: {k: \(value), p: 0.1}}"
      let text = Self.scenario(
        layer: "{generate: \(generator)\(onlyA ? ", sides: [a]" : "")}", sides: "{a: {count: \(a)}, b: {count: \(b)}}")
      let s = try Scenario.parse(text, file: "g.yaml")
      let fails = value >= members
      do {
        _ = try GraphFactory.build(s.graph, rootSeed: 2)
        XCTAssertFalse(fails, text)
      } catch let error as ScenarioError {
        XCTAssertTrue(fails, "\(error)")
        let key = ba ? "graph.layers.l.generate.ba.m" : "graph.layers.l.generate.ws.k"
        XCTAssertEqual(error.diagnostics.first?.keyPath, key)
        XCTAssertEqual(error.diagnostics.first?.line, 6)
      }
    }
  }

  /// A lattice so dense that each rewiring must search for the few nodes not yet joined (work
  /// about p·n·k/2 · n/(n − 1 − k); main ran ws k = n − 2 on 5,000 nodes for many minutes) is
  /// refused at `ws.k`; a dense one within the bound is built.
  func testADenseWattsStrogatzLatticeIsRefusedAtK() throws {
    let dense = try Scenario.parse(
      Self.scenario(layer: "{generate: {ws: {k: 4998, p: 0.5}}}", sides: "{a: {count: 4000}, b: {count: 1000}}"),
      file: "ws.yaml")
    XCTAssertThrowsError(try GraphFactory.check(dense.graph)) { error in
      XCTAssertEqual((error as? ScenarioError)?.diagnostics.first?.keyPath, "graph.layers.l.generate.ws.k", "\(error)")
    }
    XCTAssertThrowsError(try GeneratorSpec(parsing: "ws:5000:4998:0.5")) { error in
      XCTAssertEqual((error as? GeneratorSpecError)?.spec, "ws:5000:4998:0.5", "\(error)")
    }
    XCTAssertNoThrow(try GeneratorSpec(parsing: "ws:2000:1998:0.5"))
    let fine = try Scenario.parse(
      Self.scenario(layer: "{generate: {ws: {k: 96, p: 0.5}}}", sides: "{a: {count: 60}, b: {count: 40}}"),
      file: "w.yaml")
    XCTAssertEqual(try GraphFactory.build(fine.graph, rootSeed: 1).edgeCount, 100 * 48)
  }

  /// Random scenario graphs: the estimate bounds the bytes the built graph holds.
  func testTheGraphEstimateBoundsWhatRandomScenarioGraphsHold() throws {
    let rng = try RandomGenerator(seed: 8)
    let generators = [
      "{er: {p: 0.05}}", "{ba: {m: 2}}", "{ws: {k: 4, p: 0.2}}", "{sbm: {mixing: {a: {a: 0.1, b: 0.02}, b: {b: 0.2}}}}",
      "{bipartite: {sides: [a, b], degree: {a: {poisson: [3]}, b: {poisson: [2]}}}}",
    ]
    for _ in 0..<40 {
      let a = 10 + rng.uniformInt(300)
      let b = 10 + rng.uniformInt(300)
      let first = generators[rng.uniformInt(generators.count)]
      let second = generators[rng.uniformInt(generators.count)]
      let directed =
        rng.uniformInt(2) == 0 && !(first + second).contains("ws") && !(first + second).contains("ba")
        && !(first + second).contains("bipartite")
      let text = """
        name: est
        replicates: 2
        graph:
          sides: {a: {count: \(a), x: {beta: [2, 2]}}, b: {count: \(b)}}
          layers:
            one: {generate: \(first), directed: \(directed)}
            two: {generate: \(second), directed: \(directed), overlap_with: one, overlap: 0.3}
        model: {name: ic, p: 0.1}
        """
      let s = try Scenario.parse(text, file: "e.yaml")
      let graph = try GraphFactory.build(s.graph, rootSeed: 3)
      XCTAssertGreaterThanOrEqual(GraphFactory.estimatedBytes(s.graph), graph.byteCount, text)
    }
  }

  /// A graph over the budget is refused before it is generated, with what and how much.
  func testAScenarioGraphOverTheBudgetIsRefused() throws {
    let s = try Scenario.parse(
      Self.scenario(layer: "{generate: {er: {p: 0.5}}}", sides: "{a: {count: 200000}, b: {count: 5}}"), file: "big.yaml"
    )
    XCTAssertThrowsError(
      try GraphFactory.build(s.graph, rootSeed: 1, budget: MemoryBudget(limit: 1 << 30, source: "t"))
    ) { error in
      XCTAssertTrue(error is MemoryLimitError, "\(error)")
      XCTAssertTrue("\(error)".contains("the graph (200005 nodes, 1 layers)"), "\(error)")
    }
  }

  /// An overlap with a layer of the other direction is refused at `overlap_with` (main: an
  /// unlocated generator message from validate and run).
  func testAnOverlapAcrossDirectionsIsRefusedAtItsKey() throws {
    let text = Self.scenario(layer: "{generate: {er: {p: 0.1}}}")
      .replacingOccurrences(
        of: "layers: {l: {generate: {er: {p: 0.1}}}}",
        with:
          "layers: {l: {generate: {er: {p: 0.1}}}, d: {generate: {er: {p: 0.1}}, directed: true, overlap_with: l, overlap: 0.5}}"
      )
    let s = try Scenario.parse(text, file: "o.yaml")
    XCTAssertThrowsError(try GraphFactory.build(s.graph, rootSeed: 1)) { error in
      XCTAssertDiagnostic(error, at: "graph.layers.d.overlap_with", line: 6)
      XCTAssertTrue("\(error)".contains("o.yaml:6:"), "\(error)")
      XCTAssertTrue("\(error)".contains("graph.layers.d.overlap_with"), "\(error)")
    }
  }

  /// seeds.k beyond the population is refused at its line (main: key but no file or line).
  func testSeedsBeyondThePopulationAreRefusedAtTheirLine() throws {
    let s = try Scenario.parse(
      Self.scenario(layer: "{generate: {er: {p: 0.1}}}", extra: "seeds: {policy: random, k: 30, side: a}"),
      file: "k.yaml")
    let graph = try GraphFactory.build(s.graph, rootSeed: 1)
    XCTAssertThrowsError(try SeedSelector(spec: s.seeding, graph: graph, modelLayers: [0])) { error in
      XCTAssertDiagnostic(error, at: "seeds.k", line: 8)
      XCTAssertTrue("\(error)".contains("k.yaml:8:"), "\(error)")
      XCTAssertTrue("\(error)".contains("seeds.k: expected at most 20 (the nodes of side 'a' available)"), "\(error)")
    }
  }

  /// Points × replicates beyond the 2^32 − 1 seeds there are is refused at `replicates`; a seed
  /// table over the budget is refused with what and how much; normal counts pass.
  func testTheSeedSpaceAndTheReplicateSeedsMemoryAreChecked() throws {
    // One point's replicates are capped at 10^9 when the scenario is read; the seed space
    // limits points × replicates, located at `replicates`.
    let s = try Scenario.parse(Self.scenario(layer: "{generate: {er: {p: 0.1}}}"), file: "r.yaml")
    XCTAssertThrowsError(try RunLimits.check(points: 5, replicates: 1_000_000_000, scenario: s)) { error in
      XCTAssertDiagnostic(error, at: "replicates", line: 3)
      XCTAssertTrue("\(error)".contains("r.yaml:3:"), "\(error)")
      XCTAssertTrue("\(error)".contains("replicates: expected at most 858993459 replicates per point"), "\(error)")
    }
    for (points, replicates) in [(1, 1 << 32), (3, 1 << 31)] {
      XCTAssertThrowsError(try RunLimits.check(points: points, replicates: replicates, scenario: s)) { error in
        XCTAssertEqual((error as? ScenarioError)?.diagnostics.map(\.keyPath), ["replicates"], "\(error)")
      }
    }
    XCTAssertThrowsError(
      try RunLimits.check(
        points: 1, replicates: 10_000_000, scenario: s, budget: MemoryBudget(limit: 50_000_000, source: "t"))
    ) { XCTAssertTrue($0 is MemoryLimitError, "\($0)") }
    XCTAssertNoThrow(try RunLimits.check(points: 4, replicates: 100_000, scenario: s))
    XCTAssertGreaterThanOrEqual(RunLimits.replicateSeedsBytes(1000), 4000 + 1000 * 4)
  }
}
