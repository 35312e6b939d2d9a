import BocaGraph
import BocaModels
import BocaRandom
import XCTest

@testable import BocaCalibration

/// CurveSimulator's curves and the bass extensions (m, w) the calibration relies on.
final class AbcCurveSimulatorTests: XCTestCase {
  func testCurvesAreMonotoneFractionsAndSidesAverageToTheWhole() throws {
    var picks = SystemRandomNumberGenerator()
    for trial in 0..<20 {
      let sides = Int.random(in: 1...4, using: &picks)
      let graph = try AbcFixtures.randomGraph(
        nodes: Int.random(in: 20...200, using: &picks), named: Int.random(in: 1...5, using: &picks), sides: sides,
        seed: UInt32(trial + 1))
      let periods = Int.random(in: 1...15, using: &picks)
      let model = try Bass(
        graph: graph, p: Double.random(in: 0...0.2, using: &picks), q: Double.random(in: 0...1, using: &picks),
        m: Double.random(in: 0.3...1, using: &picks), w: Double.random(in: 0...1, using: &picks))
      let simulator = CurveSimulator(
        nodeCount: graph.nodeCount, periods: periods, nodeSide: graph.nodeSide, sideCount: sides)
      let rng = try RandomGenerator(seed: UInt32(trial + 100))
      simulator.simulate(
        simulator: model.makeSimulator(), seeds: Int.random(in: 0...2, using: &picks), rng: rng,
        replicates: Int.random(in: 1...5, using: &picks))
      let c = simulator.curves
      let sizes = graph.sideCounts()
      for t in 0..<periods {
        XCTAssertTrue(c[t] >= 0 && c[t] <= 1)
        if t > 0 { XCTAssertGreaterThanOrEqual(c[t], c[t - 1]) }
        var weighted = 0.0
        for s in 0..<sides { weighted += c[(1 + s) * periods + t] * Double(sizes[s]) }
        XCTAssertEqual(weighted / Double(graph.nodeCount), c[t], accuracy: 1e-12)
      }
    }
  }

  /// With q = 0 and no seeds each node adopts in each period with probability p·m-eligibility:
  /// E F(t) = m (1 − (1 − p)^t). The mean of R replicates is within 5 standard errors.
  func testExternalInfluenceOnlyFollowsTheGeometricCurveScaledByTheMarketPotential() throws {
    let graph = try AbcFixtures.randomGraph(nodes: 300, named: 3, seed: 9)
    for (p, m) in [(0.05, 1.0), (0.1, 0.6), (0.2, 0.85)] {
      let model = try Bass(graph: graph, p: p, q: 0, m: m)
      let periods = 10
      let simulator = CurveSimulator(nodeCount: 300, periods: periods, nodeSide: [], sideCount: 0)
      let replicates = 400
      simulator.simulate(
        simulator: model.makeSimulator(), seeds: 0, rng: try RandomGenerator(seed: 17), replicates: replicates)
      for t in 1...periods {
        let f = m * (1 - pow(1 - p, Double(t)))
        let se = (f * (1 - f) / Double(300 * replicates)).squareRoot() + m * (1 - m) / 300 + 1e-9
        XCTAssertEqual(simulator.curves[t - 1], f, accuracy: 5 * max(se, 0.002), "p \(p) m \(m) t \(t)")
      }
    }
  }

  /// w = 0 is the mean field whatever the graph: the mean curve follows the mean-field
  /// recursion F(t+1) = F + (p + qF)(1 − F) within Monte Carlo error and the O(1/N) variance term.
  func testZeroNetworkWeightIsTheMeanField() throws {
    let graph = try AbcFixtures.randomGraph(nodes: 1000, named: 2, seed: 21)
    let (p, q) = (0.03, 0.5)
    let simulator = CurveSimulator(nodeCount: 1000, periods: 12, nodeSide: [], sideCount: 0)
    simulator.simulate(
      simulator: try Bass(graph: graph, p: p, q: q, w: 0).makeSimulator(), seeds: 0, rng: try RandomGenerator(seed: 5),
      replicates: 200)
    var f = 0.0
    for t in 1...12 {
      f += (p + q * f) * (1 - f)
      XCTAssertEqual(simulator.curves[t - 1], f, accuracy: 0.02, "t \(t)")
    }
  }

  func testDefaultsLeaveTheBassStreamUnchanged() throws {
    let graph = try AbcFixtures.randomGraph(nodes: 200, named: 3, seed: 2)
    var a = ReplicateTrace(recording: true)
    var b = ReplicateTrace(recording: true)
    _ = try Bass(graph: graph, p: 0.02, q: 0.4).makeSimulator().run(
      seeds: [], rng: try RandomGenerator(seed: 8), horizon: 10, trace: &a)
    var parameters = ModelParameters(values: ["p": 0.02, "q": 0.4, "m": 1, "w": 1])
    let model = try ModelRegistry.entry("bass")!.make(graph, [0], &parameters)
    _ = model.makeSimulator().run(seeds: [], rng: try RandomGenerator(seed: 8), horizon: 10, trace: &b)
    XCTAssertEqual(a.order, b.order)
    XCTAssertEqual(a.stepEnds, b.stepEnds)
  }
}
