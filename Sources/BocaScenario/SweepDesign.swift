import BocaRandom
import BocaSensitivity

/// How a sweep's points are chosen from its parameters' values.
public enum SweepDesign: Sendable, Equatable {
  /// Full factorial: every combination; the first parameter varies slowest.
  case grid
  /// The points as listed.
  case list
  /// Latin hypercube: `n` points over the parameters' ranges, drawn with `seed`.
  case latinHypercube(n: Int, seed: UInt32)
  /// One at a time: the base point first, then each parameter through its values (skipping its
  /// base value) with the others at their base values.
  case oneAtATime
  /// Saltelli's scheme for Sobol' indices: `n` base samples on a Sobol' sequence scrambled with
  /// `seed`, N(k+2) points in ``BocaSensitivity/SobolDesign`` order (base sample by base sample:
  /// A, AB_1 … AB_k, B).
  case sobol(n: Int, seed: UInt32)
  /// Morris trajectories: r(k+1) points in ``BocaSensitivity/MorrisDesign`` order (trajectory by
  /// trajectory); `ranges` are the parameters' ranges, which the analysis divides steps by.
  case morris(trajectories: Int, levels: Int, seed: UInt32, ranges: [ClosedRange<Double>])

  /// The name used in scenario files.
  public var name: String {
    switch self {
    case .grid: return "grid"
    case .list: return "list"
    case .latinHypercube: return "lhs"
    case .oneAtATime: return "one-at-a-time"
    case .sobol: return "sobol"
    case .morris: return "morris"
    }
  }

  /// Names accepted for `sweep.design`.
  public static let names = ["grid", "list", "lhs", "one-at-a-time", "sobol", "morris"]

  /// Every combination of `values` (one list per parameter), first parameter slowest.
  public static func grid(_ values: [[SweepValue]]) -> [[SweepValue]] {
    values.reduce([[]]) { points, column in points.flatMap { p in column.map { p + [$0] } } }
  }

  /// A Latin hypercube sample of `n` points: for each parameter independently, the n strata of
  /// its range are visited in a random order and a point is drawn uniformly within its stratum:
  /// `x = lo + (π(i) + u) / n · (hi − lo)`. Parameters marked `integer` (their key is a count,
  /// ``ScenarioSchema``) are rounded to the nearest whole number in [⌈lo⌉, ⌊hi⌋] (so points can
  /// coincide when n exceeds the range's width; ``Sweep/duplicates`` lists them); the others stay
  /// real, however their bounds are written. Draws come from one `taus2` generator seeded with `seed`,
  /// parameter by parameter (permutation first, then the n offsets).
  ///
  /// Reference: McKay, Beckman & Conover, "A comparison of three methods for selecting values of
  /// input variables in the analysis of output from a computer code", Technometrics 21 (1979).
  public static func latinHypercube(
    n: Int, ranges: [(low: Double, high: Double, integer: Bool)], seed: UInt32
  ) throws -> [[SweepValue]] {
    let rng = try RandomGenerator(kind: .taus2, seed: seed)
    var columns: [[SweepValue]] = []
    for range in ranges {
      var strata = Array(0..<n)
      rng.shuffle(&strata)
      columns.append(
        strata.map { s in
          let x = range.low + (Double(s) + rng.uniform()) / Double(n) * (range.high - range.low)
          return range.integer ? .int(whole(x, low: range.low, high: range.high)) : .double(x)
        })
    }
    return (0..<n).map { i in columns.map { $0[i] } }
  }

  /// Points of a unit-scale design (rows in [0, 1]^k) over `ranges`: reals scaled to
  /// [lo, hi]; counts (`integer`) rounded to the nearest whole number in [⌈lo⌉, ⌊hi⌋].
  public static func scaled(
    _ unitRows: [[Double]], ranges: [(low: Double, high: Double, integer: Bool)]
  ) -> [[SweepValue]] {
    unitRows.map { row in
      zip(row, ranges).map { u, range in
        let x = range.low + u * (range.high - range.low)
        return range.integer ? .int(whole(x, low: range.low, high: range.high)) : .double(x)
      }
    }
  }

  /// The base point, then each parameter's other values in turn with the rest at base.
  public static func oneAtATime(base: [SweepValue], values: [[SweepValue]]) -> [[SweepValue]] {
    var points = [base]
    for (i, column) in values.enumerated() {
      for v in column where v != base[i] {
        var p = base
        p[i] = v
        points.append(p)
      }
    }
    return points
  }

  /// `steps` evenly spaced values from `low` to `high` inclusive: rounded to whole numbers (in
  /// [⌈low⌉, ⌊high⌋]) when `integer` (the key is a count), else reals.
  public static func range(low: Double, high: Double, steps: Int, integer: Bool) -> [SweepValue] {
    let values =
      steps > 1
      ? (0..<steps).map { i in i == steps - 1 ? high : low + Double(i) * (high - low) / Double(steps - 1) } : [low]
    return values.map { integer ? .int(whole($0, low: low, high: high)) : .double($0) }
  }

  /// `x` rounded to the nearest whole number within [⌈low⌉, ⌊high⌋] (callers check that this
  /// interval is not empty).
  static func whole(_ x: Double, low: Double, high: Double) -> Int {
    Int(clamping: min(max(x.rounded(), low.rounded(.up)), high.rounded(.down)))
  }
}
