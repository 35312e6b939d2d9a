import BocaResults
import Foundation

/// A run directory's sweep points, with their parameter values and, per point, the replicate
/// mean of every output: each metric of each arm and each arm's paired difference from the
/// baseline arm. Used by `boca analyze RUN_DIR` (Sobol', Morris) and by `boca discover` (PRIM).
///
/// Output names:
/// - one arm: the metric's column name (`spread`, `spread_consumer`, `organic`, `cost`, `time_50`);
/// - several arms: `METRIC[ARM]` for every arm, and `diff_METRIC[ARM-BASELINE]` for every arm
///   but the baseline (the manifest's `compare_to`, else the first arm): the mean over
///   replicates of `METRIC(arm, r) − METRIC(baseline, r)` (arms share the seeds of replicate r,
///   so the difference is paired).
///
/// Metrics: `spread`, `spread_<side>`, `organic`, `cost` and `time_50`, where the runs table has
/// them. Empty cells (`time_50` when half the population was never reached) are left out of a
/// point's mean; a point with no value gets NaN.
public struct PointTable: Sendable {
  /// The swept key paths (the manifest's `parameters`), one column of ``rows`` each.
  public var parameters: [String]
  /// One row per sweep point, in point order: the parameter values.
  public var rows: [[Double]]
  /// The outputs, in a stable order (metric-major, arms in manifest order, then differences).
  public var outputNames: [String]
  /// Output → replicate mean at every point.
  public var outputs: [String: [Double]]
  /// Output → the Monte Carlo variance of that mean at every point: the replicates' sample
  /// variance divided by their count (NaN with fewer than two replicates).
  public var meanVariance: [String: [Double]]
  /// Output → the number of replicates behind each point's mean.
  public var replicates: [String: [Int]]
  /// The sweep design's name (`grid`, `lhs`, `sobol`, `morris`…), from the manifest.
  public var design: String
  /// The arms (manifest order) and the baseline, when the run compares arms.
  public var arms: [String]
  public var baseline: String?

  /// Metric columns analysed, in this order of preference (plus `spread_<side>` after `spread`).
  public static func isMetric(_ column: String) -> Bool {
    column == "spread" || column.hasPrefix("spread_") || ["organic", "cost", "time_50"].contains(column)
  }

  /// Reads `manifest.json` and `runs.csv` of `runDirectory`.
  public static func load(runDirectory: URL) throws -> PointTable {
    let manifestURL = runDirectory.appendingPathComponent("manifest.json")
    guard FileManager.default.fileExists(atPath: manifestURL.path) else {
      throw SensitivityError.input("\(runDirectory.path): not a run directory (no manifest.json)")
    }
    guard let data = try? Data(contentsOf: manifestURL),
      let manifest = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    else { throw SensitivityError.input("\(manifestURL.path): not a JSON object") }
    let tables = manifest["tables"] as? [String: String] ?? [:]
    let runsURL = runDirectory.appendingPathComponent(tables["runs"] ?? "runs.csv")
    guard let text = try? String(contentsOf: runsURL, encoding: .utf8) else {
      throw SensitivityError.input("\(runsURL.path): cannot read the runs table (is the run complete?)")
    }
    let parameters = manifest["parameters"] as? [String] ?? []
    var lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
    guard !lines.isEmpty else { throw SensitivityError.input("\(runsURL.path): empty") }
    let header = CSVRecord.fields(lines.removeFirst())
    func column(_ name: String) throws -> Int {
      guard let i = header.firstIndex(of: name) else {
        throw SensitivityError.input("\(runsURL.path):1: no column '\(name)'")
      }
      return i
    }
    let pointColumn = try column("point")
    let armColumn = header.firstIndex(of: "arm")
    let replicateColumn = try column("replicate")
    let parameterColumns = try parameters.map(column)
    let metrics = header.enumerated().filter { isMetric($0.element) && !parameters.contains($0.element) }
    let arms: [String] = manifest["arms"] as? [String] ?? []
    let multiArm = arms.count > 1
    let baseline = multiArm ? (manifest["compare_to"] as? String ?? arms.first) : nil

    // point → arm → replicate → metric values
    var pointRows: [Int: [Double]] = [:]
    var values: [Int: [String: [Int: [Double]]]] = [:]
    for (n, line) in lines.enumerated() {
      let f = CSVRecord.fields(line)
      guard f.count == header.count else {
        throw SensitivityError.input("\(runsURL.path):\(n + 2): \(f.count) fields, the header has \(header.count)")
      }
      guard let point = Int(f[pointColumn]), let replicate = Int(f[replicateColumn]) else {
        throw SensitivityError.input("\(runsURL.path):\(n + 2): point or replicate is not a whole number")
      }
      if pointRows[point] == nil {
        pointRows[point] = try parameterColumns.enumerated().map { j, c in
          guard let v = Double(f[c]) else {
            throw SensitivityError.input(
              "\(runsURL.path):\(n + 2):\(c + 1): \(parameters[j]) = '\(f[c])' is not a number")
          }
          return v
        }
      }
      let arm = armColumn.map { f[$0] } ?? ""
      values[point, default: [:]][arm, default: [:]][replicate] = metrics.map { Double(f[$0.offset]) ?? .nan }
    }
    let points = pointRows.keys.sorted()
    guard points == Array(0..<points.count) else {
      throw SensitivityError.input("\(runsURL.path): points are not 0..<n (a shard? merge the shards first)")
    }
    var table = PointTable(
      parameters: parameters, rows: points.map { pointRows[$0]! }, outputNames: [], outputs: [:], meanVariance: [:],
      replicates: [:], design: manifest["design"] as? String ?? "grid", arms: arms, baseline: baseline)
    func add(_ name: String, _ samples: (Int) -> [Double]) {
      table.outputNames.append(name)
      var means: [Double] = []
      var variances: [Double] = []
      var counts: [Int] = []
      for p in points {
        let xs = samples(p).filter { !$0.isNaN }
        let m = xs.isEmpty ? Double.nan : xs.reduce(0, +) / Double(xs.count)
        means.append(m)
        counts.append(xs.count)
        if xs.count > 1 {
          let ss = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) }
          variances.append(ss / Double(xs.count - 1) / Double(xs.count))
        } else {
          variances.append(.nan)
        }
      }
      table.outputs[name] = means
      table.meanVariance[name] = variances
      table.replicates[name] = counts
    }
    let armNames = multiArm ? arms : [values[points.first ?? 0]?.keys.first ?? ""]
    for (j, metric) in metrics.enumerated() {
      for arm in armNames {
        add(multiArm ? "\(metric.element)[\(arm)]" : metric.element) { p in
          (values[p]?[arm] ?? [:]).sorted { $0.key < $1.key }.map { $0.value[j] }
        }
      }
      if let baseline {
        for arm in arms where arm != baseline {
          add("diff_\(metric.element)[\(arm)-\(baseline)]") { p in
            let a = values[p]?[arm] ?? [:]
            let b = values[p]?[baseline] ?? [:]
            return a.keys.sorted().compactMap { r in b[r].map { a[r]![j] - $0[j] } }
          }
        }
      }
    }
    return table
  }
}

/// Errors of the sensitivity analysis, in words for the command line.
public enum SensitivityError: Error, CustomStringConvertible {
  case input(String)
  public var description: String {
    switch self {
    case .input(let s): return s
    }
  }
}
