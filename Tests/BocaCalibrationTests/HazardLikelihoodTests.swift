import BocaRandom
import XCTest

@testable import BocaCalibration

/// The hazard likelihood against a direct node-by-node sum, and its analytic gradient against
/// central differences, on random networks and adoption times.
final class HazardLikelihoodTests: XCTestCase {
  /// A random directed network of `n` nodes on `layers` layers, and random adoption times in
  /// 1…periods or censored.
  static func randomCase(_ rng: RandomGenerator) -> (NetworkContacts, ObservedAdoption, [[[UInt32]]]) {
    let n = 2 + rng.uniformInt(30)
    let periods = 1 + rng.uniformInt(8)
    let layers = 1 + rng.uniformInt(3)
    var perLayer: [[[UInt32]]] = []
    for _ in 0..<layers {
      perLayer.append(
        (0..<n).map { i in
          (0..<rng.uniformInt(5)).map { _ in UInt32(rng.uniformInt(n)) }.filter { $0 != UInt32(i) }
        })
    }
    let union = (0..<n).map { i in perLayer.flatMap { $0[i] } }
    let toa: [Int?] = (0..<n).map { _ in rng.uniform() < 0.3 ? nil : 1 + rng.uniformInt(periods) }
    let observed = ObservedAdoption(nodeCount: n, periods: periods, toa: toa, nodeSide: [], sideNames: [])
    return (NetworkContacts(union: union), observed, perLayer)
  }

  /// −log L summed node by node and period by period, straight from the definitions.
  static func direct(
    _ model: HazardModel, p: Double, q: Double, contacts: [[UInt32]], observed: ObservedAdoption
  ) -> Double {
    var ll = 0.0
    for i in 0..<observed.nodeCount {
      let distinct = Set(contacts[i])
      let last = observed.toa[i] ?? observed.periods
      for t in 1...last {
        let e = distinct.filter { j in observed.toa[Int(j)].map { $0 < t } ?? false }.count
        var h: Double
        switch model {
        case .exposure: h = 1 - (1 - p) * pow(1 - q, Double(e))
        case .fraction: h = distinct.isEmpty ? p : min(1 - 1e-12, p + q * Double(e) / Double(distinct.count))
        }
        ll += observed.toa[i] == t ? log(h) : log(1 - h)
      }
    }
    return -ll
  }

  func testLikelihoodEqualsTheDirectSumOnRandomCases() throws {
    let rng = try RandomGenerator(seed: 11)
    for _ in 0..<200 {
      let (contacts, observed, _) = Self.randomCase(rng)
      let p = 0.01 + 0.5 * rng.uniform()
      let q = 0.01 + 0.4 * rng.uniform()
      for model in HazardModel.allCases {
        let lik = HazardLikelihood(model: model, contacts: contacts, observed: observed)
        let expected = Self.direct(model, p: p, q: q, contacts: contacts.union, observed: observed)
        XCTAssertEqual(lik.negLogLikelihood([p, q]), expected, accuracy: 1e-9 * max(1, abs(expected)), "\(model)")
      }
    }
  }

  func testGradientMatchesCentralDifferencesOnRandomCases() throws {
    let rng = try RandomGenerator(seed: 12)
    for trial in 0..<200 {
      let (_, observed, perLayer) = Self.randomCase(rng)
      let union = (0..<observed.nodeCount).map { i in perLayer.flatMap { $0[i] } }
      let contacts = NetworkContacts(union: union)
      let perLayerCase = trial % 3 == 0
      let model: HazardModel = perLayerCase || trial % 2 == 0 ? .exposure : .fraction
      let lik = HazardLikelihood(model: model, contacts: contacts, observed: observed, perLayer: perLayerCase)
      let k = lik.parameterNames.count
      let x = (0..<k).map { _ in -4 + 3.5 * rng.uniform() }
      var g = [Double](repeating: 0, count: k)
      _ = lik.negLogLikelihood(logit: x, gradient: &g)
      var scratch = g
      for j in 0..<k {
        let h = 1e-6
        var up = x
        var down = x
        up[j] += h
        down[j] -= h
        let numeric =
          (lik.negLogLikelihood(logit: up, gradient: &scratch) - lik.negLogLikelihood(logit: down, gradient: &scratch))
          / (2 * h)
        XCTAssertEqual(g[j], numeric, accuracy: 1e-5 * max(1, abs(numeric)), "\(model) parameter \(j)")
      }
    }
  }

  func testExposureWithoutContactsIsTheGeometricLikelihoodWithItsClosedFormOptimum() throws {
    // No network: every node adopts with probability p per period, so p̂ = adopters / periods at risk.
    let rng = try RandomGenerator(seed: 13)
    for _ in 0..<8 {
      let n = 50 + rng.uniformInt(200)
      let periods = 2 + rng.uniformInt(10)
      let toa: [Int?] = (0..<n).map { _ in rng.uniform() < 0.2 ? nil : 1 + rng.uniformInt(periods) }
      let observed = ObservedAdoption(nodeCount: n, periods: periods, toa: toa, nodeSide: [], sideNames: [])
      let lik = HazardLikelihood(
        model: .exposure, contacts: NetworkContacts(union: [[UInt32]](repeating: [], count: n)), observed: observed)
      let fit = try HazardFit.fit(lik)
      let adopters = toa.compactMap { $0 }.count
      let atRisk = toa.reduce(0) { $0 + ($1 ?? periods) }
      XCTAssertEqual(fit.estimates[0], Double(adopters) / Double(atRisk), accuracy: 1e-5)
      XCTAssertLessThan(fit.intervals[0].low, fit.estimates[0])
      XCTAssertGreaterThan(fit.intervals[0].high, fit.estimates[0])
    }
  }

  func testPerSideWithEqualPsIsTheSharedLikelihoodAndItsGradientMatchesDifferences() throws {
    let rng = try RandomGenerator(seed: 14)
    for trial in 0..<200 {
      let (contacts, plain, _) = Self.randomCase(rng)
      let sides = 1 + rng.uniformInt(3)
      let observed = ObservedAdoption(
        nodeCount: plain.nodeCount, periods: plain.periods, toa: plain.toa,
        nodeSide: (0..<plain.nodeCount).map { _ in UInt16(rng.uniformInt(sides)) },
        sideNames: (0..<sides).map { "s\($0)" })
      let model: HazardModel = trial % 2 == 0 ? .exposure : .fraction
      let shared = HazardLikelihood(model: model, contacts: contacts, observed: observed)
      let perSide = HazardLikelihood(model: model, contacts: contacts, observed: observed, perSide: true)
      XCTAssertEqual(perSide.pCount, sides)
      let p = 0.01 + 0.4 * rng.uniform()
      let q = 0.01 + 0.4 * rng.uniform()
      let a = shared.negLogLikelihood([p, q])
      XCTAssertEqual(
        perSide.negLogLikelihood([Double](repeating: p, count: sides) + [q]), a, accuracy: 1e-9 * max(1, abs(a)))
      let x = (0..<(sides + 1)).map { _ in -4 + 3.5 * rng.uniform() }
      var g = [Double](repeating: 0, count: x.count)
      _ = perSide.negLogLikelihood(logit: x, gradient: &g)
      var scratch = g
      for j in x.indices {
        var up = x
        var down = x
        up[j] += 1e-6
        down[j] -= 1e-6
        let numeric =
          (perSide.negLogLikelihood(logit: up, gradient: &scratch)
            - perSide.negLogLikelihood(logit: down, gradient: &scratch)) / 2e-6
        XCTAssertEqual(g[j], numeric, accuracy: 1e-5 * max(1, abs(numeric)), "\(model) parameter \(j)")
      }
    }
  }
}
