import BocaGraph
import BocaRandom
import Foundation
import XCTest

@testable import BocaModels

/// Large outbreaks on an Erdős–Rényi graph against bond-percolation theory: n = 100,000, mean
/// degree c = 5 (p = c/(n − 1)), transmissibility T = 0.4, so cT = 2 and the giant component of
/// the percolated graph holds the fraction S solving S = 1 − e^{−cTS} (S ≈ 0.797; Newman 2002,
/// "Spread of epidemic disease on networks", Phys. Rev. E 66, 016128).
///
/// "Large" means more than 1% of n (1,000 nodes): a finite cluster is a subcritical branching
/// process with offspring mean cT(1 − S) ≈ 0.41, so its size has an exponential tail and
/// P(size > 1,000) is astronomically small, while a giant outbreak holds about 79,700 ± a few
/// hundred nodes. The tolerance 0.015 (absolute fraction) is the one asked of the model; the
/// standard errors below are asserted to be far smaller, so the checks measure bias (finite-n
/// corrections are O(1/n)), not noise.
final class PercolationTests: XCTestCase {
  static let n = 100_000
  static let c = 5.0
  static let graph: MultiplexGraph = {
    let rng = try! RandomGenerator(seed: 2024)
    let edges = try! Generators.erdosRenyi(n: n, p: c / Double(n - 1), rng: rng)
    var g = MultiplexGraph(nodeCount: n)
    try! edges.addLayer(to: &g, name: "er")
    return g
  }()

  /// The non-trivial root of S = 1 − e^{−cTS}, by fixed-point iteration from S = 1 (the map is a
  /// contraction near the root: its slope cT(1 − S) ≈ 0.41 < 1).
  func giantFraction(transmissibility t: Double) -> Double {
    var s = 1.0
    for _ in 0..<200 { s = 1 - exp(-Self.c * t * s) }
    return s
  }

  /// Mean final fraction (and its standard error) of the outbreaks larger than 1% of n, over
  /// `replicates` runs from one uniformly drawn seed each.
  func largeOutbreaks(_ replicates: Int, _ run: (UInt32, RandomGenerator) -> Int) throws
    -> (count: Int, mean: Double, se: Double)
  {
    let table = ReplicateSeeds(root: 5, scenarioHash: 1, points: 1, replicates: replicates)
    let rng = try RandomGenerator(seed: 1)
    var fractions: [Double] = []
    for r in 0..<replicates {
      rng.reseed(table[0, r])
      let seed = UInt32(rng.uniformInt(Self.n))
      let spread = run(seed, rng)
      if spread > Self.n / 100 { fractions.append(Double(spread) / Double(Self.n)) }
    }
    let k = Double(fractions.count)
    let mean = fractions.reduce(0, +) / k
    let variance = fractions.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (k - 1)
    return (fractions.count, mean, (variance / k).squareRoot())
  }

  /// IC with p = 0.4: the outbreak probability and the mean final fraction of large outbreaks
  /// are both S (undirected bond percolation: the seed's cluster is the giant with probability S).
  ///
  /// The outbreak probability comes from 20,000 cascades cut after 10 generations, an outbreak
  /// being a cascade still growing at generation 10: a finite cluster reaches depth 10 with
  /// probability at most (cT(1 − S))^10 ≈ 1.2·10⁻⁴ (Markov's inequality on the generation size of
  /// the subcritical process), and a giant one grows about twofold per generation. Its standard
  /// error √(S(1−S)/20,000) ≈ 0.0028, so 0.015 is 5.3 standard errors. The mean final fraction
  /// comes from 30 full cascades (about 24 large).
  func testIndependentCascadeOutbreakProbabilityAndSizeMatchPercolation() throws {
    let s = giantFraction(transmissibility: 0.4)
    XCTAssertEqual(s, 0.797, accuracy: 0.001)
    let model = try IndependentCascade(graph: Self.graph, p: 0.4)
    var workspace = CascadeWorkspace(nodeCount: Self.n)

    let replicates = 20_000
    let table = ReplicateSeeds(root: 6, scenarioHash: 1, points: 1, replicates: replicates)
    let rng = try RandomGenerator(seed: 1)
    var outbreaks = 0
    for r in 0..<replicates {
      rng.reseed(table[0, r])
      let seed = UInt32(rng.uniformInt(Self.n))
      _ = model.run(seeds: [seed], rng: rng, workspace: &workspace, recordSteps: true, maxSteps: 10)
      if workspace.stepEnds.count == 11 { outbreaks += 1 }
    }
    let probability = Double(outbreaks) / Double(replicates)
    XCTAssertEqual(probability, s, accuracy: 0.015, "outbreak probability (se 0.0028)")

    let large = try largeOutbreaks(30) { seed, rng in model.run(seeds: [seed], rng: rng, workspace: &workspace) }
    XCTAssertGreaterThanOrEqual(large.count, 10)
    XCTAssertLessThan(large.se, 0.003)
    XCTAssertEqual(
      large.mean, s, accuracy: 0.015, "mean final fraction of \(large.count) large outbreaks (se \(large.se))")
  }

  /// Continuous SIR with τ = 0.4, γ = 0.6: each edge transmits before its source recovers with
  /// probability T = τ/(τ + γ) = 0.4. A node escapes infection iff none of its in-edges transmits,
  /// and those edges leave different nodes with independent infectious periods, so the final size
  /// of a large outbreak is still S (Kenah & Robins 2007, Phys. Rev. E 76, 036113). The outbreak
  /// probability is not S (one node's out-edges share its period), so it is not tested.
  func testContinuousSIRLargeOutbreakSizeMatchesPercolation() throws {
    let s = giantFraction(transmissibility: 0.4)
    let model = try Epidemic(kind: .sir, clock: .continuous(tau: 0.4, gamma: 0.6), graph: Self.graph)
    let simulator = model.makeSimulator()
    var trace = ReplicateTrace(recording: false)
    let large = try largeOutbreaks(30) { seed, rng in
      simulator.run(seeds: [seed], rng: rng, horizon: nil, trace: &trace)
    }
    XCTAssertGreaterThanOrEqual(large.count, 8)
    XCTAssertLessThan(large.se, 0.003)
    XCTAssertEqual(
      large.mean, s, accuracy: 0.015, "mean final fraction of \(large.count) large outbreaks (se \(large.se))")
  }
}
