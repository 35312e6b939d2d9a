import BocaGraph
import BocaRandom
import XCTest

@testable import BocaSeeding

/// Policies on graphs small enough that the right answer is known exactly.
///
/// Tolerances: PageRank iterates until the L1 change is below 10⁻¹⁰, which bounds the L1 error by
/// 10⁻¹⁰·d/(1 − d) ≈ 5.7·10⁻¹⁰; the checks allow 10⁻⁹. Everything else is integer-exact.
final class ExactPolicyTests: XCTestCase {
  func graph(_ n: Int, _ edges: [(UInt32, UInt32)], directed: Bool = false, sides: [UInt16]? = nil) throws
    -> MultiplexGraph
  {
    var g = MultiplexGraph(
      nodeCount: n, sideNames: sides == nil ? [] : (0...Int(sides!.max()!)).map { "s\($0)" }, nodeSide: sides)
    try g.addLayer(name: "l", directed: directed, sources: edges.map(\.0), targets: edges.map(\.1))
    return g
  }

  let rng = try! RandomGenerator(seed: 7)

  /// A directed 3-cycle is regular: PageRank is 1/3 everywhere.
  func testPageRankOfDirectedThreeCycleIsUniform() throws {
    let g = try graph(3, [(0, 1), (1, 2), (2, 0)], directed: true)
    for value in try PageRankSeeding().scores(graph: g) { XCTAssertEqual(value, 1.0 / 3, accuracy: 1e-9) }
  }

  /// Undirected star, centre 0 and L leaves (n = L + 1): solving
  /// PR_c = (1−d)/n + d·L·PR_leaf and PR_leaf = (1−d)/n + d·PR_c/L gives
  /// PR_c = (1 + dL)/(n(1 + d)), PR_leaf = (1 − PR_c)/L.
  func testPageRankOfStarMatchesClosedForm() throws {
    let leaves = 6
    let g = try graph(leaves + 1, (1...leaves).map { (0, UInt32($0)) })
    let d = 0.85
    let n = Double(leaves + 1)
    let centre = (1 + d * Double(leaves)) / (n * (1 + d))
    let scores = try PageRankSeeding().scores(graph: g)
    XCTAssertEqual(scores[0], centre, accuracy: 1e-9)
    for leaf in 1...leaves { XCTAssertEqual(scores[leaf], (1 - centre) / Double(leaves), accuracy: 1e-9) }
    XCTAssertEqual(try PageRankSeeding().select(k: 2, graph: g, candidates: nil, rng: rng), [0, 1], "ties by lower id")
  }

  /// A dangling node (no out-edge) spreads its rank uniformly: on 0 → 1 alone,
  /// PR_0 = (1−d)/2 + d·PR_1/2 with PR_1 = 1 − PR_0, so PR_0 = 1/(2 + d), PR_1 = (1 + d)/(2 + d).
  func testPageRankRedistributesDanglingRank() throws {
    let g = try graph(2, [(0, 1)], directed: true)
    let scores = try PageRankSeeding().scores(graph: g)
    XCTAssertEqual(scores[0], 1 / 2.85, accuracy: 1e-9)
    XCTAssertEqual(scores[1], 1.85 / 2.85, accuracy: 1e-9)
  }

  /// A 4-clique {0,1,2,3} (core 3), a triangle {4,5,6} (core 2) hanging off node 3, and a path
  /// 6–7–8 (core 1). Ties within the clique go to the higher degree (node 3 has the bridge).
  func testKCoreNumbersAndOrder() throws {
    let edges: [(UInt32, UInt32)] = [
      (0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3), (3, 4), (4, 5), (5, 6), (4, 6), (6, 7), (7, 8),
    ]
    let g = try graph(9, edges)
    let simple = KCoreSeeding.simpleGraph(graph: g, layers: [0])
    XCTAssertEqual(KCoreSeeding.coreNumbers(simple), [3, 3, 3, 3, 2, 2, 2, 1, 1])
    XCTAssertEqual(try KCoreSeeding().select(k: 6, graph: g, candidates: nil, rng: rng), [3, 0, 1, 2, 4, 6])
  }

  /// Core numbers ignore direction and merge layers: a directed 3-cycle on one layer plus its
  /// reverse on another is still a triangle (core 2, degree 2), not a multigraph.
  func testKCoreMergesDirectionsAndLayers() throws {
    var g = try graph(3, [(0, 1), (1, 2), (2, 0)], directed: true)
    try g.addLayer(name: "back", directed: true, sources: [1, 2, 0], targets: [0, 1, 2])
    XCTAssertEqual(KCoreSeeding.coreNumbers(KCoreSeeding.simpleGraph(graph: g, layers: [0, 1])), [2, 2, 2])
  }

  /// Two stars: centre 0 with leaves 1…5 and node 6, which itself has leaves 7…10; a separate
  /// star 11 with leaves 12…15. Degrees: d_0 = 6, d_6 = 5, d_11 = 4. After 0 is chosen,
  /// degree discount gives dd_6 = 5 − 2 − (5 − 1)·1·p = 3 − 4p < 4 = dd_11, so it picks 11;
  /// degree picks 6; single discount leaves 6 at 5 − 1 = 4 = d_11 and the tie goes to 6.
  func testDegreeDiscountAvoidsTheSeedsNeighbour() throws {
    var edges: [(UInt32, UInt32)] = (1...5).map { (0, UInt32($0)) } + [(0, 6)] + (7...10).map { (6, UInt32($0)) }
    edges += (12...15).map { (11, UInt32($0)) }
    let g = try graph(16, edges)
    let p = 0.1
    XCTAssertEqual(DegreeDiscountSeeding.discountedDegree(d: 5, t: 1, p: p), 3 - 4 * p, accuracy: 1e-15)
    XCTAssertEqual(try DegreeDiscountSeeding(p: p).select(k: 2, graph: g, candidates: nil, rng: rng), [0, 11])
    XCTAssertEqual(try DegreeSeeding().select(k: 2, graph: g, candidates: nil, rng: rng), [0, 6])
    XCTAssertEqual(try SingleDiscountSeeding().select(k: 2, graph: g, candidates: nil, rng: rng), [0, 6])
    // A star alone: the centre, then leaves by id (each leaf: dd = 1 − 2 − 0 = −1, all tied).
    let star = try graph(5, (1...4).map { (0, UInt32($0)) })
    XCTAssertEqual(try DegreeDiscountSeeding(p: p).select(k: 3, graph: star, candidates: nil, rng: rng), [0, 1, 2])
  }

  /// Degree directions on a directed graph: 0 → 1, 0 → 2, 3 → 2, 1 → 2.
  func testDegreeDirections() throws {
    let g = try graph(4, [(0, 1), (0, 2), (3, 2), (1, 2)], directed: true)
    XCTAssertEqual(DegreeSeeding.degrees(graph: g, layers: [0], direction: .out), [2, 1, 0, 1])
    XCTAssertEqual(DegreeSeeding.degrees(graph: g, layers: [0], direction: .in), [0, 1, 3, 0])
    XCTAssertEqual(DegreeSeeding.degrees(graph: g, layers: [0], direction: .total), [2, 2, 3, 1])
    XCTAssertEqual(try DegreeSeeding(direction: .in).select(k: 1, graph: g, candidates: nil, rng: rng), [2])
  }

  /// Candidates restrict the choice (seeding within a side); too large a k is an error.
  func testCandidatesRestrictTheChoice() throws {
    let g = try graph(16, (1...5).map { (0, UInt32($0)) } + (7...10).map { (6, UInt32($0)) })
    XCTAssertEqual(try DegreeSeeding().select(k: 2, graph: g, candidates: [6, 7, 8], rng: rng), [6, 7])
    XCTAssertThrowsError(try DegreeSeeding().select(k: 4, graph: g, candidates: [6, 7, 8], rng: rng)) { error in
      XCTAssertEqual(error as? SeedingError, .tooManySeeds(k: 4, available: 3))
    }
  }

  /// Three sides of sizes 5, 3 and 2 (side 1 the largest): round-robin by size, highest degree
  /// first within a side.
  func testDiverseDealsRoundRobinByBlockSize() throws {
    let sides: [UInt16] = [0, 0, 1, 1, 1, 1, 1, 2, 2, 0]
    // Degrees: node 2 → 3 edges, node 5 → 2; node 0 → 1; node 7 → 1.
    let g = try graph(10, [(2, 3), (2, 4), (2, 9), (5, 6), (5, 8), (0, 1), (7, 8)], sides: sides)
    let degree = DegreeSeeding.degrees(graph: g, layers: [0], direction: .out)
    XCTAssertEqual(degree, [1, 1, 3, 1, 1, 2, 1, 1, 2, 1])
    // Side 1 (5 nodes): 2, then 5; side 0 (3 nodes): 0; side 2 (2 nodes): 8 (degree 2).
    XCTAssertEqual(try DiverseSeeding().select(k: 4, graph: g, candidates: nil, rng: rng), [2, 0, 8, 5])
  }

  /// Random seeding: k distinct candidates, the same for the same generator seed.
  func testRandomIsDistinctWithinCandidatesAndReproducible() throws {
    let g = try graph(100, [(0, 1)])
    let pool = (0..<50).map { UInt32($0 * 2) }
    let a = try RandomSeeding().select(k: 20, graph: g, candidates: pool, rng: try RandomGenerator(seed: 3))
    let b = try RandomSeeding().select(k: 20, graph: g, candidates: pool, rng: try RandomGenerator(seed: 3))
    XCTAssertEqual(a, b)
    XCTAssertEqual(Set(a).count, 20)
    XCTAssertTrue(a.allSatisfy { $0 % 2 == 0 })
  }

  /// The registry knows exactly the scripted names and asks for p where needed.
  func testRegistryNamesAndMissingP() throws {
    XCTAssertEqual(
      SeedingRegistry.names,
      ["random", "degree", "pagerank", "kcore", "single-discount", "degree-discount", "celf", "imm", "diverse"])
    XCTAssertThrowsError(try SeedingRegistry.make("degree-discount", options: SeedingOptions())) { error in
      guard case .invalidParameter(_, let key, _, _) = error as? SeedingError else { return XCTFail("\(error)") }
      XCTAssertEqual(key, "p")
    }
    XCTAssertThrowsError(try SeedingRegistry.make("nope", options: SeedingOptions())) { error in
      XCTAssertEqual(error as? SeedingError, .unknownPolicy("nope", known: SeedingRegistry.names))
    }
  }
}
