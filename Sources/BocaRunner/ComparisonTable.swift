import BocaRandom
import BocaResults
import BocaScenario
import Foundation

/// The difference of two means with its 95% confidence intervals, paired and unpaired.
///
/// Paired (common random numbers: replicate r of both arms ran from the same seed):
/// d_r = x_r − y_r, CI = d̄ ± t(0.975, n−1) · sd(d) / √n. Unpaired (Welch): x̄ − ȳ ±
/// t(0.975, ν) · √(s_x²/n_x + s_y²/n_y) with ν = (s_x²/n_x + s_y²/n_y)² / ((s_x²/n_x)²/(n_x−1) +
/// (s_y²/n_y)²/(n_y−1)). Positive correlation between the arms (what common random numbers give)
/// makes the paired interval the narrower.
public struct Difference: Sendable, Equatable {
  public let mean: Double
  public let pairedLow: Double
  public let pairedHigh: Double
  public let unpairedLow: Double
  public let unpairedHigh: Double

  public init(_ x: [Double], _ y: [Double]) {
    let sx = MeanSummary(x)
    let sy = MeanSummary(y)
    mean = sx.mean - sy.mean
    if x.count == y.count {
      let d = MeanSummary(zip(x, y).map { $0 - $1 })
      pairedLow = d.ciLow
      pairedHigh = d.ciHigh
    } else {
      pairedLow = .nan
      pairedHigh = .nan
    }
    let vx = sx.sd * sx.sd / Double(sx.n)
    let vy = sy.sd * sy.sd / Double(sy.n)
    let se = (vx + vy).squareRoot()
    if se > 0 {
      let nu = (vx + vy) * (vx + vy) / (vx * vx / Double(sx.n - 1) + vy * vy / Double(sy.n - 1))
      let t = StudentT.quantile(0.975, degreesOfFreedom: nu)
      unpairedLow = mean - t * se
      unpairedHigh = mean + t * se
    } else {
      unpairedLow = mean
      unpairedHigh = mean
    }
  }

  /// Significant at 5%: the paired interval excludes 0.
  public var significant: Bool { pairedLow > 0 || pairedHigh < 0 || (pairedLow == pairedHigh && mean != 0) }
}

/// `comparison.csv`: per point × arm, ranked by mean adopters, with mean adopters (and by side)
/// and its 95% CI, times to 10% and 50% adoption (mean over the replicates that get there, and
/// the share that do), peak agitators, cost, cost per adopter, and the difference in adopters
/// from the `compare_to` arm — paired and unpaired (Welch) 95% CIs side by side — with whether it
/// is significant, plus a sentence per arm in plain words.
public struct ComparisonTable {
  public var header: [String] = []
  public var rows: [[TableValue]] = []
  public var sentences: [String] = []

  public static let fileName = "comparison.csv"

  /// Builds the table from a finished run's parts (runs with campaign columns).
  public init(plan: ScenarioPlan, store: RunStore) throws {
    let baselineName = plan.compareTo ?? plan.arms.first?.name ?? ""
    var sides: [String] = []
    for point in store.completedPoints() {
      let (headerLine, lines) = try store.read(store.part(point: point, table: "runs"))
      let columns = CSVRecord.fields(headerLine)
      let index = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
      if header.isEmpty {
        sides = columns.filter { $0.hasPrefix("spread_") }.map { String($0.dropFirst("spread_".count)) }
        header = Self.header(parameters: plan.sweep.parameters, sides: sides)
      }
      // per arm: column name → values in replicate order (NaN for an empty cell)
      var data = [String: [String: [Double]]]()
      for line in lines {
        let f = CSVRecord.fields(line)
        let arm = f[1]
        for (name, i) in index where i > 3 {
          data[arm, default: [:]][name, default: []].append(i < f.count ? Double(f[i]) ?? .nan : .nan)
        }
      }
      let base = data[baselineName]?["spread"] ?? []
      let names = plan.arms.map(\.name).filter { data[$0] != nil }
      let ranked = names.sorted { MeanSummary(data[$0]!["spread"]!).mean > MeanSummary(data[$1]!["spread"]!).mean }
      let parameterCells = plan.sweep.points[point].map(TableAssembler.value)
      let baseCost = MeanSummary(data[baselineName]?["cost"] ?? []).mean
      for arm in plan.arms.map(\.name) where data[arm] != nil {
        let d = data[arm]!
        let adopters = d["spread"]!
        let s = MeanSummary(adopters)
        var row: [TableValue] =
          [.int(point)] + parameterCells + [.int((ranked.firstIndex(of: arm) ?? 0) + 1), .text(arm), .int(s.n)]
        row += [.double(s.mean), .double(s.ciLow), .double(s.ciHigh)]
        for side in sides { row.append(.double(MeanSummary(d["spread_\(side)"] ?? []).mean)) }
        for key in ["time_10", "time_50"] {
          let times = (d[key] ?? []).filter { !$0.isNaN }
          row.append(times.isEmpty ? .null : .double(MeanSummary(times).mean))
          row.append(.double(s.n == 0 ? .nan : Double(times.count) / Double(s.n)))
        }
        let peaks = (d["peak_agitators"] ?? []).filter { !$0.isNaN }
        row.append(peaks.isEmpty ? .null : .double(MeanSummary(peaks).mean))
        let cost = MeanSummary(d["cost"] ?? []).mean
        row.append(cost.isNaN ? .null : .double(cost))
        row.append(cost.isNaN || s.mean == 0 ? .null : .double(cost / s.mean))
        row.append(.text(baselineName))
        if arm == baselineName || base.count != adopters.count {
          row += [.null, .null, .null, .null, .null, .null, .null]
        } else {
          let diff = Difference(adopters, base)
          let extraCost = cost - baseCost
          row += [
            .double(diff.mean), .double(diff.pairedLow), .double(diff.pairedHigh), .double(diff.unpairedLow),
            .double(diff.unpairedHigh), .text(diff.significant ? "yes" : "no"),
            diff.mean > 0 && !extraCost.isNaN ? .double(extraCost / diff.mean) : .null,
          ]
          let at = plan.pointCount > 1 ? "point \(point): " : ""
          let sign = diff.mean >= 0 ? "+" : ""
          let words =
            diff.significant
            ? "significant (the paired 95% CI excludes 0)"
            : "not significant: the paired 95% CI includes 0, so the arms cannot be told apart at this many replicates"
          sentences.append(
            "\(at)\(arm) vs \(baselineName): \(sign)\(Self.show(diff.mean)) adopters (paired 95% CI \(Self.show(diff.pairedLow)) to "
              + "\(Self.show(diff.pairedHigh)); unpaired \(Self.show(diff.unpairedLow)) to \(Self.show(diff.unpairedHigh))), \(words)."
          )
        }
        rows.append(row)
      }
      let at = plan.pointCount > 1 ? "point \(point): " : ""
      sentences.append(
        "\(at)ranked by mean adopters: "
          + ranked.map { "\($0) (\(Self.show(MeanSummary(data[$0]!["spread"]!).mean)))" }.joined(separator: " > "))
    }
  }

  static func header(parameters: [String], sides: [String]) -> [String] {
    ["point"] + parameters + ["rank", "arm", "n", "adopters_mean", "adopters_ci_low", "adopters_ci_high"]
      + sides.map { "adopters_\($0)_mean" }
      + [
        "time_10_mean", "reached_10_share", "time_50_mean", "reached_50_share", "peak_agitators_mean", "cost_mean",
        "cost_per_adopter", "compare_to", "diff_adopters", "diff_paired_ci_low", "diff_paired_ci_high",
        "diff_unpaired_ci_low", "diff_unpaired_ci_high", "significant", "extra_cost_per_extra_adopter",
      ]
  }

  static func show(_ x: Double) -> String {
    guard x.isFinite else { return "n/a" }
    return String(format: abs(x) >= 100 ? "%.1f" : "%.3g", x)
  }

  /// Writes `comparison.csv` into `directory`.
  public func write(to directory: URL) throws {
    var text = header.map { TableValue.text($0).csvField }.joined(separator: ",") + "\n"
    for row in rows { text += row.map(\.csvField).joined(separator: ",") + "\n" }
    try text.write(to: directory.appendingPathComponent(Self.fileName), atomically: true, encoding: .utf8)
  }

  /// The table for a terminal: the main columns, aligned.
  public func rendered() -> String {
    let shown = [
      "point", "rank", "arm", "adopters_mean", "adopters_ci_low", "adopters_ci_high", "time_50_mean",
      "peak_agitators_mean",
      "cost_mean", "cost_per_adopter", "diff_adopters", "diff_paired_ci_low", "diff_paired_ci_high",
      "diff_unpaired_ci_low",
      "diff_unpaired_ci_high", "significant",
    ]
    let idx = shown.compactMap { header.firstIndex(of: $0) }
    let cells =
      [idx.map { header[$0] }]
      + rows.map { row in
        idx.map { i -> String in
          if case .double(let x) = row[i] { return Self.show(x) }
          return row[i].csvField
        }
      }
    let widths = idx.indices.map { c in cells.map { $0[c].count }.max() ?? 0 }
    return cells.map { line in
      zip(line, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
    }.joined(separator: "\n")
  }
}
