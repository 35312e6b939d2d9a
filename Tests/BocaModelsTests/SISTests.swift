import BocaGraph
import BocaRandom
import Foundation
import XCTest

@testable import BocaModels

/// SIS in discrete and continuous time: endemic prevalence on a complete graph against the
/// mean-field fixed point, exact single-edge probabilities, the default horizon, and the
/// registry entries.
final class SISTests: XCTestCase {
  static let size = 400

  static let complete: MultiplexGraph = {
    var s: [UInt32] = []
    var t: [UInt32] = []
    for u in 0..<size {
      for v in (u + 1)..<size {
        s.append(UInt32(u))
        t.append(UInt32(v))
      }
    }
    return try! EpidemicTestSupport.graph(size, Array(zip(s, t)))
  }()

  /// Mean over replicates of each replicate's prevalence I/N averaged over reported times
  /// `from...to`, and the standard error across replicates (replicates are independent; the
  /// time average within one is not, so its spread across replicates is the honest error).
  func endemicPrevalence(_ model: Epidemic, from: Int, to: Int, replicates: Int) throws -> (mean: Double, se: Double) {
    let seeds = (0..<UInt32(Self.size / 2)).map { $0 }
    let run = try EpidemicTestSupport.run(model, seeds: seeds, replicates: replicates, horizon: to, recording: true) {
      _, trace in
      XCTAssertEqual(trace.stepCount, to + 1)
      let infected = (from...to).map { Double(trace.stateCounts[2 * $0 + 1]) }
      return infected.reduce(0, +) / Double(infected.count) / Double(Self.size)
    }
    return (run.mean, run.se)
  }

  /// Discrete SIS on the complete graph K_N (N = 400), per-edge probability b = β/(N − 1),
  /// β = 2, γ = 0.5. With i the infected fraction at the start of a step, a susceptible node has
  /// N·i infected neighbours and escapes all with probability (1 − b)^{Ni}; of the infected, a
  /// fraction γ recovers after the infection phase and the newly infected do not. The expected
  /// map is i' = (1 − γ)i + (1 − i)(1 − (1 − b)^{Ni}), whose stable fixed point i* ≈ 0.578 is
  /// solved here by bisection (slope of the map there ≈ 0.08, so it is stable and not
  /// oscillating). Tolerance 0.01: the closure ignores fluctuations of i of variance O(1/N), which
  /// bias the mean by O(1/N) = 0.0025, and the standard error (asserted below 0.002) comes from
  /// 20 replicates averaged over steps 100–400 (burn-in 100 steps ≫ the relaxation time
  /// 1/(1 − 0.08) ≈ 1 step).
  func testDiscreteEndemicPrevalenceMatchesFixedPoint() throws {
    let (beta, gamma) = (2.0, 0.5)
    let n = Double(Self.size)
    let b = beta / (n - 1)
    func excess(_ i: Double) -> Double { (1 - i) * (1 - pow(1 - b, n * i)) - gamma * i }
    var lo = 0.05
    var hi = 1.0
    for _ in 0..<100 {
      let mid = (lo + hi) / 2
      if excess(mid) > 0 { lo = mid } else { hi = mid }
    }
    let fixedPoint = (lo + hi) / 2
    XCTAssertEqual(fixedPoint, 0.578, accuracy: 0.005)
    let model = try Epidemic(
      kind: .sis, clock: .discrete(beta: b, gamma: gamma, infection: .neighbour), graph: Self.complete)
    let prevalence = try endemicPrevalence(model, from: 100, to: 400, replicates: 20)
    XCTAssertLessThan(prevalence.se, 0.002)
    XCTAssertEqual(prevalence.mean, fixedPoint, accuracy: 0.01, "se \(prevalence.se)")
  }

  /// Continuous SIS on K_N with rate τ = β/(N − 1) per S–I edge, β = 2, γ = 1. New infections
  /// come at rate τ·I·(N − I) and recoveries at γI, so the mean-field endemic state is
  /// I/N = 1 − (γ/β)(N − 1)/N ≈ 1 − γ/β = 0.5. Tolerance 0.01 as in discrete time: the
  /// quasi-stationary mean differs from the mean-field value by O(1/N) (Nåsell 1996), and the
  /// standard error of 20 replicates averaged over times 20–200 (relaxation time
  /// 1/(β − γ) = 1) is asserted below 0.002.
  func testContinuousEndemicPrevalenceMatchesMeanField() throws {
    let (beta, gamma) = (2.0, 1.0)
    let n = Double(Self.size)
    let model = try Epidemic(kind: .sis, clock: .continuous(tau: beta / (n - 1), gamma: gamma), graph: Self.complete)
    let prevalence = try endemicPrevalence(model, from: 20, to: 200, replicates: 20)
    XCTAssertLessThan(prevalence.se, 0.002)
    XCTAssertEqual(prevalence.mean, 1 - gamma / beta * (n - 1) / n, accuracy: 0.01, "se \(prevalence.se)")
  }

  /// On one edge 0–1 from node 0 node 1 is ever infected with the SIR probabilities,
  /// β/(β + γ − βγ) (discrete) and τ/(τ + γ) (continuous): after node 0 recovers nobody is
  /// infected. The horizon (200 steps, 100 time units) cuts off probability < 10⁻²⁰. 5 standard
  /// errors of the exact Bernoulli variance.
  func testSingleEdgeEverInfectedProbabilities() throws {
    let g = try EpidemicTestSupport.graph(2, [(0, 1)])
    let r = 100_000
    let discrete = try Epidemic(kind: .sis, clock: .discrete(beta: 0.3, gamma: 0.4, infection: .neighbour), graph: g)
    let continuous = try Epidemic(kind: .sis, clock: .continuous(tau: 0.5, gamma: 1), graph: g)
    for (model, horizon, q) in [(discrete, 200, 0.3 / (0.3 + 0.4 - 0.12)), (continuous, 100, 0.5 / 1.5)] {
      let run = try EpidemicTestSupport.run(model, seeds: [0], replicates: r, horizon: horizon)
      XCTAssertEqual(run.mean - 1, q, accuracy: 5 * (q * (1 - q) / Double(r)).squareRoot(), "\(model.clock)")
    }
  }

  /// Nodes are re-infected: on the complete graph K_20 with a high reproduction number the
  /// infection stays endemic past the default horizon (extinction takes astronomically long), the
  /// infected count goes down and up again, prevalence counts current infections while the
  /// spread counts each node once, and the trace has the default 100 steps plus step 0.
  func testReinfectionAndDefaultHorizon() throws {
    let size = 20
    var edges: [(UInt32, UInt32)] = []
    for u in 0..<size { for v in (u + 1)..<size { edges.append((UInt32(u), UInt32(v))) } }
    let g = try EpidemicTestSupport.graph(size, edges)
    for clock in [Epidemic.Clock.discrete(beta: 0.5, gamma: 0.2, infection: .neighbour), .continuous(tau: 1, gamma: 1)]
    {
      let simulator = try Epidemic(kind: .sis, clock: clock, graph: g).makeSimulator()
      let rng = try RandomGenerator(seed: 8)
      var trace = ReplicateTrace(recording: true)
      let spread = simulator.run(seeds: [0, 1, 2, 3, 4], rng: rng, horizon: nil, trace: &trace)
      XCTAssertEqual(trace.stepCount, Epidemic.defaultSISHorizon + 1, "\(clock)")
      XCTAssertEqual(trace.stateNames, ["susceptible", "infected"])
      XCTAssertEqual(spread, trace.order.count)
      XCTAssertEqual(Set(trace.order).count, spread)
      XCTAssertEqual(trace.stepEnds.last, spread)
      var decreases = 0
      for t in 0..<trace.stepCount {
        XCTAssertEqual(trace.stateCounts[2 * t] + trace.stateCounts[2 * t + 1], size)
        XCTAssertLessThanOrEqual(trace.stateCounts[2 * t + 1], trace.stepEnds[t])
        if t > 0 && trace.stateCounts[2 * t + 1] < trace.stateCounts[2 * t - 1] { decreases += 1 }
      }
      XCTAssertGreaterThan(decreases, 5, "infected count goes down and up again (\(clock))")
      XCTAssertGreaterThan(trace.stateCounts[2 * 100 + 1], 0, "still endemic at the horizon (\(clock))")
    }
  }

  /// The registry builds `sir` and `sis` from keys and options and rejects mismatched ones.
  func testRegistryEntries() throws {
    let g = try EpidemicTestSupport.graph(3, [(0, 1), (1, 2)])
    let sis = try ModelRegistry.make(
      name: "sis", graph: g,
      parameters: ModelParameters(values: ["beta": 0.1, "gamma": 0.2], options: ["infection": "fraction"]))
    XCTAssertEqual(sis.name, "sis")
    XCTAssertEqual((sis as? Epidemic)?.clock, .discrete(beta: 0.1, gamma: 0.2, infection: .fraction))
    let sir = try ModelRegistry.make(
      name: "sir", graph: g,
      parameters: ModelParameters(values: ["tau": 0.3, "gamma": 1], options: ["time": "continuous"]))
    XCTAssertEqual((sir as? Epidemic)?.clock, .continuous(tau: 0.3, gamma: 1))
    XCTAssertInvalidParameter(
      try ModelRegistry.make(
        name: "sir", graph: g,
        parameters: ModelParameters(values: ["beta": 0.3, "gamma": 1], options: ["time": "continuous"])),
      model: "sir", key: "tau")
    XCTAssertInvalidParameter(
      try ModelRegistry.make(
        name: "sir", graph: g,
        parameters: ModelParameters(
          values: ["tau": 0.3, "gamma": 1], options: ["time": "continuous", "infection": "node"])),
      model: "sir", key: "infection")
    XCTAssertInvalidParameter(
      try ModelRegistry.make(name: "sir", graph: g, parameters: ModelParameters(values: ["beta": 0.3, "gamma": 0])),
      model: "sir", key: "gamma")
    XCTAssertInvalidParameter(
      try ModelRegistry.make(name: "sis", graph: g, parameters: ModelParameters(values: ["beta": 1.5, "gamma": 0.5])),
      model: "sis", key: "beta")
  }
}
