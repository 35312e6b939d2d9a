import BocaRandom
import XCTest

@testable import BocaGraph

/// Erdős–Rényi, determinism of every generator, and ``GeneratorSpec`` parsing.
///
/// Statistical tolerances are stated next to each assertion, in standard errors (SE) of the
/// estimator; 4–5 SE keeps the false-alarm rate below 1e-4 per assertion, and the seeds are fixed,
/// so the tests are deterministic anyway.
final class GeneratorTests: XCTestCase {
  // MARK: Erdős–Rényi

  func testErdosRenyiMeanDegreeWithinFourStandardErrors() throws {
    let n = 2000
    let p = 0.005
    let edges = try Generators.erdosRenyi(n: n, p: p, rng: try makeRNG(11))
    try assertSimple(edges)
    // m ~ Binomial(N, p), N = n(n−1)/2, so the mean degree 2m/n has mean (n−1)p = 9.995 and
    // SE = (2/n)·√(N p (1−p)) ≈ 0.0998.
    let pairs = Double(n * (n - 1) / 2)
    let meanDegree = 2 * Double(edges.count) / Double(n)
    let se = 2 / Double(n) * (pairs * p * (1 - p)).squareRoot()
    XCTAssertEqual(meanDegree, Double(n - 1) * p, accuracy: 4 * se, "ER mean degree \(meanDegree)")
    // The degree variance is (n−1)p(1−p) ≈ 9.95; the sample variance of n nearly independent
    // degrees has relative SE ≈ √(2/n) ≈ 3.2%, so allow 15% (about 4.7 SE).
    let degrees = edges.degrees().map(Double.init)
    let mean = degrees.reduce(0, +) / Double(n)
    let variance = degrees.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
    XCTAssertEqual(variance, Double(n - 1) * p * (1 - p), accuracy: 0.15 * Double(n - 1) * p, "ER degree variance")
  }

  func testDirectedErdosRenyiMeanOutDegree() throws {
    let n = 1500
    let p = 0.004
    let edges = try Generators.erdosRenyi(n: n, p: p, directed: true, rng: try makeRNG(12))
    XCTAssertTrue(edges.directed)
    try assertSimple(edges)
    // m ~ Binomial(n(n−1), p): the mean out-degree m/n has mean (n−1)p = 5.996 and
    // SE = √(n(n−1)p(1−p))/n ≈ 0.063.
    let pairs = Double(n) * Double(n - 1)
    let se = (pairs * p * (1 - p)).squareRoot() / Double(n)
    XCTAssertEqual(Double(edges.count) / Double(n), Double(n - 1) * p, accuracy: 4 * se)
  }

  /// Geometric skipping must give every pair the same probability p, including the first and
  /// last pair of a row and of the whole layout (where an off-by-one would show).
  func testErdosRenyiEveryPairHasProbabilityP() throws {
    let rng = try makeRNG(13)
    let n = 30
    let p = 0.3
    let replicates = 2000
    for directed in [false, true] {
      var hits = [Int](repeating: 0, count: n * n)
      for _ in 0..<replicates {
        let edges = try Generators.erdosRenyi(n: n, p: p, directed: directed, rng: rng)
        for i in 0..<edges.count {
          let (u, v) = (Int(edges.sources[i]), Int(edges.targets[i]))
          hits[directed ? u * n + v : min(u, v) * n + max(u, v)] += 1
        }
      }
      // Each pair's frequency has SE √(p(1−p)/R) ≈ 0.0102; the largest deviation among 435 (or
      // 870) pairs is about 3.5 SE, so allow 5 SE ≈ 0.051.
      let tolerance = 5 * (p * (1 - p) / Double(replicates)).squareRoot()
      for u in 0..<n {
        for v in 0..<n where u != v && (directed || u < v) {
          let frequency = Double(hits[u * n + v]) / Double(replicates)
          XCTAssertEqual(frequency, p, accuracy: tolerance, "pair \(u)–\(v) (directed: \(directed))")
        }
        XCTAssertEqual(hits[u * n + u], 0, "self-loop at \(u)")
      }
    }
  }

  func testErdosRenyiExtremesAndErrors() throws {
    let rng = try makeRNG(14)
    XCTAssertEqual(try Generators.erdosRenyi(n: 50, p: 0, rng: rng).count, 0)
    let complete = try Generators.erdosRenyi(n: 50, p: 1, rng: rng)
    XCTAssertEqual(complete.count, 50 * 49 / 2)
    try assertSimple(complete)
    XCTAssertEqual(try Generators.erdosRenyi(n: 20, p: 1, directed: true, rng: rng).count, 20 * 19)
    XCTAssertEqual(try Generators.erdosRenyi(n: 1, p: 0.5, rng: rng).count, 0)
    XCTAssertInvalidGraphParameter(
      try Generators.erdosRenyi(n: 10, p: 1.5, rng: rng), saying: "erdosRenyi: expected p in [0, 1], found 1.5")
    XCTAssertInvalidGraphParameter(
      try Generators.erdosRenyi(n: -1, p: 0.5, rng: rng), saying: "erdosRenyi: expected a node count")
  }

  // MARK: Determinism

  func testSameSeedSameEdgesDifferentSeedDifferentEdges() throws {
    let generators: [(String, (RandomGenerator) throws -> EdgeSet)] = [
      ("er", { try Generators.erdosRenyi(n: 300, p: 0.02, rng: $0) }),
      ("er-directed", { try Generators.erdosRenyi(n: 300, p: 0.02, directed: true, rng: $0) }),
      ("ba", { try Generators.barabasiAlbert(n: 300, m: 2, rng: $0) }),
      ("ws", { try Generators.wattsStrogatz(n: 300, k: 6, p: 0.2, rng: $0) }),
      (
        "sbm",
        {
          try Generators.stochasticBlockModel(
            blockCounts: [100, 200], probabilities: [[0.05, 0.01], [0.01, 0.03]], rng: $0
          ).edges
        }
      ),
      (
        "bipartite",
        {
          try Generators.bipartiteConfiguration(
            degreesA: Array(repeating: 4, count: 100), degreesB: Array(repeating: 2, count: 200), rng: $0
          ).edges
        }
      ),
      (
        "overlap",
        { rng in
          let base = try Generators.erdosRenyi(n: 300, p: 0.02, rng: rng)
          return try Generators.overlappingLayer(base: base, overlap: 0.5, rng: rng) {
            try Generators.erdosRenyi(n: 300, p: 0.02, rng: $0)
          }
        }
      ),
    ]
    for (name, generate) in generators {
      let a = try generate(try makeRNG(42))
      let b = try generate(try makeRNG(42))
      let c = try generate(try makeRNG(43))
      XCTAssertEqual(a, b, "\(name): the same seed must give the same edges")
      XCTAssertNotEqual(a, c, "\(name): another seed must give other edges")
      XCTAssertGreaterThan(a.count, 0, name)
    }
  }

  // MARK: GeneratorSpec

  func testGeneratorSpecParsesAndRoundTrips() throws {
    XCTAssertEqual(try GeneratorSpec(parsing: "ba:1000:3"), .barabasiAlbert(n: 1000, m: 3))
    XCTAssertEqual(try GeneratorSpec(parsing: "ER:500:0.01"), .erdosRenyi(n: 500, p: 0.01))
    XCTAssertEqual(try GeneratorSpec(parsing: "ws:200:6:0.1"), .wattsStrogatz(n: 200, k: 6, p: 0.1))
    for text in ["ba:1000:3", "er:500:0.01", "ws:200:6:0.1"] {
      XCTAssertEqual(try GeneratorSpec(parsing: text).description, text)
    }
  }

  func testGeneratorSpecRejectsBadStringsNamingThem() {
    let bad = [
      "er:100:x", "er:100", "er:100:1.5", "er:abc:0.1", "er:0:0.1", "ba:10:10", "ba:10:0", "ba:10:2.5",
      "ws:100:3:0.1", "ws:100:100:0.1", "ws:100:4", "ws:100:4:nan", "xx:1:2", "", "ba:10:2:1",
    ]
    for text in bad {
      XCTAssertThrowsError(try GeneratorSpec(parsing: text), text) { error in
        guard let error = error as? GeneratorSpecError else {
          return XCTFail("\(text): expected a GeneratorSpecError, found \(error)")
        }
        XCTAssertEqual(error.spec, text)
        XCTAssertTrue(error.description.contains("'\(text)'"), error.description)
        XCTAssertTrue(error.description.contains("expected"), error.description)
      }
    }
    do {
      _ = try GeneratorSpec(parsing: "er:100:x")
      XCTFail("er:100:x must not parse")
    } catch {
      XCTAssertEqual(
        "\(error)", "graph generator 'er:100:x': expected er:N:P with P a probability in [0, 1], found 'x'")
    }
  }

  func testGeneratorSpecMakesOneDefaultLayerReproducibly() throws {
    let spec = try GeneratorSpec(parsing: "ba:500:3")
    let g1 = try spec.makeGraph(seed: 7)
    let g2 = try spec.makeGraph(seed: 7)
    let g3 = try spec.makeGraph(seed: 8)
    XCTAssertEqual(g1.nodeCount, 500)
    XCTAssertEqual(g1.layers.map(\.name), ["default"])
    XCTAssertFalse(g1.layers[0].directed)
    XCTAssertEqual(g1.layers[0].edgeCount, 3 * (500 - 3))
    XCTAssertEqual(g1.layers[0].out.targets, g2.layers[0].out.targets)
    XCTAssertNotEqual(g1.layers[0].out.targets, g3.layers[0].out.targets)
    let ws = try GeneratorSpec(parsing: "ws:100:4:0").makeGraph(seed: 1)
    XCTAssertEqual(ws.layers[0].edgeCount, 200)
  }
}

// MARK: - Helpers shared by the generator tests

/// A taus2 generator with `seed`.
func makeRNG(_ seed: UInt32) throws -> RandomGenerator { try RandomGenerator(kind: .taus2, seed: seed) }

/// Fails unless `edges` has no self-loop, no repeated edge and every endpoint in range.
func assertSimple(_ edges: EdgeSet, file: StaticString = #filePath, line: UInt = #line) throws {
  var seen = Set<UInt64>(minimumCapacity: edges.count)
  var loops = 0
  var repeats = 0
  for i in 0..<edges.count {
    XCTAssertLessThan(Int(edges.sources[i]), edges.nodeCount, file: file, line: line)
    XCTAssertLessThan(Int(edges.targets[i]), edges.nodeCount, file: file, line: line)
    if edges.sources[i] == edges.targets[i] { loops += 1 }
    if !seen.insert(edges.key(i)).inserted { repeats += 1 }
  }
  XCTAssertEqual(loops, 0, "self-loops", file: file, line: line)
  XCTAssertEqual(repeats, 0, "repeated edges", file: file, line: line)
}

/// The undirected layer of `edges` (through ``MultiplexGraph``), for clustering.
func undirectedCSR(_ edges: EdgeSet) throws -> CSR {
  var graph = MultiplexGraph(nodeCount: edges.nodeCount)
  try edges.addLayer(to: &graph, name: "g")
  return graph.layers[0].out
}

/// Triangles at each node and the global transitivity 3·triangles / connected triples.
func clustering(_ csr: CSR) -> (local: [Double], transitivity: Double) {
  let n = csr.nodeCount
  var trianglesAt = [Int](repeating: 0, count: n)
  for u in 0..<n {
    let nu = csr.neighbors(u)
    for v in nu where Int(v) > u {
      // |N(u) ∩ N(v)| by merging the sorted rows; each triangle u<v<w counted once at (u, v).
      let nv = csr.neighbors(Int(v))
      var i = nu.startIndex
      var j = nv.startIndex
      while i < nu.endIndex && j < nv.endIndex {
        if nu[i] < nv[j] {
          i += 1
        } else if nu[i] > nv[j] {
          j += 1
        } else {
          let w = Int(nu[i])
          if w > Int(v) {
            trianglesAt[u] += 1
            trianglesAt[Int(v)] += 1
            trianglesAt[w] += 1
          }
          i += 1
          j += 1
        }
      }
    }
  }
  var local = [Double](repeating: 0, count: n)
  var triangles = 0
  var triples = 0
  for u in 0..<n {
    let d = csr.degree(u)
    let pairs = d * (d - 1) / 2
    if pairs > 0 { local[u] = Double(trianglesAt[u]) / Double(pairs) }
    triangles += trianglesAt[u]
    triples += pairs
  }
  return (local, triples > 0 ? Double(triangles) / Double(triples) : 0)
}
