import Foundation

/// One generation of ABC-SMC particles: values, normalised weights and distances.
///
/// Weights (Beaumont, Cornuet, Marin & Robert 2009): generation 0 is a sample of the prior, all
/// weights 1/N; in generation t ≥ 1 particle θ_i gets
///
///     w_i ∝ π(θ_i) / Σ_j W_j K(θ_i | θ_j)
///
/// over the previous generation's particles θ_j with weights W_j, where K is the perturbation
/// kernel: a multivariate Gaussian with covariance Σ = 2 · (weighted covariance of the previous
/// generation), Beaumont et al.'s choice (the optimal scale under a Kullback–Leibler criterion,
/// Filippi, Barnes, Cornebise & Stumpf 2013).
struct AbcPopulation: Codable, Equatable {
  /// Generation number (0 = prior sample).
  var generation: Int
  /// Tolerance the particles were accepted under (+∞ for generation 0).
  var tolerance: Double
  /// Particle values, particle-major: values[i * d + k].
  var values: [Double]
  var weights: [Double]
  var distances: [Double]
  var dimension: Int

  var count: Int { weights.count }

  func particle(_ i: Int) -> ArraySlice<Double> { values[(i * dimension)..<((i + 1) * dimension)] }

  /// Weighted mean of parameter k.
  func mean(_ k: Int) -> Double {
    var s = 0.0
    for i in 0..<count { s += weights[i] * values[i * dimension + k] }
    return s
  }

  /// Weighted variance of parameter k (weights sum to 1).
  func variance(_ k: Int) -> Double {
    let mu = mean(k)
    var s = 0.0
    for i in 0..<count {
      let d = values[i * dimension + k] - mu
      s += weights[i] * d * d
    }
    return s
  }

  /// The perturbation kernel: a Gaussian with twice the weighted covariance of the particles.
  func kernel() -> AbcKernel {
    let d = dimension
    var covariance = [Double](repeating: 0, count: d * d)
    let means = (0..<d).map { mean($0) }
    for i in 0..<count {
      for a in 0..<d {
        let x = values[i * d + a] - means[a]
        for b in 0...a { covariance[a * d + b] += weights[i] * x * (values[i * d + b] - means[b]) }
      }
    }
    for a in 0..<d { for b in 0...a { covariance[b * d + a] = covariance[a * d + b] } }
    return AbcKernel(covariance: covariance.map { 2 * $0 }, dimension: d)
  }

  /// Cumulative weights, for drawing ancestors.
  func cumulativeWeights() -> [Double] {
    var c = [Double](repeating: 0, count: count)
    var s = 0.0
    for i in 0..<count {
      s += weights[i]
      c[i] = s
    }
    return c
  }

  /// The index of the ancestor for uniform u ∈ [0, 1): the first i with cumulative[i] > u·total.
  static func ancestor(_ cumulative: [Double], u: Double) -> Int {
    let target = u * (cumulative.last ?? 0)
    var lo = 0
    var hi = cumulative.count - 1
    while lo < hi {
      let mid = (lo + hi) / 2
      if cumulative[mid] > target { hi = mid } else { lo = mid + 1 }
    }
    return lo
  }

  /// The weighted quantile of parameter k: the smallest value whose cumulative weight (values
  /// sorted, ties in particle order) reaches `prob` (the inverse of the weighted empirical cdf).
  func quantile(_ k: Int, _ prob: Double) -> Double {
    let order = (0..<count).sorted { a, b in
      let x = values[a * dimension + k]
      let y = values[b * dimension + k]
      return x < y || (x == y && a < b)
    }
    var s = 0.0
    for i in order {
      s += weights[i]
      if s >= prob - 1e-12 { return values[i * dimension + k] }
    }
    return values[order.last! * dimension + k]
  }

  /// The un-normalised weight π(θ) / Σ_j W_j K(θ | θ_j) of a new particle `theta` moved from
  /// this (previous) population with `kernel`. The Gaussian normalising constant, common to all
  /// particles, is dropped.
  func importanceWeight(prior: Double, theta: [Double], kernel: AbcKernel) -> Double {
    var denominator = 0.0
    var scratch = [Double](repeating: 0, count: dimension)
    for j in 0..<count where weights[j] > 0 {
      for k in 0..<dimension { scratch[k] = theta[k] - values[j * dimension + k] }
      denominator += weights[j] * exp(-0.5 * kernel.mahalanobisSquared(&scratch))
    }
    return denominator > 0 ? prior / denominator : 0
  }
}

/// A multivariate Gaussian perturbation kernel N(0, Σ), held by its Cholesky factor L (Σ = L Lᵀ).
/// Σ is twice the weighted covariance of the previous generation (Beaumont et al. 2009; Filippi
/// et al. 2013 give the multivariate form); when Σ is not positive definite (collapsed or
/// collinear particles) its diagonal is raised by 10⁻¹²·(1 + trace/d) until it is.
struct AbcKernel: Equatable {
  let dimension: Int
  /// Lower-triangular factor, row-major.
  var factor: [Double]

  init(covariance: [Double], dimension d: Int) {
    dimension = d
    var jitter = 0.0
    let scale = 1e-12 * (1 + (0..<d).reduce(0.0) { $0 + abs(covariance[$1 * d + $1]) } / Double(max(d, 1)))
    var l = [Double](repeating: 0, count: d * d)
    for _ in 0..<60 {
      if let f = Self.cholesky(covariance, d, jitter: jitter) {
        l = f
        break
      }
      jitter = jitter == 0 ? scale : jitter * 10
    }
    factor = l
  }

  static func cholesky(_ a: [Double], _ d: Int, jitter: Double) -> [Double]? {
    var l = [Double](repeating: 0, count: d * d)
    for i in 0..<d {
      for j in 0...i {
        var s = a[i * d + j] + (i == j ? jitter : 0)
        for k in 0..<j { s -= l[i * d + k] * l[j * d + k] }
        if i == j {
          guard s > 0 && s.isFinite else { return nil }
          l[i * d + i] = s.squareRoot()
        } else {
          l[i * d + j] = s / l[j * d + j]
        }
      }
    }
    return l
  }

  /// x ← x + L z for standard normal draws z.
  func perturb(_ x: inout [Double], normals z: [Double]) {
    for i in 0..<dimension {
      var s = 0.0
      for k in 0...i { s += factor[i * dimension + k] * z[k] }
      x[i] += s
    }
  }

  /// ‖L⁻¹ v‖² = vᵀ Σ⁻¹ v, by forward substitution (overwrites v).
  func mahalanobisSquared(_ v: inout [Double]) -> Double {
    var total = 0.0
    for i in 0..<dimension {
      var s = v[i]
      for k in 0..<i { s -= factor[i * dimension + k] * v[k] }
      v[i] = s / factor[i * dimension + i]
      total += v[i] * v[i]
    }
    return total
  }
}
