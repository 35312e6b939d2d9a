import BocaRandom

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

  /// The name used in scenario files.
  public var name: String {
    switch self {
    case .grid: return "grid"
    case .list: return "list"
    case .latinHypercube: return "lhs"
    case .oneAtATime: return "one-at-a-time"
    }
  }

  /// Names accepted for `sweep.design`.
  public static let names = ["grid", "list", "lhs", "one-at-a-time"]

  /// Every combination of `values` (one list per parameter), first parameter slowest.
  public static func grid(_ values: [[SweepValue]]) -> [[SweepValue]] {
    values.reduce([[]]) { points, column in points.flatMap { p in column.map { p + [$0] } } }
  }

  /// A Latin hypercube sample of `n` points: for each parameter independently, the n strata of
  /// its range are visited in a random order and a point is drawn uniformly within its stratum:
  /// `x = lo + (π(i) + u) / n · (hi − lo)`. Parameters whose range is written with whole numbers
  /// are rounded to whole numbers. Draws come from one `taus2` generator seeded with `seed`,
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
          return range.integer ? .int(Int(x.rounded())) : .double(x)
        })
    }
    return (0..<n).map { i in columns.map { $0[i] } }
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

  /// `steps` evenly spaced values from `low` to `high` inclusive; whole numbers when both ends
  /// are whole and every value is.
  public static func range(low: Double, high: Double, steps: Int, integer: Bool) -> [SweepValue] {
    guard steps > 1 else { return [integer ? .int(Int(low)) : .double(low)] }
    let values = (0..<steps).map { i in i == steps - 1 ? high : low + Double(i) * (high - low) / Double(steps - 1) }
    if integer && values.allSatisfy({ $0 == $0.rounded() }) { return values.map { .int(Int($0)) } }
    return values.map { .double($0) }
  }
}
