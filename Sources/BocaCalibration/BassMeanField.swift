import BocaRandom
import Foundation

/// The mean-field Bass curve fitted by non-linear least squares (`nls-meanfield`; Bass 1969,
/// Srinivasan & Mason 1986), the aggregate baseline netdiffuseR's `fitbass` gives.
///
///     F(t) = m (1 − e^{−(p+q)t}) / (1 + (q/p) e^{−(p+q)t}),   0 < p, 0 < q, 0 < m ≤ 1,
///
/// fitted to the observed cumulative fraction of all n nodes o(t), t = 1…T' (the last, censored
/// period excluded), minimising SSE = Σ_t (F(t) − o(t))². The SSE is minimised with GSL's
/// Nelder–Mead simplex (`nmsimplex2`) over (log p, log q, m) from several starts; when the free
/// optimum has m > 1, the fit is redone with m = 1 (the bound) and m gets no interval.
/// Intervals: θ̂ ± t_{T'−k, 0.975}·se, se the square roots of the diagonal of s²(JᵀJ)⁻¹,
/// s² = SSE/(T' − k), J the Jacobian of F at θ̂ (central differences), k the free parameters
/// (Srinivasan & Mason 1986). RMSE = sqrt(SSE/T').
public enum BassMeanField {
  public static let modelName = "bass-meanfield"
  public static let parameterNames = ["p", "q", "m"]

  public struct Result: Sendable {
    public var estimates: [Double]
    /// nil for m when it sits on its bound (m = 1), or when JᵀJ is singular.
    public var intervals: [(low: Double, high: Double)?]
    public var rmse: Double
    public var curve: [Double]
    public var mAtBound: Bool
  }

  /// F(t) at (p, q, m).
  public static func curve(p: Double, q: Double, m: Double, t: Double) -> Double {
    let e = Foundation.exp(-(p + q) * t)
    return m * (1 - e) / (1 + (q / p) * e)
  }

  static let starts: [(Double, Double, Double)] = [
    (0.01, 0.1, 0.5), (0.05, 0.3, 0.9), (0.1, 0.5, 1.0), (0.001, 0.2, 0.8),
  ]

  public static func fit(observed o: [Double]) throws -> Result {
    let periods = o.count
    guard periods >= 3 else {
      throw FitError.data("nls-meanfield needs at least 3 fitted periods, found \(periods)")
    }
    func sse(_ p: Double, _ q: Double, _ m: Double) -> Double {
      var s = 0.0
      for t in 1...periods {
        let r = curve(p: p, q: q, m: m, t: Double(t)) - o[t - 1]
        s += r * r
      }
      return s
    }
    func best(fixedM: Double?) throws -> [Double] {
      var found: Minimizer.Result? = nil
      for (p, q, m) in starts {
        var start = [Foundation.log(p), Foundation.log(q)]
        if fixedM == nil { start.append(m) }
        var r = try Minimizer.simplex(start: start) { x in
          sse(Foundation.exp(x[0]), Foundation.exp(x[1]), fixedM ?? x[2])
        }
        // A restart from the optimum, so that a collapsed simplex does not stop early.
        r = try Minimizer.simplex(start: r.x, step: 0.05) { x in
          sse(Foundation.exp(x[0]), Foundation.exp(x[1]), fixedM ?? x[2])
        }
        if found == nil || r.value < found!.value - 1e-15 { found = r }
      }
      let x = found!.x
      return [Foundation.exp(x[0]), Foundation.exp(x[1]), fixedM ?? x[2]]
    }
    var theta = try best(fixedM: nil)
    var atBound = false
    if theta[2] > 1 {
      theta = try best(fixedM: 1)
      atBound = true
    }
    let k = atBound ? 2 : 3
    let s = sse(theta[0], theta[1], theta[2])
    // Jacobian of F(t) with respect to the free parameters, by central differences.
    var jacobian = [[Double]](repeating: [Double](repeating: 0, count: k), count: periods)
    for j in 0..<k {
      let h = 1e-6 * max(abs(theta[j]), 1e-8)
      var up = theta
      var down = theta
      up[j] += h
      down[j] -= h
      for t in 1...periods {
        jacobian[t - 1][j] =
          (curve(p: up[0], q: up[1], m: up[2], t: Double(t)) - curve(p: down[0], q: down[1], m: down[2], t: Double(t)))
          / (2 * h)
      }
    }
    var jtj = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    for row in jacobian { for a in 0..<k { for b in 0..<k { jtj[a][b] += row[a] * row[b] } } }
    var intervals: [(low: Double, high: Double)?] = [nil, nil, nil]
    let dof = periods - k
    if dof > 0, let inverse = LinearAlgebra.inverse(jtj) {
      let s2 = s / Double(dof)
      let tq = StudentT.quantile(0.975, degreesOfFreedom: Double(dof))
      for j in 0..<k where inverse[j][j] > 0 {
        let se = (s2 * inverse[j][j]).squareRoot()
        intervals[j] = (theta[j] - tq * se, theta[j] + tq * se)
      }
    }
    let fitted = (1...periods).map { curve(p: theta[0], q: theta[1], m: theta[2], t: Double($0)) }
    return Result(
      estimates: theta, intervals: intervals, rmse: (s / Double(periods)).squareRoot(), curve: fitted,
      mAtBound: atBound)
  }
}
