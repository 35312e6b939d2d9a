import BocaGraph
import BocaRandom
import XCTest

@testable import BocaModels

/// IC against cynetdiff's figures on the peer benchmark's BA graph (n = 10,000, m = 3, seed 1),
/// same seed nodes and p.
///
/// Tolerance |z| < 4: z is the difference of two independent sample means over its standard
/// error (the peer README's statistic); under agreement z ≈ N(0, 1), so |z| ≥ 4 has probability
/// 6·10⁻⁵. The README recommends this family-wise threshold because spread distributions are
/// heavy-tailed and bimodal. 20,000 replicates make the test sensitive to a bias of about
/// 4·√(415²/20000 + 415²/10000) ≈ 20 nodes (5% of the mean).
final class IndependentCascadePeerTests: XCTestCase {
  func testICAgreesWithCynetdiffOnBA10k() throws {
    let row = try PeerFixtures.row("a2_ba10k_ic_p0.1.csv", tool: "cynetdiff", model: "IC")
    let (graph, _) = try EdgeListReader.read(path: PeerFixtures.graphPath, directed: false)
    XCTAssertEqual(graph.nodeCount, 10_000)
    XCTAssertEqual(graph.edgeCount, 29_991)
    let p = try XCTUnwrap(row.parameter("p"))
    let model = try IndependentCascade(graph: graph, p: p)
    let seeds = graph.internalIDs(of: row.seedNodes).map { $0! }
    let (mean, sd, z) = try PeerFixtures.agreement(of: model, seeds: seeds, replicates: 20_000, root: 7, against: row)
    XCTAssertLessThan(abs(z), 4, "Boca mean \(mean) sd \(sd) vs cynetdiff \(row.mean) sd \(row.sd): z = \(z)")
  }
}
