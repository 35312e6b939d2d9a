import BocaGraph
import BocaModels
import BocaRandom
import XCTest

@testable import BocaSeeding

/// Seed sets judged by what they are for: their IC spread, estimated with BocaModels'
/// ``IndependentCascade`` over R replicates whose seeds are the same for every policy (paired
/// comparisons, common random numbers). A difference is called significant when its paired 95%
/// confidence interval, mean ± 1.96·SE of the per-replicate differences, lies above zero.
final class SpreadComparisonTests: XCTestCase {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  /// On BA n = 1000, m = 3, IC p = 0.1, k = 5: IMM (ε = 0.1) comes within ε of CELF (R = 500).
  ///
  /// Tolerance: both are greedy maximisers of unbiased spread estimates of the same monotone
  /// submodular σ, so neither is guaranteed to beat the other. IMM's 2015 θ makes n·F_R(S)
  /// within a relative ε of σ(S) for the sets greedy considers (Tang et al. 2015, Lemmas 3 and 6),
  /// so its choice loses at most a relative ε against any set greedy on exact σ would pick. The
  /// certified schedule stops once its seeds cover ≥ 10⁴ sets of R₂, where n·F_R(S) is within
  /// 2% (1.96/√10⁴) of σ(S) — inside the same ε. The check, for both schedules, is
  /// σ(IMM) ≥ (1 − ε)·σ(CELF) − 4·SE of the paired difference (Monte Carlo error of the
  /// evaluation, 20,000 paired replicates).
  func testIMMIsWithinEpsilonOfCELF() throws {
    let g = try barabasiAlbert(n: 1000, m: 3, seed: 5)
    let p = 0.1
    let epsilon = 0.1
    let celf = try CELFGreedy(parameters: ModelParameters(values: ["p": p]), replicates: 500)
      .select(k: 5, graph: g, candidates: nil, rng: try RandomGenerator(seed: 11))
    XCTAssertEqual(Set(celf).count, 5)
    let b = try spreads(celf, graph: g, p: p, replicates: 20_000)
    for schedule in IMMSeeding.Schedule.allCases {
      let imm = try IMMSeeding(p: p, epsilon: epsilon, schedule: schedule).select(
        k: 5, graph: g, candidates: nil, rng: try RandomGenerator(seed: 11))
      XCTAssertEqual(Set(imm).count, 5)
      let a = try spreads(imm, graph: g, p: p, replicates: 20_000)
      let (mi, mc) = (meanSE(a).mean, meanSE(b).mean)
      let d = paired(a, b)
      XCTAssertGreaterThanOrEqual(mi, (1 - epsilon) * mc - 4 * d.se, "IMM (\(schedule)) \(mi) vs CELF \(mc)")
      print("BA1000 k=5: imm (\(schedule))=\(mi) celf=\(mc) paired difference \(d.mean) ± \(1.96 * d.se)")
    }
  }

  /// The peer benchmark's BA graph (n = 10,000, m = 3), IC p = 0.1, k = 20: every policy beats
  /// random significantly (paired 95% CI above zero), and CELF (R = 100 live-edge replicates) and
  /// IMM (ε = 0.1) reach at least 97% of the better of degree and degree discount.
  ///
  /// Tolerance: 3% is the brief's margin (reference here: degree 970, degree discount 978, Monte
  /// Carlo greedy 965); the evaluation's own error is subtracted as 4·SE of the paired
  /// difference (2,000 replicates; SE ≈ 1–2 nodes, i.e. 0.2%).
  func testEveryPolicyBeatsRandomAndGreedyMatchesTheHeuristicsOnBA10k() throws {
    let url = Self.fixtures.appendingPathComponent("peers/ba_10000_3_seed1.edges")
    let g = try EdgeListReader.read(path: url.path, directed: false).graph
    let p = 0.1
    let k = 20
    var options = SeedingOptions()
    options.p = p
    options.replicates = 100
    var seedSets: [String: [UInt32]] = [:]
    for name in SeedingRegistry.names {
      let policy = try SeedingRegistry.make(name, options: options)
      seedSets[name] = try policy.select(k: k, graph: g, candidates: nil, rng: try RandomGenerator(seed: 3))
      XCTAssertEqual(Set(seedSets[name]!).count, k, name)
    }
    let replicates = 2_000
    var values: [String: [Double]] = [:]
    for (name, seeds) in seedSets { values[name] = try spreads(seeds, graph: g, p: p, replicates: replicates) }
    let means = values.mapValues { meanSE($0).mean }
    for name in SeedingRegistry.names where name != "random" {
      let d = paired(values[name]!, values["random"]!)
      XCTAssertGreaterThan(d.mean - 1.96 * d.se, 0, "\(name) \(means[name]!) vs random \(means["random"]!)")
    }
    let best = means["degree"]! >= means["degree-discount"]! ? "degree" : "degree-discount"
    for name in ["celf", "imm"] {
      let d = paired(values[name]!, values[best]!)
      XCTAssertGreaterThanOrEqual(
        means[name]!, 0.97 * means[best]! - 4 * d.se, "\(name) \(means[name]!) vs \(best) \(means[best]!)")
    }
    print(
      "BA10k k=20 spreads:", SeedingRegistry.names.map { "\($0)=\(Int(means[$0]!.rounded()))" }.joined(separator: " "))
  }

  /// A graph where degree is redundant: a 60-clique (degree 59) and ten communities of 100 nodes
  /// with internal edge probability 0.25 (degree ≈ 25), joined by sparse edges (p = 0.001). With
  /// IC p = 0.05 one seed in the clique activates nearly all of it (branching 59·0.05 ≈ 3), so
  /// extra clique seeds add little, while a seed in a community (branching ≈ 1.25) adds a share of
  /// it. Degree puts all k = 10 seeds in the clique and degree discount several; IMM and CELF
  /// spread them, and beat both by a paired 95% CI above zero (10,000 replicates).
  func testGreedyBeatsDegreeWhenHubsShareOneCommunity() throws {
    let blocks = 11
    var matrix = [[Double]](repeating: [Double](repeating: 0.001, count: blocks), count: blocks)
    matrix[0][0] = 1
    for b in 1..<blocks { matrix[b][b] = 0.25 }
    let (edges, blockOf) = try Generators.stochasticBlockModel(
      blockCounts: [60] + [Int](repeating: 100, count: blocks - 1), probabilities: matrix,
      rng: try RandomGenerator(seed: 9))
    var g = MultiplexGraph(nodeCount: blockOf.count)
    try edges.addLayer(to: &g, name: "sbm")
    let p = 0.05
    let k = 10
    let degree = try DegreeSeeding().select(k: k, graph: g, candidates: nil, rng: try RandomGenerator(seed: 1))
    XCTAssertTrue(degree.allSatisfy { blockOf[Int($0)] == 0 }, "the top-degree nodes are the clique")
    let discount = try DegreeDiscountSeeding(p: p).select(
      k: k, graph: g, candidates: nil, rng: try RandomGenerator(seed: 1))
    let imm = try IMMSeeding(p: p).select(k: k, graph: g, candidates: nil, rng: try RandomGenerator(seed: 1))
    let celf = try CELFGreedy(parameters: ModelParameters(values: ["p": p]), replicates: 300)
      .select(k: k, graph: g, candidates: nil, rng: try RandomGenerator(seed: 1))
    let replicates = 10_000
    let values = try [degree, discount, imm, celf].map { try spreads($0, graph: g, p: p, replicates: replicates) }
    for (i, name) in ["imm", "celf"].enumerated() {
      for (j, rival) in ["degree", "degree-discount"].enumerated() {
        let d = paired(values[2 + i], values[j])
        XCTAssertGreaterThan(d.mean - 1.96 * d.se, 0, "\(name) vs \(rival): \(d.mean) ± \(1.96 * d.se)")
      }
    }
    print(
      "clique+communities k=10:",
      zip(["degree", "degree-discount", "imm", "celf"], values).map { "\($0)=\(meanSE($1).mean)" })
  }
}
