import BocaRandom

/// Morris (1991) trajectories on a p-level grid of [0, 1]^k.
///
/// Levels are {0, 1/(p−1), …, 1} with p even, and the step is Δ = p / (2(p − 1)) (p/2 levels).
/// Each trajectory starts at a base point whose every coordinate is a level drawn uniformly, then
/// changes the parameters one at a time in a random order: a coordinate in the lower half of the
/// levels moves up by Δ, one in the upper half down by Δ (so every level is equally likely before
/// and after the move, as in Morris's B* construction with random signs). A trajectory has k + 1
/// rows; r trajectories give r(k + 1) rows, trajectory by trajectory: point p of a sweep is
/// trajectory ⌊p / (k+1)⌋, step p mod (k+1). Draws come from one `taus2` generator seeded with `seed`.
public struct MorrisDesign: Sendable {
  public let trajectories: Int
  public let levels: Int
  public let k: Int
  /// r(k+1) rows of k values in [0, 1].
  public let unitRows: [[Double]]
  /// For every row: the parameter changed from the row before (nil for a trajectory's first row)
  /// and the signed step in unit scale (±Δ).
  public let changed: [(parameter: Int, unitStep: Double)?]

  /// Δ = p / (2(p − 1)).
  public static func delta(levels p: Int) -> Double { Double(p) / Double(2 * (p - 1)) }

  public init(trajectories r: Int, levels p: Int, parameters k: Int, seed: UInt32) throws {
    guard r >= 2 else { throw SensitivityError.input("--trajectories must be at least 2 (it is \(r))") }
    guard p >= 2, p % 2 == 0 else {
      throw SensitivityError.input("--levels must be an even number ≥ 2 (it is \(p)); 4 is usual")
    }
    guard k >= 1 else { throw SensitivityError.input("a morris design needs at least one parameter") }
    trajectories = r
    levels = p
    self.k = k
    let rng = try RandomGenerator(kind: .taus2, seed: seed)
    let grid = Double(p - 1)
    let jump = p / 2
    var rows: [[Double]] = []
    var changed: [(parameter: Int, unitStep: Double)?] = []
    for _ in 0..<r {
      var level = (0..<k).map { _ in rng.uniformInt(p) }
      var order = Array(0..<k)
      rng.shuffle(&order)
      rows.append(level.map { Double($0) / grid })
      changed.append(nil)
      for i in order {
        let up = level[i] < jump
        level[i] += up ? jump : -jump
        rows.append(level.map { Double($0) / grid })
        changed.append((i, up ? Self.delta(levels: p) : -Self.delta(levels: p)))
      }
    }
    unitRows = rows
    self.changed = changed
  }
}

/// Morris elementary effects summarised: μ, μ* (Campolongo, Cariboni & Saltelli 2007) and σ,
/// with a percentile 95% bootstrap interval for μ* over resampled trajectories.
///
/// The elementary effect of parameter i in a trajectory is EE_i = (y(x + Δ_i e_i) − y(x)) / Δ_i
/// with Δ_i the step in unit scale (x rescaled to [0, 1] over the parameter's range); it is
/// therefore the change of y per whole range of the parameter: a linear y = c·x over [lo, hi]
/// gives EE = c·(hi − lo). μ = mean EE, μ* = mean |EE|, σ = standard deviation of EE (divisor r − 1).
public struct MorrisIndices: Sendable {
  public var parameters: [String]
  public var mu: [Double]
  public var muStar: [Double]
  public var sigma: [Double]
  public var muStarInterval: [(low: Double, high: Double)]
  /// Elementary effects per parameter, per trajectory (NaN where a step changed nothing).
  public var effects: [[Double]]

  /// `effects[i][t]`: parameter i's elementary effect in trajectory t.
  public init(parameters: [String], effects: [[Double]], resamples: Int = Bootstrap.resamples, seed: UInt32 = 1)
    throws
  {
    self.parameters = parameters
    self.effects = effects
    func summary(_ e: [Double]) -> (mu: Double, muStar: Double, sigma: Double) {
      let xs = e.filter { !$0.isNaN }
      guard !xs.isEmpty else { return (.nan, .nan, .nan) }
      let m = xs.reduce(0, +) / Double(xs.count)
      let ms = xs.reduce(0) { $0 + abs($1) } / Double(xs.count)
      let s =
        xs.count > 1 ? (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot() : .nan
      return (m, ms, s)
    }
    let s = effects.map(summary)
    mu = s.map(\.mu)
    muStar = s.map(\.muStar)
    sigma = s.map(\.sigma)
    let r = effects.first?.count ?? 0
    let rng = try RandomGenerator(kind: .taus2, seed: seed)
    var samples = [[Double]](repeating: [], count: parameters.count)
    var idx = [Int](repeating: 0, count: r)
    for _ in 0..<(r > 0 ? resamples : 0) {
      for t in 0..<r { idx[t] = rng.uniformInt(r) }
      for i in 0..<parameters.count {
        var sum = 0.0
        var count = 0
        for t in idx where !effects[i][t].isNaN {
          sum += abs(effects[i][t])
          count += 1
        }
        samples[i].append(count > 0 ? sum / Double(count) : .nan)
      }
    }
    muStarInterval = samples.map { Bootstrap.percentile95($0) }
  }

  /// Elementary effects from outputs `y` in trajectory order (r(k+1) values) and, per row, the
  /// parameter changed and its signed unit step (nil for a trajectory's first row).
  public static func effects(
    y: [Double], changed: [(parameter: Int, unitStep: Double)?], parameters k: Int
  ) throws -> [[Double]] {
    guard y.count == changed.count, y.count % (k + 1) == 0, !y.isEmpty else {
      throw SensitivityError.input(
        "\(y.count) values do not form Morris trajectories over \(k) parameters (r(k+1) = r·\(k + 1) rows)")
    }
    let r = y.count / (k + 1)
    var effects = [[Double]](repeating: [Double](repeating: .nan, count: r), count: k)
    for t in 0..<r {
      for s in 1...k {
        let row = t * (k + 1) + s
        guard let c = changed[row] else {
          throw SensitivityError.input("row \(row + 1): step \(s) of trajectory \(t) changes no parameter")
        }
        if c.unitStep != 0 { effects[c.parameter][t] = (y[row] - y[row - 1]) / c.unitStep }
      }
    }
    return effects
  }
}

/// The Monte Carlo noise in an output computed from replicate means (item 3 of issue 13).
///
/// With R replicates per point, a point's mean carries noise of variance σ²_p / R (σ²_p the
/// replicates' variance at that point). The noise variance is estimated by the average over points
/// of s²_p / R_p — the nugget of a stochastic simulator (Marrel, Iooss, Da Veiga & Ribatet 2012,
/// "Global sensitivity analysis of stochastic computer models with joint metamodels"; Iooss &
/// Ribatet 2009) — and the noise share is that over the variance V of the means. Noise inflates
/// V and the Jansen numerator of ST (by the noise variance, in expectation) and leaves the
/// Saltelli numerator of S1 unbiased; the corrected indices subtract it:
/// S1c = num(S1) / (V − ν), STc = (num(ST) − ν) / (V − ν).
public struct NoiseShare: Sendable {
  /// ν: mean over points of the variance of a point's mean.
  public var noiseVariance: Double
  /// ν / V.
  public var share: Double
  /// The replicates behind the means (the smallest count over points).
  public var replicates: Int
  /// Replicates for which ν would be 5% of the variance of the noise-free means.
  public var suggestedReplicates: Int

  public init(meanVariances: [Double], replicates: [Int], variance: Double) {
    let vs = meanVariances.filter { !$0.isNaN }
    noiseVariance = vs.isEmpty ? .nan : vs.reduce(0, +) / Double(vs.count)
    share = noiseVariance / variance
    self.replicates = replicates.min() ?? 0
    let signal = max(variance - noiseVariance, variance * 1e-6)
    let perReplicate = noiseVariance * Double(self.replicates)
    let needed = (perReplicate / (0.05 * signal)).rounded(.up)
    suggestedReplicates = needed.isFinite ? max(self.replicates, Int(min(needed, 1e9))) : self.replicates
  }

  /// The warning threshold: noise above this share of V (or of an index's numerator) dominates.
  public static let warningShare = 0.2
}
