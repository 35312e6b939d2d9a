import BocaRandom
import CGSL

/// Saltelli's (2010) sampling scheme on a scrambled Sobol' sequence.
///
/// Points of a 2k-dimensional Sobol' sequence (GSL `gsl_qrng_sobol`, Antonov–Saleev ordering,
/// 30 bits) are scrambled by a random digital shift: every coordinate's 30-bit integer is XORed
/// with a random 30-bit integer drawn per dimension from a `taus2` generator seeded with `seed`,
/// and the centre of the resulting cell is taken (`(v ⊕ s + ½) / 2^30`). A digital shift keeps
/// the sequence's (t, m, s)-net structure and makes every point uniform on [0, 1)^2k
/// (Owen 1995; Dick & Pillichshammer 2010, §4.4). The first k coordinates form matrix A, the
/// last k matrix B, and AB_i is A with column i taken from B. The rows are laid out base sample by
/// base sample — `A_j, AB_j^1, …, AB_j^k, B_j` for j = 0…N−1 — so N(k + 2) rows in all, and
/// point p of a sweep is base sample ⌊p / (k+2)⌋, matrix p mod (k+2) (0 = A, i = AB_i, k+1 = B).
public struct SobolDesign: Sendable {
  /// GSL's Sobol' generator has at most 40 dimensions: k ≤ 20 parameters.
  public static let maximumParameters = 20

  public let n: Int
  public let k: Int
  /// N(k+2) rows of k values in [0, 1).
  public let unitRows: [[Double]]

  public init(n: Int, parameters k: Int, seed: UInt32) throws {
    guard n >= 2 else { throw SensitivityError.input("--n must be at least 2 (it is \(n))") }
    guard (1...Self.maximumParameters).contains(k) else {
      throw SensitivityError.input(
        "a sobol design takes 1 to \(Self.maximumParameters) parameters (GSL's Sobol' sequence has 40 dimensions); \(k) given"
      )
    }
    self.n = n
    self.k = k
    let rng = try RandomGenerator(kind: .taus2, seed: seed)
    let mask: UInt32 = (1 << 30) - 1
    let shifts = (0..<(2 * k)).map { _ in UInt32(truncatingIfNeeded: rng.next()) & mask }
    guard let q = gsl_qrng_alloc(boca_qrng_sobol(), UInt32(2 * k)) else {
      throw SensitivityError.input("GSL could not allocate a Sobol' sequence of \(2 * k) dimensions")
    }
    defer { gsl_qrng_free(q) }
    var x = [Double](repeating: 0, count: 2 * k)
    var rows: [[Double]] = []
    rows.reserveCapacity(n * (k + 2))
    let scale = Double(1 << 30)
    for _ in 0..<n {
      _ = x.withUnsafeMutableBufferPointer { gsl_qrng_get(q, $0.baseAddress!) }
      let u = (0..<(2 * k)).map { d -> Double in
        let v = UInt32((x[d] * scale).rounded(.down)) & mask
        return (Double(v ^ shifts[d]) + 0.5) / scale
      }
      let a = Array(u[0..<k])
      let b = Array(u[k...])
      rows.append(a)
      for i in 0..<k {
        var ab = a
        ab[i] = b[i]
        rows.append(ab)
      }
      rows.append(b)
    }
    unitRows = rows
  }

  /// The matrix label of row `m` within a base sample: `A`, `AB_<name>`, `B`.
  public static func matrix(_ m: Int, parameters: [String]) -> String {
    m == 0 ? "A" : m == parameters.count + 1 ? "B" : "AB_" + parameters[m - 1]
  }
}

/// First- and total-order Sobol' indices of one output, with bootstrap intervals.
///
/// With f(A)_j, f(B)_j, f(AB_i)_j over the N base samples and V the variance of f over A and B
/// together (2N values, divided by 2N):
/// - S1_i = (1/N) Σ_j f(B)_j (f(AB_i)_j − f(A)_j) / V (Saltelli et al. 2010, Table 2 (b));
/// - ST_i = (1/2N) Σ_j (f(A)_j − f(AB_i)_j)² / V (Jansen 1999; Saltelli et al. 2010, Table 2 (f)).
/// Intervals: percentile 95% bootstrap (Efron & Tibshirani 1993, §13.3) over `resamples` resamples
/// of the N base samples (each with its AB_i rows), drawn from a `taus2` generator seeded with `seed`.
public struct SobolIndices: Sendable {
  public var parameters: [String]
  public var s1: [Double]
  public var st: [Double]
  public var s1Interval: [(low: Double, high: Double)]
  public var stInterval: [(low: Double, high: Double)]
  /// V, and the numerators of S1 and ST.
  public var variance: Double
  public var s1Numerator: [Double]
  public var stNumerator: [Double]

  /// `fA`, `fB`: N values each; `fAB[i]`: N values for parameter i.
  public init(
    parameters: [String], fA: [Double], fB: [Double], fAB: [[Double]], resamples: Int = Bootstrap.resamples,
    seed: UInt32 = 1
  ) throws {
    let n = fA.count
    let k = parameters.count
    self.parameters = parameters
    func estimate(_ idx: [Int]?) -> (v: Double, s1: [Double], st: [Double]) {
      let m = idx?.count ?? n
      var sum = 0.0
      var sum2 = 0.0
      // centre by the first value for numerical stability
      let c = fA[0]
      for t in 0..<m {
        let j = idx?[t] ?? t
        let a = fA[j] - c
        let b = fB[j] - c
        sum += a + b
        sum2 += a * a + b * b
      }
      let mean = sum / Double(2 * m)
      let v = sum2 / Double(2 * m) - mean * mean
      var s1 = [Double](repeating: 0, count: k)
      var st = [Double](repeating: 0, count: k)
      for i in 0..<k {
        let ab = fAB[i]
        var p = 0.0
        var q = 0.0
        for t in 0..<m {
          let j = idx?[t] ?? t
          let d = ab[j] - fA[j]
          p += (fB[j] - c) * d
          q += d * d
        }
        s1[i] = p / Double(m)
        st[i] = q / Double(2 * m)
      }
      return (v, s1, st)
    }
    let full = estimate(nil)
    variance = full.v
    s1Numerator = full.s1
    stNumerator = full.st
    s1 = full.s1.map { $0 / full.v }
    st = full.st.map { $0 / full.v }
    let rng = try RandomGenerator(kind: .taus2, seed: seed)
    var s1Samples = [[Double]](repeating: [], count: k)
    var stSamples = [[Double]](repeating: [], count: k)
    var idx = [Int](repeating: 0, count: n)
    for _ in 0..<resamples {
      for t in 0..<n { idx[t] = rng.uniformInt(n) }
      let e = estimate(idx)
      for i in 0..<k {
        s1Samples[i].append(e.s1[i] / e.v)
        stSamples[i].append(e.st[i] / e.v)
      }
    }
    s1Interval = s1Samples.map { Bootstrap.percentile95($0) }
    stInterval = stSamples.map { Bootstrap.percentile95($0) }
  }

  /// Splits the outputs of a design in ``SobolDesign`` row order (N(k+2) values) into f(A),
  /// f(B) and f(AB_i).
  public static func split(_ y: [Double], parameters k: Int) throws -> (fA: [Double], fB: [Double], fAB: [[Double]]) {
    guard y.count % (k + 2) == 0, y.count >= 2 * (k + 2) else {
      throw SensitivityError.input(
        "\(y.count) values do not form a Saltelli design over \(k) parameters (N(k+2) = N·\(k + 2) rows, N ≥ 2)")
    }
    let n = y.count / (k + 2)
    var fA: [Double] = []
    var fB: [Double] = []
    var fAB = [[Double]](repeating: [], count: k)
    for j in 0..<n {
      let base = j * (k + 2)
      fA.append(y[base])
      for i in 0..<k { fAB[i].append(y[base + 1 + i]) }
      fB.append(y[base + k + 1])
    }
    return (fA, fB, fAB)
  }
}

/// Bootstrap settings and the percentile interval (Efron & Tibshirani 1993).
public enum Bootstrap {
  /// Resamples per interval.
  public static let resamples = 1000

  /// The 2.5% and 97.5% quantiles of `samples` (linear interpolation between order statistics).
  public static func percentile95(_ samples: [Double]) -> (low: Double, high: Double) {
    let s = samples.filter { !$0.isNaN }.sorted()
    guard !s.isEmpty else { return (.nan, .nan) }
    func q(_ p: Double) -> Double {
      let h = p * Double(s.count - 1)
      let lo = Int(h.rounded(.down))
      let hi = min(lo + 1, s.count - 1)
      return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
    }
    return (q(0.025), q(0.975))
  }
}
