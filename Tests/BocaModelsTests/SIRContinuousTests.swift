import BocaGraph
import BocaRandom
import Foundation
import XCTest

@testable import BocaModels

/// Continuous-time (event-driven) SIR: exact small cases and the peer benchmark's figures.
/// Exact cases allow 5 standard errors (exact Bernoulli variance), as in the discrete tests.
final class SIRContinuousTests: XCTestCase {
  func sir(_ g: MultiplexGraph, tau: Double, gamma: Double) throws -> Epidemic {
    try Epidemic(kind: .sir, clock: .continuous(tau: tau, gamma: gamma), graph: g)
  }

  /// One edge 0–1 from node 0: transmission (rate τ) beats recovery (rate γ) with probability
  /// τ/(τ + γ); given the race, the first event comes at Exp(τ + γ), so node 1 is infected by
  /// time 1 with probability τ/(τ + γ)·(1 − e^{−(τ+γ)}), read from `stepEnds[1]`.
  func testSingleEdgeRaceBetweenTransmissionAndRecovery() throws {
    let g = try EpidemicTestSupport.graph(2, [(0, 1)])
    let (tau, gamma) = (0.5, 1.0)
    let r = 100_000
    let run = try EpidemicTestSupport.run(
      try sir(g, tau: tau, gamma: gamma), seeds: [0], replicates: r, recording: true
    ) {
      spread, trace in Double(spread - 1) + 10 * Double(trace.stepEnds[1] - 1)
    }
    let ever = Double(run.values.filter { $0 >= 1 }.count) / Double(r)
    let byOne = Double(run.values.filter { $0 >= 10 }.count) / Double(r)
    let q = tau / (tau + gamma)
    let q1 = q * (1 - exp(-(tau + gamma)))
    XCTAssertEqual(ever, q, accuracy: 5 * (q * (1 - q) / Double(r)).squareRoot())
    XCTAssertEqual(byOne, q1, accuracy: 5 * (q1 * (1 - q1) / Double(r)).squareRoot())
  }

  /// A star's centre transmits to each leaf before recovering with probability
  /// E[1 − e^{−τD}] = τ/(τ + γ), but the leaves share D: the variance of the count is larger than
  /// binomial. The mean is 1 + L·τ/(τ+γ); the second factorial moment
  /// E[K(K−1)] = L(L−1)·E[(1 − e^{−τD})²] = L(L−1)·2τ²/((τ+γ)(2τ+γ)) shows the shared period.
  func testStarLeavesShareTheCentresInfectiousPeriod() throws {
    let leaves = 20
    let g = try EpidemicTestSupport.graph(leaves + 1, (1...leaves).map { (0, UInt32($0)) })
    let (tau, gamma) = (0.3, 1.0)
    let r = 50_000
    let run = try EpidemicTestSupport.run(try sir(g, tau: tau, gamma: gamma), seeds: [0], replicates: r)
    let l = Double(leaves)
    XCTAssertEqual(run.mean, 1 + l * tau / (tau + gamma), accuracy: 5 * run.se)
    let factorial = run.values.map { ($0 - 1) * ($0 - 2) }
    let fm = factorial.reduce(0, +) / Double(r)
    let fsd = (factorial.reduce(0) { $0 + ($1 - fm) * ($1 - fm) } / Double(r - 1)).squareRoot()
    XCTAssertEqual(
      fm, l * (l - 1) * 2 * tau * tau / ((tau + gamma) * (2 * tau + gamma)), accuracy: 5 * fsd / Double(r).squareRoot())
  }

  /// Directed edges one way; the trace: S + I + R = n at unit times, ends with I = 0 without a
  /// horizon, and has horizon + 1 reports with one.
  func testDirectedEdgesTraceAndHorizon() throws {
    let g = try EpidemicTestSupport.graph(4, [(0, 1), (1, 2), (3, 2)], directed: true)
    let simulator = try sir(g, tau: 2, gamma: 0.5).makeSimulator()
    let rng = try RandomGenerator(seed: 4)
    var trace = ReplicateTrace(recording: true)
    for _ in 0..<500 {
      let spread = simulator.run(seeds: [0], rng: rng, horizon: nil, trace: &trace)
      XCTAssertFalse(trace.order.contains(3))
      XCTAssertEqual(trace.stateCounts.count, 3 * trace.stepCount)
      for t in 0..<trace.stepCount {
        XCTAssertEqual(trace.stateCounts[3 * t] + trace.stateCounts[3 * t + 1] + trace.stateCounts[3 * t + 2], 4)
      }
      XCTAssertEqual(trace.stepEnds[0], 1)
      XCTAssertEqual(trace.stepEnds.last, spread)
      XCTAssertEqual(trace.stateCounts[3 * trace.stepCount - 2], 0)
      _ = simulator.run(seeds: [0], rng: rng, horizon: 3, trace: &trace)
      XCTAssertEqual(trace.stepCount, 4)
    }
  }

  /// Against the numpy reference (SIR-ct by the exact percolation equivalence, 20,000
  /// replicates, a3) and the EoN `fast_SIR` and numpy rows of a_ba10k, τ = 0.05, γ = 0.2, same
  /// seeds. |z| < 4 as in the peer README; 10,000 replicates detect a bias of about
  /// 4·√(1000²/10⁴ + 992²/2·10⁴) ≈ 49 nodes (1.2% of the mean).
  func testSIRAgreesWithNumpyAndEoNOnBA10k() throws {
    let reference = try PeerFixtures.row("a3_ba10k_sir_numpy20k.csv", tool: "numpy", model: "SIR-ct")
    let (graph, _) = try EdgeListReader.read(path: PeerFixtures.graphPath, directed: false)
    let model = try sir(
      graph, tau: try XCTUnwrap(reference.parameter("tau")), gamma: try XCTUnwrap(reference.parameter("gamma")))
    let seeds = graph.internalIDs(of: reference.seedNodes).map { $0! }
    let r = 10_000
    let run = try EpidemicTestSupport.run(model, seeds: seeds, replicates: r, root: 19)
    var rows = [reference]
    for tool in ["eon", "numpy"] { rows.append(try PeerFixtures.row("a_ba10k.csv", tool: tool, model: "SIR-ct")) }
    for row in rows {
      let z = PeerFixtures.z(mean: run.mean, sd: run.sd, replicates: Double(r), against: row)
      XCTAssertLessThan(abs(z), 4, "Boca \(run.mean) (sd \(run.sd)) vs \(row.fields["tool"]!) \(row.mean): z = \(z)")
    }
  }
}
