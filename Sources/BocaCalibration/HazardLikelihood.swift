import Foundation

/// The exact log-likelihood of observed adoption times under a ``HazardModel``.
///
/// For node i with adoption period a_i (censored nodes: none within 1…T'), the node is at risk in
/// periods t = 1…min(a_i, T') and
///
///     log L = Σ_i [ Σ_{t < a_i} log(1 − h_i(t)) + log h_i(a_i) ]   (adopters)
///           + Σ_i Σ_{t ≤ T'} log(1 − h_i(t))                        (censored: survival only)
///
/// with e_i(t) computed from the observed adoption times of i's contacts before t. The at-risk
/// cells are grouped by (adopted, exposures, contacts) into weighted records, in a fixed order,
/// so that the sum (and so the fit) does not depend on hashing or threads.
///
/// Parameters are optimised on the logit scale, x = log(θ/(1 − θ)), so that 0 < p, q < 1; the
/// gradient returned is with respect to x.
public struct HazardLikelihood: Sendable {
  public let model: HazardModel
  /// Parameter names: `p` (or `p[side]` per side), then `q` (or `q[layer]` per layer).
  public let parameterNames: [String]
  /// Exposure counts per q (one, or one per layer) of each record, row-major.
  let exposures: [Int]
  let contactCounts: [Int]
  let adopted: [Bool]
  let weights: [Double]
  /// Each record's index into the p parameters (its node's side with `perSide`, else 0).
  let pIndex: [Int]
  let qCount: Int
  /// Number of p parameters (1, or one per side).
  public let pCount: Int

  /// - Parameters:
  ///   - perLayer: one q per layer of `contacts` (``HazardModel/exposure`` only).
  ///   - perSide: one p per side of `observed` (the external hazard of each side, e.g. village).
  public init(
    model: HazardModel, contacts: NetworkContacts, observed: ObservedAdoption, perLayer: Bool = false,
    perSide: Bool = false
  ) {
    self.model = model
    let lists = perLayer ? contacts.perLayer : [contacts.union]
    qCount = lists.count
    let sides = perSide && !observed.nodeSide.isEmpty ? max(1, observed.sideNames.count) : 1
    pCount = sides
    parameterNames =
      (sides > 1 ? observed.sideNames.map { "p[\($0)]" } : ["p"])
      + (perLayer ? contacts.layerNames.map { "q[\($0)]" } : ["q"])
    var cells: [[Int]: Int] = [:]  // [adopted, k, side, e_1…e_L] → count
    let toa = observed.toa
    for i in 0..<observed.nodeCount {
      let last = toa[i] ?? observed.periods
      guard last >= 1 else { continue }
      let k = contacts.union[i].count
      let side = sides > 1 ? Int(observed.nodeSide[i]) : 0
      for t in 1...last {
        var key = [toa[i] == t ? 1 : 0, k, side]
        for list in lists {
          var e = 0
          for j in list[i] { if let a = toa[Int(j)], a < t { e += 1 } }
          key.append(e)
        }
        cells[key, default: 0] += 1
      }
    }
    let keys = cells.keys.sorted { $0.lexicographicallyPrecedes($1) }
    exposures = keys.flatMap { $0.dropFirst(3) }
    contactCounts = keys.map { $0[1] }
    pIndex = keys.map { $0[2] }
    adopted = keys.map { $0[0] == 1 }
    weights = keys.map { Double(cells[$0]!) }
  }

  /// Number of distinct at-risk records (cells).
  public var recordCount: Int { weights.count }

  /// −log L at natural parameters θ = (p…, q…).
  public func negLogLikelihood(_ theta: [Double]) -> Double {
    var g = [Double](repeating: 0, count: theta.count)
    return negLogLikelihood(logit: theta.map(Self.logit), gradient: &g)
  }

  /// −log L at logit parameters x, and its gradient with respect to x.
  public func negLogLikelihood(logit x: [Double], gradient: inout [Double]) -> Double {
    let theta = x.map(Self.logistic)
    for i in gradient.indices { gradient[i] = 0 }
    let p = Array(theta[0..<pCount])
    let q = Array(theta[pCount...])
    var ll = 0.0
    switch model {
    case .exposure:
      let log1mp = p.map { Foundation.log1p(-$0) }
      let log1mq = q.map { Foundation.log1p(-$0) }
      for r in weights.indices {
        let s = pIndex[r]
        var logS = log1mp[s]
        for l in 0..<qCount { logS += Double(exposures[r * qCount + l]) * log1mq[l] }
        let w = weights[r]
        // d log S / dx_p = −p,  d log S / dx_{q_l} = −e_l q_l (logit scale).
        let factor: Double
        if adopted[r] {
          let h = -Foundation.expm1(logS)
          ll += w * Foundation.log(h)
          factor = w * Foundation.exp(logS) / h  // d log h = −(S/h) d log S
        } else {
          ll += w * logS
          factor = -w
        }
        gradient[s] += factor * p[s]
        for l in 0..<qCount { gradient[pCount + l] += factor * Double(exposures[r * qCount + l]) * q[l] }
      }
    case .fraction:
      let dq = q[0] * (1 - q[0])
      for r in weights.indices {
        let s = pIndex[r]
        let dp = p[s] * (1 - p[s])
        let k = contactCounts[r]
        let f = k > 0 ? Double(exposures[r * qCount]) / Double(k) : 0
        let h = min(p[s] + q[0] * f, Self.hazardCap)
        let w = weights[r]
        if adopted[r] {
          ll += w * Foundation.log(h)
          gradient[s] += w * dp / h
          gradient[pCount] += w * f * dq / h
        } else {
          ll += w * Foundation.log1p(-h)
          gradient[s] -= w * dp / (1 - h)
          gradient[pCount] -= w * f * dq / (1 - h)
        }
      }
    }
    for i in gradient.indices { gradient[i] = -gradient[i] }
    return -ll
  }

  /// The fractional hazard is capped just below 1 in the likelihood (a node at risk with h = 1
  /// that did not adopt would have probability 0).
  static let hazardCap = 1 - 1e-12

  static func logit(_ v: Double) -> Double { Foundation.log(v / (1 - v)) }
  static func logistic(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
}
