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
  /// The paired t test's two-sided p-value for a mean difference of 0 (t = d̄ / (sd(d)/√n), n − 1
  /// degrees of freedom; 0 or 1 when the differences do not vary).
  public let pairedP: Double

  public init(_ x: [Double], _ y: [Double]) {
    let sx = MeanSummary(x)
    let sy = MeanSummary(y)
    mean = sx.mean - sy.mean
    if x.count == y.count {
      let d = MeanSummary(zip(x, y).map { $0 - $1 })
      pairedLow = d.ciLow
      pairedHigh = d.ciHigh
      if d.n < 2 {
        pairedP = .nan
      } else if !(d.sd > 0) {
        pairedP = d.mean == 0 ? 1 : 0
      } else {
        pairedP = StudentT.twoSidedP(d.mean / (d.sd / Double(d.n).squareRoot()), degreesOfFreedom: Double(d.n - 1))
      }
    } else {
      pairedLow = .nan
      pairedHigh = .nan
      pairedP = .nan
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
/// and its 95% CI, the mean seeded and organic adopters (`organic` = adopters not placed by a
/// seed), times to 10% and 50% adoption (mean over the replicates that get there, always beside
/// the share that do), peak agitators, cost, cost per adopter, and the difference in adopters and
/// in organic adopters from the `compare_to` arm — paired and unpaired (Welch) 95% CIs side by
/// side — with the paired t test's p-value, its Holm-adjusted value over every comparison in the
/// table, whether it is significant, and the extra cost per extra (organic) adopter with a paired
/// bootstrap 95% CI (``RatioInterval``), flagged when the difference's CI contains 0; plus a
/// sentence per arm in plain words. Every interval is conditional on the network drawn for the
/// point (``networkNote``).
public struct ComparisonTable {
  public var header: [String] = []
  public var rows: [[TableValue]] = []
  public var sentences: [String] = []

  public static let fileName = "comparison.csv"

  /// What the intervals are about, printed with the comparison.
  public static let networkNote =
    "All intervals and p-values are conditional on the network drawn for each point: replicates vary the seeds and "
    + "the diffusion's randomness on that one network, not the network itself (docs/statistics.md)."

  /// The flag of a ratio whose denominator's paired 95% CI contains 0 (the ratio is unbounded).
  public static let ratioFlag = "diff_ci_contains_0"

  /// Builds the table from a finished run's parts (runs with campaign columns).
  public init(plan: ScenarioPlan, store: RunStore) throws {
    let baselineName = plan.compareTo ?? plan.arms.first?.name ?? ""
    var sides: [String] = []
    // The comparisons (row, p-value, sentence maker), adjusted together once every point is read.
    var tests: [(row: Int, sentence: Int, p: Double, words: (Double) -> String)] = []
    for point in store.completedPoints() {
      let (headerLine, lines) = try store.read(store.part(point: point, table: "runs"))
      let columns = CSVRecord.fields(headerLine)
      let index = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
      if header.isEmpty {
        sides = try RunsTable(parameters: plan.sweep.parameters, header: headerLine).sides
        header = Self.header(parameters: plan.sweep.parameters, sides: sides)
      }
      // per arm: column name → values in replicate order (NaN for an empty cell)
      var data = [String: [String: [Double]]]()
      for line in lines {
        let f = CSVRecord.fields(line)
        let arm = f[1]
        for (name, i) in index where i >= RunsTable.Key.allCases.count {
          data[arm, default: [:]][name, default: []].append(i < f.count ? Double(f[i]) ?? .nan : .nan)
        }
      }
      let base = data[baselineName]?["spread"] ?? []
      let names = plan.arms.map(\.name).filter { data[$0] != nil }
      let summaries = Dictionary(uniqueKeysWithValues: names.map { ($0, MeanSummary(data[$0]!["spread"]!)) })
      let ranked = names.sorted { summaries[$0]!.mean > summaries[$1]!.mean }
      let parameterCells = RunsTable.parameterCells(plan.sweep.points[point])
      let baseCost = data[baselineName]?["cost"] ?? []
      let baseOrganic = data[baselineName]?["organic"] ?? []
      let at = plan.pointCount > 1 ? "point \(point): " : ""
      for (armIndex, arm) in plan.arms.map(\.name).enumerated() where data[arm] != nil {
        let d = data[arm]!
        let adopters = d["spread"]!
        let s = summaries[arm]!
        var row: [TableValue] =
          [.int(point)] + parameterCells + [.int((ranked.firstIndex(of: arm) ?? 0) + 1), .text(arm), .int(s.n)]
        row += [.double(s.mean), .double(s.ciLow), .double(s.ciHigh)]
        for side in sides { row.append(.double(MeanSummary(d["spread_\(side)"] ?? []).mean)) }
        let organic = d["organic"] ?? []
        row.append(Self.meanCell(d["seeded"] ?? []))
        row.append(Self.meanCell(organic))
        for key in ["time_10", "time_50"] {
          let times = (d[key] ?? []).filter { !$0.isNaN }
          row.append(times.isEmpty ? .null : .double(MeanSummary(times).mean))
          row.append(.double(s.n == 0 ? .nan : Double(times.count) / Double(s.n)))
        }
        let peaks = (d["peak_agitators"] ?? []).filter { !$0.isNaN }
        row.append(peaks.isEmpty ? .null : .double(MeanSummary(peaks).mean))
        let costs = d["cost"] ?? []
        let cost = MeanSummary(costs).mean
        row.append(cost.isNaN ? .null : .double(cost))
        row.append(cost.isNaN || s.mean == 0 ? .null : .double(cost / s.mean))
        row.append(.text(baselineName))
        if arm == baselineName || base.count != adopters.count {
          row += [TableValue](repeating: .null, count: Self.differenceColumns.count)
        } else {
          let diff = Difference(adopters, base)
          let extraCost = costs.count == base.count ? zip(costs, baseCost).map { $0 - $1 } : []
          let seed = RandomSeedDerivation.seed(
            root: plan.base.seed, scenarioHash: plan.base.sourceHash, point: -3,
            replicate: point * plan.armCount + armIndex)
          let perAdopter = RatioInterval(
            numerator: extraCost, denominator: zip(adopters, base).map { $0 - $1 }, seed: seed)
          row += [
            .double(diff.mean), .double(diff.pairedLow), .double(diff.pairedHigh), .double(diff.unpairedLow),
            .double(diff.unpairedHigh), .double(diff.pairedP), .null, .text(diff.significant ? "yes" : "no"), .null,
          ]
          row += Self.ratioCells(perAdopter, costKnown: !extraCost.isEmpty, positive: diff.mean > 0)
          if organic.count == baseOrganic.count && !organic.isEmpty {
            let organicDiff = Difference(organic, baseOrganic)
            let perOrganic = RatioInterval(
              numerator: extraCost, denominator: zip(organic, baseOrganic).map { $0 - $1 }, seed: seed ^ 0x5EED)
            row += [.double(organicDiff.mean), .double(organicDiff.pairedLow), .double(organicDiff.pairedHigh)]
            row += Self.ratioCells(perOrganic, costKnown: !extraCost.isEmpty, positive: organicDiff.mean > 0)
          } else {
            row += [TableValue](repeating: .null, count: 7)
          }
          let sign = diff.mean >= 0 ? "+" : ""
          let organicText: String
          if organic.count == baseOrganic.count && !organic.isEmpty {
            let o = Difference(organic, baseOrganic)
            organicText =
              "; organic (not seeded) \(o.mean >= 0 ? "+" : "")\(Self.show(o.mean)), paired CI \(Self.show(o.pairedLow)) to \(Self.show(o.pairedHigh))"
          } else {
            organicText = ""
          }
          let head =
            "\(at)\(arm) vs \(baselineName): \(sign)\(Self.show(diff.mean)) adopters (paired 95% CI \(Self.show(diff.pairedLow)) to "
            + "\(Self.show(diff.pairedHigh)); unpaired \(Self.show(diff.unpairedLow)) to \(Self.show(diff.unpairedHigh))\(organicText)), "
          let significant = diff.significant
          let p = diff.pairedP
          tests.append(
            (
              rows.count, sentences.count, p,
              { holm in
                let pText =
                  "paired t test p \(Self.showP(p))" + (holm.isNaN ? "" : ", Holm-adjusted p \(Self.showP(holm))")
                let words =
                  significant
                  ? "significant (the paired 95% CI excludes 0; \(pText))"
                  : "not significant: the paired 95% CI includes 0, so the arms cannot be told apart at this many replicates (\(pText))"
                return head + words + "."
              }
            ))
          sentences.append("")
        }
        rows.append(row)
      }
      sentences.append("\(at)ranked by mean adopters: " + Self.ranking(ranked.map { ($0, summaries[$0]!) }))
    }
    // Holm over every comparison in the table (all points, all arms against the baseline).
    let holm = Holm.adjust(tests.map(\.p))
    let holmColumn = header.firstIndex(of: "p_holm")
    let significantHolmColumn = header.firstIndex(of: "significant_holm")
    for (k, test) in tests.enumerated() {
      if let holmColumn { rows[test.row][holmColumn] = holm[k].isNaN ? .null : .double(holm[k]) }
      if let significantHolmColumn, !holm[k].isNaN {
        rows[test.row][significantHolmColumn] = .text(holm[k] < 0.05 ? "yes" : "no")
      }
      sentences[test.sentence] = test.words(tests.count > 1 ? holm[k] : .nan)
    }
    if !rows.isEmpty { sentences.append(Self.networkNote) }
  }

  static func meanCell(_ values: [Double]) -> TableValue {
    let v = values.filter { !$0.isNaN }
    return v.isEmpty ? .null : .double(MeanSummary(v).mean)
  }

  /// The ratio, its bootstrap CI and its flag (empty ratio without cost or without a gain).
  static func ratioCells(_ r: RatioInterval, costKnown: Bool, positive: Bool) -> [TableValue] {
    guard costKnown else { return [.null, .null, .null, .null] }
    let flag: TableValue = r.denominatorContainsZero ? .text(ratioFlag) : .null
    guard positive, r.estimate.isFinite else { return [.null, .null, .null, flag] }
    return [
      .double(r.estimate), r.low.isFinite ? .double(r.low) : .null, r.high.isFinite ? .double(r.high) : .null, flag,
    ]
  }

  /// Arms by decreasing mean; `>` is written only where every arm before it is told apart from
  /// every arm after it (their 95% CIs do not overlap), `≈` otherwise, so no strict order is
  /// stated between arms whose intervals overlap.
  static func ranking(_ arms: [(name: String, summary: MeanSummary)]) -> String {
    var text = ""
    for (k, arm) in arms.enumerated() {
      if k > 0 {
        let lowestBefore = arms[..<k].map(\.summary.ciLow).min() ?? .nan
        let highestAfter = arms[k...].map(\.summary.ciHigh).max() ?? .nan
        text += highestAfter < lowestBefore ? " > " : " ≈ "
      }
      text += "\(arm.name) (\(Self.show(arm.summary.mean)))"
    }
    if text.contains(" ≈ ") { text += " (≈: 95% CIs overlap, no order is claimed)" }
    return text
  }

  /// The difference columns (empty for the baseline arm).
  static let differenceColumns = [
    "diff_adopters", "diff_paired_ci_low", "diff_paired_ci_high", "diff_unpaired_ci_low", "diff_unpaired_ci_high",
    "p_value", "p_holm", "significant", "significant_holm", "extra_cost_per_extra_adopter",
    "extra_cost_per_extra_adopter_ci_low", "extra_cost_per_extra_adopter_ci_high", "extra_cost_per_extra_adopter_flag",
    "diff_organic", "diff_organic_paired_ci_low", "diff_organic_paired_ci_high", "extra_cost_per_extra_organic",
    "extra_cost_per_extra_organic_ci_low", "extra_cost_per_extra_organic_ci_high", "extra_cost_per_extra_organic_flag",
  ]

  static func header(parameters: [String], sides: [String]) -> [String] {
    ["point"] + parameters + ["rank", "arm", "n", "adopters_mean", "adopters_ci_low", "adopters_ci_high"]
      + sides.map { "adopters_\($0)_mean" }
      + [
        "seeded_mean", "organic_mean", "time_10_mean", "reached_10_share", "time_50_mean", "reached_50_share",
        "peak_agitators_mean", "cost_mean", "cost_per_adopter", "compare_to",
      ] + differenceColumns
  }

  /// `= 0.0123` or `< 0.0001`.
  static func showP(_ p: Double) -> String {
    guard p.isFinite else { return "= n/a" }
    return p < 0.0001 ? "< 0.0001" : String(format: "= %.4f", p)
  }

  static func show(_ x: Double) -> String {
    guard x.isFinite else { return "n/a" }
    return String(format: abs(x) >= 100 ? "%.1f" : "%.3g", x)
  }

  /// Writes `comparison.csv` into `directory`.
  public func write(to directory: URL) throws {
    var text = header.map { TableValue.text($0).csvField }.joined(separator: ",") + "\n"
    for row in rows { text += row.map(\.csvField).joined(separator: ",") + "\n" }
    try AtomicFile.write(Data(text.utf8), to: directory.appendingPathComponent(Self.fileName))
  }

  /// The table for a terminal: the main columns, aligned.
  public func rendered() -> String {
    let shown = [
      "point", "rank", "arm", "adopters_mean", "adopters_ci_low", "adopters_ci_high", "organic_mean", "time_10_mean",
      "reached_10_share", "time_50_mean", "reached_50_share", "peak_agitators_mean", "cost_mean", "cost_per_adopter",
      "diff_adopters", "diff_paired_ci_low", "diff_paired_ci_high", "diff_unpaired_ci_low", "diff_unpaired_ci_high",
      "p_value", "p_holm", "significant", "diff_organic", "extra_cost_per_extra_adopter",
      "extra_cost_per_extra_organic",
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
