import BocaGraph
import BocaModels
import BocaRandom
@preconcurrency import CGSL
import Foundation
import XCTest

@testable import BocaCalibration

/// ABC-SMC against an exact posterior, its invariants, and its reproducibility.
final class AbcCalibrationTests: XCTestCase {
  /// n isolated nodes, one period, bass with q = 0: the number of adopters is Binomial(n, p), so
  /// with a uniform prior the posterior of p given k adopters is Beta(k + 1, n − k + 1). The
  /// distance |k_sim − k|/n is 0 exactly when the counts match, so once the tolerance reaches 0
  /// ABC-SMC samples the exact posterior.
  static func binomialProblem(nodes n: Int, adopters k: Int) throws -> (MultiplexGraph, ObservedAdoption, AbcFitSpec) {
    var graph = MultiplexGraph(nodeCount: n)
    try graph.addLayer(name: "none", directed: true, sources: [], targets: [])
    let observed = ObservedAdoption(
      nodeCount: n, periods: 1, toa: (0..<n).map { $0 < k ? 1 : nil }, nodeSide: [], sideNames: [])
    let spec = AbcFitSpec(
      model: "bass", name: "binomial", fixed: ["q": 0],
      parameters: [.init(name: "p", prior: try Prior(distribution: .uniform(a: 0, b: 1), lower: 0, upper: 1))],
      particles: 1000, generations: 12, minAcceptance: 0.01, quantile: 0.5, tolerance: 0, replicates: 1,
      predictiveDraws: 50)
    return (graph, observed, spec)
  }

  func testPosteriorMatchesTheConjugateBetaPosterior() throws {
    for (n, k, seed) in [(40, 12, UInt64(1)), (60, 40, 2), (30, 3, 3)] {
      let (graph, observed, spec) = try Self.binomialProblem(nodes: n, adopters: k)
      let report = try AbcCalibration.fit(
        spec: spec, graph: graph, observed: observed, seed: seed, threads: 2, progress: nil, checkpoint: nil)
      let a = Double(k + 1)
      let b = Double(n - k + 1)
      let mean = a / (a + b)
      let sd = (a * b / ((a + b) * (a + b) * (a + b + 1))).squareRoot()
      XCTAssertEqual(report.generations.last?.tolerance, 0, "the schedule reached the exact posterior")
      let estimate = report.estimates[0]
      // Monte Carlo error of a weighted mean of 1000 particles (effective size ≥ 300): sd/√300 ≈ sd/17;
      // the tolerance 5·sd/17 ≈ 0.3 sd holds with probability ≫ 99.9%.
      XCTAssertEqual(estimate.estimate, mean, accuracy: 0.3 * sd, "n \(n) k \(k)")
      XCTAssertEqual(estimate.ciLow!, gsl_cdf_beta_Pinv(0.025, a, b), accuracy: 0.35 * sd, "n \(n) k \(k)")
      XCTAssertEqual(estimate.ciHigh!, gsl_cdf_beta_Pinv(0.975, a, b), accuracy: 0.35 * sd, "n \(n) k \(k)")
      XCTAssertEqual(report.posteriorMedian(of: "p")!, gsl_cdf_beta_Pinv(0.5, a, b), accuracy: 0.3 * sd)
    }
  }

  func testWeightsSumToOneAndTheToleranceScheduleNeverIncreases() throws {
    let graph = try AbcFixtures.randomGraph(nodes: 150, named: 4, sides: 2, seed: 7)
    let truth = try Bass(graph: graph, p: 0.03, q: 0.4)
    let observed = try AbcFixtures.simulatedData(model: truth, graph: graph, periods: 8, seed: 11)
    let uniform = try Prior(distribution: .uniform(a: 0, b: 1), lower: 0, upper: 1)
    for distance in AbcFitSpec.DistanceKind.allCases {
      let spec = AbcFitSpec(
        model: "bass", parameters: [.init(name: "p", prior: uniform), .init(name: "q", prior: uniform)],
        particles: 100, generations: 5, minAcceptance: 0.01, replicates: 2, distance: distance, predictiveDraws: 20)
      let report = try AbcCalibration.fit(
        spec: spec, graph: graph, observed: observed, seed: 5, threads: 2, progress: nil, checkpoint: nil)
      XCTAssertEqual(report.posterior.reduce(0) { $0 + $1.weight }, 1, accuracy: 1e-9)
      XCTAssertTrue(report.posterior.allSatisfy { $0.weight >= 0 })
      let tolerances = report.generations.map(\.tolerance)
      XCTAssertEqual(tolerances.first, .infinity)
      for (a, b) in zip(tolerances, tolerances.dropFirst()) { XCTAssertLessThanOrEqual(b, a) }
      // Every final particle was accepted under the last tolerance.
      let last = report.generations.last { $0.accepted == spec.particles }!
      XCTAssertTrue(report.posterior.allSatisfy { $0.distance <= last.tolerance })
      XCTAssertEqual(report.curves.filter { $0.side == "all" }.count, observed.periods)
      XCTAssertEqual(report.curves.count, observed.periods * 3, "all and the two sides")
      XCTAssertEqual(
        report.summary.simulations, report.generations.reduce(0) { $0 + $1.simulations } + spec.predictiveDraws)
      for e in report.estimates { XCTAssertTrue(e.ciLow! <= e.estimate && e.estimate <= e.ciHigh!) }
    }
  }

  func testOneSideGivesOnlyTheOverallCurve() throws {
    let graph = try AbcFixtures.randomGraph(nodes: 60, named: 3, seed: 5)
    let observed = try AbcFixtures.simulatedData(
      model: try Bass(graph: graph, p: 0.05, q: 0.3), graph: graph, periods: 5, seed: 6)
    XCTAssertEqual(observed.sideNames, ["s0"])
    let spec = AbcFitSpec(
      model: "bass", fixed: ["q": 0.3],
      parameters: [.init(name: "p", prior: try Prior(distribution: .uniform(a: 0, b: 1), lower: 0, upper: 1))],
      particles: 20, generations: 2, replicates: 1, distance: .rmseSides, predictiveDraws: 10)
    let report = try AbcCalibration.fit(
      spec: spec, graph: graph, observed: observed, seed: 1, threads: 1, progress: nil, checkpoint: nil)
    XCTAssertEqual(report.curves.map(\.side), Array(repeating: "all", count: 5))
  }

  func smallFit(threads: Int, checkpoint: URL?) throws -> FitReport {
    let graph = try AbcFixtures.randomGraph(nodes: 120, named: 3, sides: 3, seed: 3)
    let truth = try Bass(graph: graph, p: 0.05, q: 0.3)
    let observed = try AbcFixtures.simulatedData(model: truth, graph: graph, periods: 6, seed: 4)
    let spec = AbcFitSpec(
      model: "bass", name: "net",
      parameters: [
        .init(name: "p", prior: try Prior(distribution: .beta(a: 1, b: 9), lower: 0, upper: 1)),
        .init(name: "q", prior: try Prior(distribution: .normal(mu: 0.3, sigma: 0.5), lower: 0, upper: 1)),
      ],
      particles: 60, generations: 4, minAcceptance: 0.01, replicates: 2, distance: .rmseSides, predictiveDraws: 30)
    return try AbcCalibration.fit(
      spec: spec, graph: graph, observed: observed, seed: 99, threads: threads, progress: nil, checkpoint: checkpoint)
  }

  func testSameResultForAnyThreadCount() throws {
    let one = try smallFit(threads: 1, checkpoint: nil)
    for threads in [2, 3] { XCTAssertEqual(try smallFit(threads: threads, checkpoint: nil), one, "threads \(threads)") }
  }

  func testResumingFromACheckpointGivesTheSameResult() throws {
    let whole = try smallFit(threads: 2, checkpoint: nil)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("abc-ckpt-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    XCTAssertEqual(try smallFit(threads: 2, checkpoint: folder), whole)
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    XCTAssertEqual(files.count, whole.generations.count)
    // Interrupted after generation 1: the later generations' files are lost.
    for name in files where !name.hasSuffix("generation-0.json") && !name.hasSuffix("generation-1.json") {
      try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
    }
    XCTAssertEqual(try smallFit(threads: 3, checkpoint: folder), whole)
    // Finished: resuming again runs no generation and still gives the same report.
    XCTAssertEqual(try smallFit(threads: 1, checkpoint: folder), whole)
  }

  func testKernelFactorReproducesTheCovarianceAndItsInverse() {
    var rng = SystemRandomNumberGenerator()
    for _ in 0..<100 {
      let d = Int.random(in: 1...5, using: &rng)
      let m = (0..<(d * d)).map { _ in Double.random(in: -1...1, using: &rng) }
      var cov = [Double](repeating: 0, count: d * d)
      for i in 0..<d { for j in 0..<d { for k in 0..<d { cov[i * d + j] += m[i * d + k] * m[j * d + k] } } }
      for i in 0..<d { cov[i * d + i] += 0.1 }
      let kernel = AbcKernel(covariance: cov, dimension: d)
      // L Lᵀ = Σ
      for i in 0..<d {
        for j in 0..<d {
          var s = 0.0
          for k in 0..<d { s += kernel.factor[i * d + k] * kernel.factor[j * d + k] }
          XCTAssertEqual(s, cov[i * d + j], accuracy: 1e-9)
        }
      }
      // ‖L⁻¹ L z‖² = ‖z‖²
      let z = (0..<d).map { _ in Double.random(in: -2...2, using: &rng) }
      var x = [Double](repeating: 0, count: d)
      kernel.perturb(&x, normals: z)
      XCTAssertEqual(kernel.mahalanobisSquared(&x), z.reduce(0) { $0 + $1 * $1 }, accuracy: 1e-8)
    }
  }
}

/// Any registry model can be calibrated: the cascade and threshold models with seed nodes, the
/// external-influence models without.
final class AbcModelCoverageTests: XCTestCase {
  func testEveryKindOfModelCalibrates() throws {
    let graph = try AbcFixtures.randomGraph(nodes: 80, named: 3, sides: 2, seed: 12)
    let observed = try AbcFixtures.simulatedData(
      model: try Bass(graph: graph, p: 0.05, q: 0.3), graph: graph, periods: 6, seed: 13)
    let unit = try Prior(distribution: .uniform(a: 0, b: 1), lower: 0, upper: 1)
    let small = try Prior(distribution: .beta(a: 1, b: 10), lower: 0, upper: 1)
    let cases: [(String, [String: Double], [(String, Prior)], Int)] = [
      ("ic", [:], [("p", unit)], 2),
      ("goldenberg", [:], [("alpha", small), ("beta_w", unit)], 0),
      ("wom", [:], [("p", small), ("q", unit)], 0),
      ("threshold", [:], [("phi", unit)], 3),
      ("lt", [:], [], 2),
    ]
    for (model, fixed, priors, seeds) in cases where !priors.isEmpty {
      let spec = AbcFitSpec(
        model: model, fixed: fixed, parameters: priors.map { .init(name: $0.0, prior: $0.1) }, particles: 30,
        generations: 3, minAcceptance: 0.01, replicates: 1, predictiveDraws: 10, seeds: seeds)
      let report = try AbcCalibration.fit(
        spec: spec, graph: graph, observed: observed, seed: 1, threads: 2, progress: nil, checkpoint: nil)
      XCTAssertEqual(report.posterior.count, 30, model)
      XCTAssertTrue(report.summary.rmse!.isFinite && report.summary.rmse! < 1, model)
      XCTAssertEqual(report.estimates.map(\.parameter), priors.map(\.0), model)
    }
    // A spec the model refuses is an error before any simulation.
    let bad = AbcFitSpec(model: "ic", fixed: ["q": 0.1], parameters: [.init(name: "p", prior: unit)])
    XCTAssertThrowsError(
      try AbcCalibration.fit(
        spec: bad, graph: graph, observed: observed, seed: 1, threads: 1, progress: nil, checkpoint: nil))
    // A required parameter neither fixed nor given a prior is refused before simulating.
    let missing = AbcFitSpec(model: "bass", parameters: [.init(name: "p", prior: unit)])
    XCTAssertThrowsError(
      try AbcCalibration.fit(
        spec: missing, graph: graph, observed: observed, seed: 1, threads: 1, progress: nil, checkpoint: nil)
    ) { XCTAssertTrue("\($0)".contains("'q'") && !"\($0)".contains("prior draws"), "\($0)") }
    // A combination no draw can satisfy names the model's reason.
    let both = AbcFitSpec(model: "threshold", fixed: ["theta": 1], parameters: [.init(name: "phi", prior: unit)])
    XCTAssertThrowsError(
      try AbcCalibration.fit(
        spec: both, graph: graph, observed: observed, seed: 1, threads: 1, progress: nil, checkpoint: nil)
    ) { XCTAssertTrue("\($0)".contains("exactly one of theta"), "\($0)") }
  }
}
