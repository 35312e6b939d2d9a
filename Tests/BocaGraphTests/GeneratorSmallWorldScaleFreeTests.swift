import BocaRandom
import Foundation
import XCTest

@testable import BocaGraph

/// Barabási–Albert (edge count, degree law, tail exponent) and Watts–Strogatz (clustering).
final class GeneratorSmallWorldScaleFreeTests: XCTestCase {
  func testBarabasiAlbertEdgeCountDegreesAndExponent() throws {
    let n = 50_000
    let m = 3
    let edges = try Generators.barabasiAlbert(n: n, m: m, rng: try makeRNG(21))
    // Exact: m(n − m) edges, simple, every node has degree ≥ m.
    XCTAssertEqual(edges.count, m * (n - m))
    try assertSimple(edges)
    let degrees = edges.degrees()
    XCTAssertEqual(degrees.min(), m)
    // The limiting law is P(k) = 2m(m+1)/(k(k+1)(k+2)) (Bollobás et al. 2001), so P(m) = 2/(m+2)
    // = 0.4. Its binomial SE at n = 50,000 is √(0.4·0.6/n) ≈ 0.0022; allow 0.01 (≈ 4.5 SE, which
    // also covers the O(1/n) finite-size correction and the dependence between degrees).
    let atM = Double(degrees.lazy.filter { $0 == m }.count) / Double(n)
    XCTAssertEqual(atM, 2 / Double(m + 2), accuracy: 0.01, "fraction of nodes with degree m")
    // Tail exponent by the discrete maximum-likelihood approximation of Clauset, Shalizi & Newman
    // (2009, eq. 3.7): γ̂ = 1 + n_tail / Σ ln(k_i / (k_min − ½)) over k_i ≥ k_min = 20. Under the
    // exact BA law this estimator converges to 2.934 rather than 3 (the law is only
    // asymptotically k⁻³; computed from P(k) above), and with n_tail ≈ 1,430 tail nodes its SE is
    // (γ − 1)/√n_tail ≈ 0.05. So |γ̂ − 3| ≤ 0.25 allows the 0.07 bias plus 3.5 SE.
    let kMin = 20
    let tail = degrees.filter { $0 >= kMin }
    let logSum = tail.reduce(0.0) { $0 + log(Double($1) / (Double(kMin) - 0.5)) }
    let gamma = 1 + Double(tail.count) / logSum
    XCTAssertEqual(gamma, 3, accuracy: 0.25, "BA tail exponent γ̂ = \(gamma) over \(tail.count) nodes")
    // P(k ≥ k_min) = m(m+1)/(k_min(k_min+1)) under that law: 1,428.6 nodes, Poisson SE ≈ 38.
    let expectedTail = Double(n * m * (m + 1)) / Double(kMin * (kMin + 1))
    XCTAssertEqual(Double(tail.count), expectedTail, accuracy: 5 * expectedTail.squareRoot(), "BA tail size")
  }

  func testBarabasiAlbertSmallCasesAndErrors() throws {
    let rng = try makeRNG(22)
    // n = m + 1: the star of node m.
    let star = try Generators.barabasiAlbert(n: 5, m: 4, rng: rng)
    XCTAssertEqual(star.sources, [4, 4, 4, 4])
    XCTAssertEqual(star.targets, [0, 1, 2, 3])
    let dense = try Generators.barabasiAlbert(n: 12, m: 10, rng: rng)
    XCTAssertEqual(dense.count, 20)
    try assertSimple(dense)
    XCTAssertInvalidGraphParameter(
      try Generators.barabasiAlbert(n: 5, m: 5, rng: rng), saying: "barabasiAlbert: expected 1 ≤ m < n, found m = 5")
    XCTAssertInvalidGraphParameter(
      try Generators.barabasiAlbert(n: 5, m: 0, rng: rng), saying: "barabasiAlbert: expected 1 ≤ m < n, found m = 0")
  }

  func testWattsStrogatzLatticeClusteringIsExact() throws {
    let n = 1000
    for k in [4, 10] {
      let edges = try Generators.wattsStrogatz(n: n, k: k, p: 0, rng: try makeRNG(31))
      XCTAssertEqual(edges.count, n * k / 2)
      try assertSimple(edges)
      XCTAssertEqual(Set(edges.degrees()), [k])
      // Exact for the ring lattice (Watts & Strogatz 1998; Barrat & Weigt 2000): every node has
      // C(0) = 3(k − 2)/(4(k − 1)), so both the mean local clustering and the transitivity equal
      // it up to rounding.
      let expected = 3 * Double(k - 2) / (4 * Double(k - 1))
      let (local, transitivity) = clustering(try undirectedCSR(edges))
      XCTAssertEqual(local.min() ?? -1, expected, accuracy: 1e-12)
      XCTAssertEqual(local.max() ?? -1, expected, accuracy: 1e-12)
      XCTAssertEqual(transitivity, expected, accuracy: 1e-12)
    }
  }

  func testWattsStrogatzClusteringFollowsBarratWeigt() throws {
    let n = 3000
    let k = 10
    let c0 = 3 * Double(k - 2) / (4 * Double(k - 1))
    for p in [0.02, 0.1] {
      let edges = try Generators.wattsStrogatz(n: n, k: k, p: p, rng: try makeRNG(32))
      XCTAssertEqual(edges.count, n * k / 2, "rewiring keeps the edge count")
      try assertSimple(edges)
      // Barrat & Weigt (2000): C(p) ≈ C(0)(1 − p)³, the chance that a lattice triangle keeps all
      // three edges (the ratio of mean triangles to mean triples, i.e. the transitivity). The
      // formula neglects triangles made by rewired edges, O(k/n), and the triangle count over
      // nk(k−2)/8 = 30,000 lattice triangles has a relative SE below 1% (0.005 absolute at
      // these values); allow 0.02 absolute.
      let (_, transitivity) = clustering(try undirectedCSR(edges))
      let expected = c0 * pow(1 - p, 3)
      XCTAssertEqual(transitivity, expected, accuracy: 0.02, "WS transitivity at p = \(p): \(transitivity)")
    }
  }

  func testWattsStrogatzFullRewiringAndErrors() throws {
    let rng = try makeRNG(33)
    let random = try Generators.wattsStrogatz(n: 2000, k: 8, p: 1, rng: rng)
    XCTAssertEqual(random.count, 8000)
    try assertSimple(random)
    // At p = 1 the lattice is gone: clustering drops to that of a random graph, about k/n.
    XCTAssertLessThan(clustering(try undirectedCSR(random)).transitivity, 0.02)
    // A nearly complete lattice (each node joined to n − 2 others) still rewires without loops.
    let dense = try Generators.wattsStrogatz(n: 9, k: 6, p: 1, rng: rng)
    XCTAssertEqual(dense.count, 27)
    try assertSimple(dense)
    XCTAssertInvalidGraphParameter(
      try Generators.wattsStrogatz(n: 10, k: 3, p: 0.1, rng: rng), saying: "wattsStrogatz: expected an even k")
    XCTAssertInvalidGraphParameter(
      try Generators.wattsStrogatz(n: 10, k: 10, p: 0.1, rng: rng), saying: "wattsStrogatz: expected an even k")
    XCTAssertInvalidGraphParameter(
      try Generators.wattsStrogatz(n: 10, k: 4, p: -0.1, rng: rng), saying: "wattsStrogatz: expected p in [0, 1]")
  }
}
