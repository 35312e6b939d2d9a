import Foundation

/// Maximum-likelihood fit of a ``HazardLikelihood`` with 95% profile-likelihood intervals.
///
/// The negative log-likelihood is minimised on the logit scale with GSL's
/// `vector_bfgs2` (analytic gradient) from several starting points (``starts``); the best
/// optimum is kept. For parameter θ_j the profile is ℓ_p(θ_j) = min over the other parameters of
/// −log L; the 95% interval is {θ_j : ℓ_p(θ_j) − ℓ̂ ≤ χ²₁(0.95)/2 = 1.92073}, its ends found by
/// `gsl_root_fsolver_brent` on each side of θ̂_j (Venzon & Moolgavkar 1988; Pawitan 2001 §2.6). When
/// the profile stays below the cut up to the edge of (0, 1), the interval reaches that edge (0 or
/// 1). When a profile end cannot be bracketed or solved, the Wald interval on the logit scale,
/// logistic(x̂_j ± 1.96·se_j) with se from the inverse of the numerically differentiated Hessian,
/// is used instead (``Interval/wald``).
public enum HazardFit {
  /// How an interval was obtained.
  public enum Interval: String, Sendable {
    case profile
    case wald
  }

  public struct Result: Sendable {
    public var parameterNames: [String]
    public var estimates: [Double]
    public var intervals: [(low: Double, high: Double)]
    public var intervalKinds: [Interval]
    public var negLogLik: Double
    /// AIC = 2k + 2·(−log L).
    public var aic: Double
  }

  /// Where the profile walk stops on the logit scale: θ = logistic(±30), 1e-13 from the edge.
  static let logitEdge = 30.0

  /// χ²₁(0.95)/2.
  static let profileCut = 1.920_729_410_347_062

  /// Starting points (natural scale p, q), tried in order.
  static let starts: [(Double, Double)] = [(0.05, 0.05), (0.01, 0.2), (0.2, 0.01), (0.002, 0.5), (0.3, 0.3)]

  public static func fit(_ likelihood: HazardLikelihood) throws -> Result {
    let k = likelihood.parameterNames.count
    var best: Minimizer.Result? = nil
    for (p, q) in starts {
      let start =
        [Double](repeating: HazardLikelihood.logit(p), count: likelihood.pCount)
        + [Double](repeating: HazardLikelihood.logit(q), count: k - likelihood.pCount)
      let r = try Minimizer.bfgs(start: start) { x, g in likelihood.negLogLikelihood(logit: x, gradient: &g) }
      if best == nil || r.value < best!.value - 1e-12 { best = r }
    }
    guard let best, best.value.isFinite else {
      throw FitError.noOptimum(model: likelihood.model.rawValue, detail: "the likelihood is not finite at any start")
    }
    let xHat = best.x
    let nll = best.value
    var intervals: [(Double, Double)] = []
    var kinds: [Interval] = []
    var wald: [(Double, Double)]? = nil
    for j in 0..<k {
      if let profile = try? profileInterval(likelihood, xHat: xHat, nll: nll, index: j) {
        intervals.append(profile)
        kinds.append(.profile)
      } else {
        if wald == nil { wald = waldIntervals(likelihood, xHat: xHat) }
        intervals.append(wald![j])
        kinds.append(.wald)
      }
    }
    return Result(
      parameterNames: likelihood.parameterNames, estimates: xHat.map(HazardLikelihood.logistic),
      intervals: intervals, intervalKinds: kinds, negLogLik: nll, aic: 2 * Double(k) + 2 * nll)
  }

  /// The profile −log L at logit value `x` of parameter `index`, minimised over the others
  /// (warm-started at `others`, which is updated).
  static func profile(_ likelihood: HazardLikelihood, index: Int, x: Double, others: inout [Double]) throws -> Double {
    let k = likelihood.parameterNames.count
    if k == 1 {
      var g = [0.0]
      return likelihood.negLogLikelihood(logit: [x], gradient: &g)
    }
    var full = [Double](repeating: 0, count: k)
    var gFull = full
    let r = try Minimizer.bfgs(start: others) { y, g in
      var m = 0
      for i in 0..<k {
        if i == index {
          full[i] = x
        } else {
          full[i] = y[m]
          m += 1
        }
      }
      let f = likelihood.negLogLikelihood(logit: full, gradient: &gFull)
      m = 0
      for i in 0..<k where i != index {
        g[m] = gFull[i]
        m += 1
      }
      return f
    }
    others = r.x
    return r.value
  }

  /// The profile interval of parameter `index` on the natural scale.
  static func profileInterval(_ likelihood: HazardLikelihood, xHat: [Double], nll: Double, index: Int) throws -> (
    Double, Double
  ) {
    var ends: [Double] = []
    for direction in [-1.0, 1.0] {
      var others = xHat.enumerated().filter { $0.offset != index }.map(\.element)
      let warm = others
      func excess(_ x: Double) throws -> Double {
        try profile(likelihood, index: index, x: x, others: &others) - nll - profileCut
      }
      // Walk out on the logit scale until the profile crosses the cut (or the edge is reached).
      var inner = xHat[index]
      var step = 0.25
      var outer: Double? = nil
      while direction < 0 ? inner > -Self.logitEdge : inner < Self.logitEdge {
        let candidate = inner + direction * step
        if try excess(candidate) > 0 {
          outer = candidate
          break
        }
        inner = candidate
        step *= 2
      }
      guard let outer else {
        ends.append(direction < 0 ? 0 : 1)
        continue
      }
      others = warm
      let (a, b) = direction < 0 ? (outer, inner) : (inner, outer)
      guard
        let root = try Minimizer.brentRoot(
          low: a, high: b, tolerance: 1e-7,
          { x in (try? excess(x)) ?? .nan })
      else { throw FitError.noOptimum(model: likelihood.model.rawValue, detail: "profile not bracketed") }
      ends.append(HazardLikelihood.logistic(root))
    }
    return (ends[0], ends[1])
  }

  /// Wald intervals on the logit scale, mapped back: logistic(x̂ ± 1.96 se).
  static func waldIntervals(_ likelihood: HazardLikelihood, xHat: [Double]) -> [(Double, Double)] {
    let k = xHat.count
    var hessian = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    let h = 1e-5
    var gp = [Double](repeating: 0, count: k)
    var gm = gp
    for j in 0..<k {
      var xp = xHat
      var xm = xHat
      xp[j] += h
      xm[j] -= h
      _ = likelihood.negLogLikelihood(logit: xp, gradient: &gp)
      _ = likelihood.negLogLikelihood(logit: xm, gradient: &gm)
      for i in 0..<k { hessian[i][j] = (gp[i] - gm[i]) / (2 * h) }
    }
    let covariance = LinearAlgebra.inverse(LinearAlgebra.symmetrised(hessian))
    return (0..<k).map { j in
      guard let c = covariance, c[j][j] > 0 else { return (.nan, .nan) }
      let se = c[j][j].squareRoot()
      return (
        HazardLikelihood.logistic(xHat[j] - 1.959_963_984_540_054 * se),
        HazardLikelihood.logistic(xHat[j] + 1.959_963_984_540_054 * se)
      )
    }
  }
}

/// Small dense matrices (a handful of parameters).
enum LinearAlgebra {
  static func symmetrised(_ a: [[Double]]) -> [[Double]] {
    a.indices.map { i in a.indices.map { j in (a[i][j] + a[j][i]) / 2 } }
  }

  /// The inverse by Gauss–Jordan elimination with partial pivoting; nil when singular.
  static func inverse(_ a: [[Double]]) -> [[Double]]? {
    let n = a.count
    var m = a
    var inv = (0..<n).map { i in (0..<n).map { j in i == j ? 1.0 : 0.0 } }
    for c in 0..<n {
      guard let pivot = (c..<n).max(by: { abs(m[$0][c]) < abs(m[$1][c]) }), abs(m[pivot][c]) > 1e-300 else {
        return nil
      }
      m.swapAt(c, pivot)
      inv.swapAt(c, pivot)
      let d = m[c][c]
      for j in 0..<n {
        m[c][j] /= d
        inv[c][j] /= d
      }
      for r in 0..<n where r != c {
        let f = m[r][c]
        if f == 0 { continue }
        for j in 0..<n {
          m[r][j] -= f * m[c][j]
          inv[r][j] -= f * inv[c][j]
        }
      }
    }
    return inv
  }
}

/// A fit that could not be made.
public enum FitError: Error, CustomStringConvertible, Sendable, Equatable {
  case noOptimum(model: String, detail: String)
  case data(String)
  /// A problem with the data a scenario key names (`data.toa`…).
  case dataValue(key: String, expected: String, found: String)

  public var description: String {
    switch self {
    case .dataValue(let key, let expected, let found): return "\(key): expected \(expected), found \(found)"
    case .noOptimum(let model, let detail): return "fit of \(model): no optimum found (\(detail))"
    case .data(let text): return text
    }
  }
}
