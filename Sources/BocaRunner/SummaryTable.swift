import BocaRandom
import BocaResults

/// The summary of one metric over replicates: n, mean, sample sd and the 95% confidence
/// interval of the mean, `mean ± t(0.975, n−1) · sd / √n` (Student t quantile from GSL).
public struct MeanSummary: Sendable, Equatable {
  public let n: Int
  public let mean: Double
  public let sd: Double
  public let ciLow: Double
  public let ciHigh: Double

  /// Summarises `values` (summed in order, so the result is reproducible to the bit).
  public init(_ values: [Double]) {
    n = values.count
    mean = n == 0 ? .nan : values.reduce(0, +) / Double(n)
    let m = mean
    sd = n < 2 ? .nan : (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)).squareRoot()
    let half = n < 2 ? Double.nan : StudentT.critical95(n: n) * sd / Double(n).squareRoot()
    ciLow = mean - half
    ciHigh = mean + half
  }
}

/// The `summary` table: one row per point × arm, with n and, per metric, the mean, sd and 95% CI,
/// and (when arms are compared) the mean paired difference from the `compare_to` arm with its
/// 95% CI, from replicate-wise differences (the arms share seeds, so replicate r of both arms
/// saw the same random numbers).
public enum SummaryTable {
  public static let name = "summary"

  /// The table's schema for `runs`: `point, arm, <parameters>, n`, then the summary of every
  /// metric of the runs table that is not a time (``metricColumns(_:compared:)``), then of the
  /// times (``timeColumns(_:)``).
  public static func schema(runs: RunsTable, parameterTypes: [ColumnType], compared: Bool) -> TableSchema {
    let summarized = runs.metrics.filter { !$0.isTime }.map(\.name)
    let timed = runs.metrics.filter(\.isTime).map(\.name)
    return TableSchema(
      name: name,
      columns: [(RunsTable.Key.point.name, .integer), (RunsTable.Key.arm.name, .text)]
        + zip(runs.parameters, parameterTypes).map { ($0, $1) } + [("n", .integer)]
        + metricColumns(summarized, compared: compared).map { ($0, ColumnType.real) }
        + timeColumns(timed).map { ($0, ColumnType.real) })
  }

  /// The columns after `point, arm, <parameters>, n`, for `metrics`.
  public static func metricColumns(_ metrics: [String], compared: Bool) -> [String] {
    metrics.flatMap { m in
      ["\(m)_mean", "\(m)_sd", "\(m)_ci_low", "\(m)_ci_high"]
        + (compared ? ["\(m)_diff", "\(m)_diff_ci_low", "\(m)_diff_ci_high"] : [])
    }
  }

  /// The columns of times to a share of adoption (`time_10`, `time_50`): mean, sd and 95% CI
  /// over the replicates that reached it, always beside the share that did (a mean over the
  /// replicates that got there alone would flatter an arm that rarely does).
  public static func timeColumns(_ metrics: [String]) -> [String] {
    metrics.flatMap { m in ["\(m)_mean", "\(m)_sd", "\(m)_ci_low", "\(m)_ci_high", "\(m)_reached_share"] }
  }

  /// The time cells of one arm: `times[metric][replicate]`, NaN where never reached.
  public static func timeCells(_ times: [[Double]]) -> [TableValue] {
    times.flatMap { column -> [TableValue] in
      let reached = column.filter { !$0.isNaN }
      let s = MeanSummary(reached)
      let share: TableValue = column.isEmpty ? .null : .double(Double(reached.count) / Double(column.count))
      guard !reached.isEmpty else { return [.null, .null, .null, .null, share] }
      return [.double(s.mean), .double(s.sd), .double(s.ciLow), .double(s.ciHigh), share]
    }
  }

  /// The summary cells of one arm: `values[metric][replicate]`, and the baseline arm's values
  /// when compared (nil for the baseline itself, whose difference cells are empty).
  public static func cells(_ values: [[Double]], baseline: [[Double]]?, compared: Bool) -> [TableValue] {
    var row: [TableValue] = [.int(values.first?.count ?? 0)]
    for (m, column) in values.enumerated() {
      let s = MeanSummary(column)
      row += [.double(s.mean), .double(s.sd), .double(s.ciLow), .double(s.ciHigh)]
      guard compared else { continue }
      if let baseline, baseline[m].count == column.count {
        let d = MeanSummary(zip(column, baseline[m]).map { $0 - $1 })
        row += [.double(d.mean), .double(d.ciLow), .double(d.ciHigh)]
      } else {
        row += [.null, .null, .null]
      }
    }
    return row
  }
}
