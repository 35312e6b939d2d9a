import BocaGraph
import BocaModels
import BocaRandom
import XCTest

@testable import BocaCalibration

/// Posterior concentration: adoption simulated from known p, q on networks of growing size; as
/// the data grow the 95% credible intervals shrink and cover the truth.
final class AbcRecoveryTests: XCTestCase {
  func testPosteriorConcentratesOnTheTruthAsTheNetworkGrows() throws {
    let (p, q) = (0.02, 0.4)
    let uniform = try Prior(distribution: .uniform(a: 0, b: 1), lower: 0, upper: 1)
    var widths: [[Double]] = []
    for (n, seed) in [(100, UInt32(31)), (400, 32), (1600, 33)] {
      let graph = try AbcFixtures.randomGraph(nodes: n, named: 4, sides: 2, seed: seed)
      let observed = try AbcFixtures.simulatedData(
        model: try Bass(graph: graph, p: p, q: q), graph: graph, periods: 12, seed: seed + 100)
      let spec = AbcFitSpec(
        model: "bass", parameters: [.init(name: "p", prior: uniform), .init(name: "q", prior: uniform)],
        particles: 200, generations: 20, minAcceptance: 0.03, quantile: 0.5, replicates: 2, predictiveDraws: 20)
      let report = try AbcCalibration.fit(
        spec: spec, graph: graph, observed: observed, seed: UInt64(seed), threads: 2, progress: nil, checkpoint: nil)
      for (e, truth) in zip(report.estimates, [p, q]) {
        XCTAssertTrue(
          e.ciLow! <= truth && truth <= e.ciHigh!, "n \(n): \(e.parameter) [\(e.ciLow!), \(e.ciHigh!)] misses \(truth)")
      }
      widths.append(report.estimates.map { $0.ciHigh! - $0.ciLow! })
    }
    // 16× the nodes: the intervals shrink (by about 4× in the limit; at least 2× asked).
    for k in 0..<2 {
      XCTAssertLessThan(widths[2][k], widths[0][k] / 2, "parameter \(k): widths \(widths.map { $0[k] })")
      XCTAssertLessThan(widths[1][k], widths[0][k], "parameter \(k): widths \(widths.map { $0[k] })")
    }
  }
}
