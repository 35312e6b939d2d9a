import BocaRandom
import XCTest

@testable import BocaGraph

/// Generators for multi-sided and multiplex graphs: the stochastic block model over sides, the
/// bipartite configuration model, and overlapping layers.
final class GeneratorSidedTests: XCTestCase {
  // MARK: Stochastic block model

  /// Edges and candidate pairs per block pair (a, b), a ≤ b when undirected.
  private func blockCounts(_ edges: EdgeSet, blockOf: [UInt16], sizes: [Int]) -> (edges: [[Int]], pairs: [[Int]]) {
    let b = sizes.count
    var counts = [[Int]](repeating: [Int](repeating: 0, count: b), count: b)
    for i in 0..<edges.count {
      var x = Int(blockOf[Int(edges.sources[i])])
      var y = Int(blockOf[Int(edges.targets[i])])
      if !edges.directed && x > y { swap(&x, &y) }
      counts[x][y] += 1
    }
    var pairs = [[Int]](repeating: [Int](repeating: 0, count: b), count: b)
    for x in 0..<b {
      for y in 0..<b {
        let within = edges.directed ? sizes[x] * (sizes[x] - 1) : sizes[x] * (sizes[x] - 1) / 2
        pairs[x][y] = x == y ? within : sizes[x] * sizes[y]
      }
    }
    return (counts, pairs)
  }

  func testStochasticBlockModelBlockDensities() throws {
    let sizes = [300, 500, 200]
    let probabilities = [[0.05, 0.01, 0.002], [0.01, 0.03, 0.02], [0.002, 0.02, 0.1]]
    for directed in [false, true] {
      // The directed case may be asymmetric: make [0][1] differ from [1][0].
      var matrix = probabilities
      if directed { matrix[0][1] = 0.004 }
      let (edges, blockOf) = try Generators.stochasticBlockModel(
        blockCounts: sizes, probabilities: matrix, directed: directed, rng: try makeRNG(51))
      XCTAssertEqual(blockOf.count, 1000)
      XCTAssertEqual(blockOf[299], 0)
      XCTAssertEqual(blockOf[300], 1)
      try assertSimple(edges)
      let (counts, pairs) = blockCounts(edges, blockOf: blockOf, sizes: sizes)
      for a in 0..<3 {
        for b in (directed ? 0 : a)..<3 {
          // Edges in block pair (a, b) are Binomial(N_ab, p_ab): the density has
          // SE = √(p(1−p)/N_ab) (from 0.0003 to 0.003 here); allow 4.5 SE.
          let p = matrix[a][b]
          let n = Double(pairs[a][b])
          let density = Double(counts[a][b]) / n
          XCTAssertEqual(
            density, p, accuracy: 4.5 * (p * (1 - p) / n).squareRoot(),
            "density of block pair (\(a), \(b)), directed: \(directed)")
        }
      }
    }
  }

  func testStochasticBlockModelUsesTheGraphSidesAndChecksTheMatrix() throws {
    let rng = try makeRNG(52)
    // Sides interleaved: block membership comes from blockOf, not from id ranges.
    let blockOf = (0..<400).map { UInt16($0 % 2) }
    let edges = try Generators.stochasticBlockModel(blockOf: blockOf, probabilities: [[0, 1], [1, 0]], rng: rng)
    // p = 1 across, 0 within: the complete bipartite graph between even and odd ids.
    XCTAssertEqual(edges.count, 200 * 200)
    XCTAssertTrue((0..<edges.count).allSatisfy { blockOf[Int(edges.sources[$0])] != blockOf[Int(edges.targets[$0])] })
    XCTAssertInvalidGraphParameter(
      try Generators.stochasticBlockModel(blockOf: blockOf, probabilities: [[0.1, 0.2], [0.3, 0.1]], rng: rng),
      saying: "stochasticBlockModel: an undirected graph needs a symmetric mixing matrix")
    XCTAssertInvalidGraphParameter(
      try Generators.stochasticBlockModel(blockOf: blockOf, probabilities: [[0.1]], rng: rng),
      saying: "stochasticBlockModel: node 1 is in block 1 but the mixing matrix has 1 blocks")
    XCTAssertInvalidGraphParameter(
      try Generators.stochasticBlockModel(blockOf: blockOf, probabilities: [[0.1, 1.2], [1.2, 0.1]], rng: rng),
      saying: "stochasticBlockModel: expected probabilities in [0, 1], found 1.2 at [0][1]")
    XCTAssertInvalidGraphParameter(
      try Generators.stochasticBlockModel(blockOf: blockOf, probabilities: [[0.1, 0.2], [0.2]], rng: rng),
      saying: "stochasticBlockModel: expected a 2 × 2 mixing matrix")
    // Asymmetric is fine when directed.
    XCTAssertNoThrow(
      try Generators.stochasticBlockModel(
        blockOf: blockOf, probabilities: [[0.1, 0.2], [0.3, 0.1]], directed: true, rng: rng))
  }

  // MARK: Bipartite configuration model

  func testBipartiteConfigurationPreservesDegreeSequences() throws {
    let rng = try makeRNG(61)
    let (degreesA, degreesB) = try Generators.bipartiteDegreeSequences(
      countA: 2000, countB: 4000, distributionA: .poisson(mu: 6), distributionB: .poisson(mu: 3), rng: rng)
    let stubs = degreesA.reduce(0, +)
    XCTAssertEqual(stubs, degreesB.reduce(0, +), "the helper makes the sums equal")
    // Σ k_A ≈ 12,000 with SE √12,000 ≈ 110 for each side, so the difference (absorbed by one
    // side) is a few hundred at most; allow 4.5 SE of a difference of two such sums.
    XCTAssertEqual(Double(stubs), 12_000, accuracy: 4.5 * (2 * 12_000.0).squareRoot())

    // Multi-edges kept: both degree sequences come out exactly.
    let kept = try Generators.bipartiteConfiguration(
      degreesA: degreesA, degreesB: degreesB, keepMultiEdges: true, rng: rng)
    XCTAssertEqual(kept.collapsedMultiEdges, 0)
    XCTAssertEqual(kept.edges.degrees(), degreesA + degreesB)

    // Multi-edges collapsed: every realised degree is at most the requested one, the shortfall on
    // each side adds up to the collapsed count, and the result is simple.
    let result = try Generators.bipartiteConfiguration(degreesA: degreesA, degreesB: degreesB, rng: rng)
    let realised = result.edges.degrees()
    try assertSimple(result.edges)
    XCTAssertEqual(result.edges.count + result.collapsedMultiEdges, stubs)
    XCTAssertTrue(zip(realised, degreesA + degreesB).allSatisfy { $0 <= $1 })
    let shortfallA = zip(realised.prefix(2000), degreesA).reduce(0) { $0 + $1.1 - $1.0 }
    let shortfallB = zip(realised.suffix(4000), degreesB).reduce(0) { $0 + $1.1 - $1.0 }
    XCTAssertEqual(shortfallA, result.collapsedMultiEdges)
    XCTAssertEqual(shortfallB, result.collapsedMultiEdges)
    // Every edge joins side A (ids < 2000) to side B (ids ≥ 2000).
    XCTAssertTrue(result.edges.sources.allSatisfy { $0 < 2000 })
    XCTAssertTrue(result.edges.targets.allSatisfy { $0 >= 2000 && $0 < 6000 })
    XCTAssertEqual(result.nodeSide.count, 6000)
    // The expected number of repeats is about Σ k_A(k_A−1) · Σ k_B(k_B−1) / (2 m²) (≈ 9 here,
    // from the Poisson number of stub pairs each A–B pair receives); the count is roughly
    // Poisson, so allow 4.5 √E + 2.
    let sumA = degreesA.reduce(0.0) { $0 + Double($1 * ($1 - 1)) }
    let sumB = degreesB.reduce(0.0) { $0 + Double($1 * ($1 - 1)) }
    let expected = sumA * sumB / (2 * Double(stubs) * Double(stubs))
    XCTAssertEqual(
      Double(result.collapsedMultiEdges), expected, accuracy: 4.5 * expected.squareRoot() + 2,
      "collapsed multi-edges \(result.collapsedMultiEdges), expected about \(expected)")
  }

  func testBipartiteConfigurationRejectsUnequalSums() throws {
    let rng = try makeRNG(62)
    XCTAssertInvalidGraphParameter(
      try Generators.bipartiteConfiguration(degreesA: [2, 2], degreesB: [1, 1, 1], rng: rng),
      saying:
        "bipartiteConfiguration: expected the degree sums of both sides to be equal, found 4 on side A and 3 on side B")
    XCTAssertInvalidGraphParameter(
      try Generators.bipartiteConfiguration(degreesA: [-1, 2], degreesB: [1], rng: rng),
      saying: "bipartiteConfiguration: expected degrees ≥ 0, found -1 for A node 0")
    // One stub each side: a single edge 0 – 1.
    let single = try Generators.bipartiteConfiguration(degreesA: [1], degreesB: [1], rng: rng)
    XCTAssertEqual(single.edges.sources, [0])
    XCTAssertEqual(single.edges.targets, [1])
  }

  // MARK: Overlapping layers

  /// |L ∩ B| for two edge sets over the same nodes.
  private func sharedCount(_ layer: EdgeSet, _ base: EdgeSet) -> Int {
    var keys = Set<UInt64>(minimumCapacity: base.count)
    for i in 0..<base.count { keys.insert(base.key(i)) }
    return (0..<layer.count).filter { keys.contains(layer.key($0)) }.count
  }

  func testOverlappingLayerSharesTheRequestedFraction() throws {
    let rng = try makeRNG(71)
    let n = 2000
    let base = try Generators.erdosRenyi(n: n, p: 0.004, rng: rng)
    let b = base.count
    for overlap in [0.0, 0.3, 0.75, 1.0] {
      for useGenerator in [true, false] {
        let layer = try Generators.overlappingLayer(
          base: base, overlap: overlap, rng: rng,
          fresh: useGenerator ? { try Generators.wattsStrogatz(n: n, k: 8, p: 0.1, rng: $0) } : nil)
        try assertSimple(layer)
        // The rule: M = B edges, S = round(overlap·M) of them shared; measured exactly.
        XCTAssertEqual(layer.count, b)
        let shared = sharedCount(layer, base)
        XCTAssertEqual(shared, Int((overlap * Double(b)).rounded()))
        XCTAssertEqual(Double(shared) / Double(b), overlap, accuracy: 0.5 / Double(b))
        // Jaccard index S / (B + M − S) = overlap / (2 − overlap) when M = B.
        let jaccard = Double(shared) / Double(2 * b - shared)
        XCTAssertEqual(jaccard, overlap / (2 - overlap), accuracy: 1.0 / Double(b))
      }
    }
    // A larger new layer: S is counted against M, not B.
    let larger = try Generators.overlappingLayer(base: base, overlap: 0.2, edgeCount: 2 * b, rng: rng)
    XCTAssertEqual(larger.count, 2 * b)
    XCTAssertEqual(sharedCount(larger, base), Int((0.2 * Double(2 * b)).rounded()))
    XCTAssertInvalidGraphParameter(
      try Generators.overlappingLayer(base: base, overlap: 1.5, rng: rng),
      saying: "overlappingLayer: expected overlap in [0, 1], found 1.5")
    let tiny = try Generators.erdosRenyi(n: 4, p: 1, rng: rng)
    XCTAssertInvalidGraphParameter(
      try Generators.overlappingLayer(base: tiny, overlap: 0.5, rng: rng), saying: "overlappingLayer: ")
  }

  func testOverlappingLayersShareThroughTheFirstLayer() throws {
    let rng = try makeRNG(72)
    let n = 2000
    let overlap = 0.3
    let layers = try Generators.overlappingLayers(count: 3, overlap: overlap, rng: rng) {
      try Generators.erdosRenyi(n: n, p: 0.004, rng: $0)
    }
    XCTAssertEqual(layers.count, 3)
    let b = layers[0].count
    for layer in layers.dropFirst() {
      XCTAssertEqual(layer.count, b)
      XCTAssertEqual(sharedCount(layer, layers[0]), Int((overlap * Double(b)).rounded()))
    }
    // Layers 1 and 2 hold independent S-subsets of layer 0: the overlap is hypergeometric with
    // mean S²/B (a fraction overlap² = 0.09 of B) and SE ≈ √(S (S/B)(1 − S/B)²) ≈ 19 edges
    // (0.0024 of B); fresh–fresh coincidences add about F²/(n(n−1)/2) ≈ 16 edges (0.002).
    // Allow 0.012.
    let fraction = Double(sharedCount(layers[1], layers[2])) / Double(b)
    XCTAssertEqual(fraction, overlap * overlap, accuracy: 0.012, "layers 1 and 2 share \(fraction)")
  }
}
