import BocaResults
import Foundation

/// The rows PRIM runs on: one per sweep point of a run (replicate means), or one per line of a
/// plain CSV, with the input (parameter) columns and the output columns a condition may name.
///
/// For a run directory, outputs are named per arm: `spread[arm]` is the mean over the point's
/// replicates of `spread` in `arm`; `diff_spread[arm-base]` the mean of the paired (same
/// replicate) differences arm − base, for every pair of arms (e.g. against the manifest's
/// `compare_to`, or `diff_spread[employee-advocacy-corporate-ads]`). A run with one arm
/// also has the plain names (`spread`). Missing cells (e.g. `time_50` never reached) are left
/// out of a mean; a mean of nothing is missing, and a missing value meets no condition.
///
/// Kept in one small type so it can be swapped for the shared run reader of `BocaSensitivity`.
public struct DiscoveryTable: Sendable {
  /// The input columns PRIM bounds, in order.
  public var inputs: [String]
  /// Every column by name (inputs and outputs), one value per row.
  public var columns: [String: [Double]]
  /// Column names in reading order (for messages).
  public var order: [String]
  /// Inputs left out because they are not numbers (e.g. a swept policy name).
  public var skipped: [String] = []
  public var rowCount: Int

  public struct TableError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
  }

  public func inputRows() -> [[Double]] {
    (0..<rowCount).map { i in inputs.map { columns[$0]![i] } }
  }

  /// The condition per row; an unknown column is an error naming its position in the
  /// expression and the columns there are.
  public func labels(_ condition: Condition, expression: String) throws -> [Bool] {
    for c in condition.comparisons where columns[c.column] == nil {
      let stem = String(c.column.prefix { $0 != "[" })
      let all = order.filter { !inputs.contains($0) }
      let related = all.filter { $0.hasPrefix(stem + "[") || $0 == stem || $0.hasPrefix("diff_" + stem + "[") }
      let outputs = related.isEmpty ? all : related
      let shown = outputs.prefix(30).joined(separator: ", ") + (outputs.count > 30 ? ", …" : "")
      throw TableError(
        "--where '\(expression)': at character \(c.position): unknown column '\(c.column)'; expected one of: \(shown)")
    }
    return (0..<rowCount).map { i in condition.holds { columns[$0]![i] } }
  }

  static func number(_ field: String) -> Double {
    field.isEmpty ? .nan : Double(field) ?? .nan
  }

  /// A plain CSV (header line, one row per line); `inputs` must be columns of it.
  public static func csv(_ url: URL, inputs: [String]) throws -> DiscoveryTable {
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      throw TableError("\(url.path): cannot read the file")
    }
    var lines = text.split(whereSeparator: \.isNewline).makeIterator()
    guard let headerLine = lines.next() else { throw TableError("\(url.path): empty file") }
    let header = CSVRecord.fields(headerLine)
    guard !inputs.isEmpty else { throw TableError("--inputs: name at least one input column") }
    for name in inputs where !header.contains(name) {
      throw TableError(
        "--inputs: '\(name)' is not a column of \(url.lastPathComponent) (columns: \(header.joined(separator: ", ")))")
    }
    var values = [[Double]](repeating: [], count: header.count)
    var row = 1
    while let line = lines.next() {
      row += 1
      let fields = CSVRecord.fields(line)
      guard fields.count == header.count else {
        throw TableError("\(url.lastPathComponent), line \(row): \(fields.count) fields, expected \(header.count)")
      }
      for (k, f) in fields.enumerated() { values[k].append(number(f)) }
    }
    var columns: [String: [Double]] = [:]
    for (k, name) in header.enumerated() where columns[name] == nil { columns[name] = values[k] }
    for name in inputs {
      if let bad = columns[name]!.firstIndex(where: { !$0.isFinite }) {
        throw TableError("\(url.lastPathComponent), line \(bad + 2): input '\(name)' is not a number")
      }
    }
    return DiscoveryTable(inputs: inputs, columns: columns, order: header, rowCount: values.first?.count ?? 0)
  }

  /// A run directory: its manifest's swept `parameters` are the inputs, `runs.csv` the rows.
  public static func run(_ directory: URL) throws -> DiscoveryTable {
    let manifestURL = directory.appendingPathComponent("manifest.json")
    guard let manifest = try? Manifest.read(from: manifestURL) else {
      throw TableError("\(directory.path): not a run directory (no readable manifest.json)")
    }
    let parameters = manifest.parameters ?? []
    guard !parameters.isEmpty else {
      throw TableError("\(directory.path): the run sweeps no parameter; PRIM needs swept inputs")
    }
    let runsURL = directory.appendingPathComponent("runs.csv")
    guard let text = try? String(contentsOf: runsURL, encoding: .utf8) else {
      throw TableError("\(directory.path): no runs.csv (an unfinished run? finish it with boca run --resume)")
    }
    var lines = text.split(whereSeparator: \.isNewline).makeIterator()
    guard let headerLine = lines.next() else { throw TableError("\(runsURL.path): empty file") }
    let header = CSVRecord.fields(headerLine)
    guard let pointAt = header.firstIndex(of: "point"), let armAt = header.firstIndex(of: "arm"),
      let replicateAt = header.firstIndex(of: "replicate")
    else { throw TableError("\(runsURL.path): expected columns point, arm, replicate") }
    let parameterAt = try parameters.map { p in
      guard let k = header.firstIndex(of: p) else { throw TableError("\(runsURL.path): no column for parameter \(p)") }
      return k
    }
    let bookkeeping: Set<String> = ["point", "arm", "replicate", "seed"]
    let metricAt = header.indices.filter { !bookkeeping.contains(header[$0]) && !parameters.contains(header[$0]) }
    // point → parameter fields; (point, arm) → replicate → metric values.
    var points: [Int] = []
    var parameterFields: [Int: [String]] = [:]
    var cells: [Int: [String: [Int: [Double]]]] = [:]
    var arms: [String] = manifest.arms ?? []
    var row = 1
    while let line = lines.next() {
      row += 1
      let f = CSVRecord.fields(line)
      guard f.count == header.count, let point = Int(f[pointAt]), let replicate = Int(f[replicateAt]) else {
        throw TableError("runs.csv, line \(row): expected \(header.count) fields with an integer point and replicate")
      }
      let arm = f[armAt]
      if parameterFields[point] == nil {
        points.append(point)
        parameterFields[point] = parameterAt.map { f[$0] }
      }
      if !arms.contains(arm) { arms.append(arm) }
      cells[point, default: [:]][arm, default: [:]][replicate] = metricAt.map { number(f[$0]) }
    }
    var table = DiscoveryTable(inputs: [], columns: [:], order: [], rowCount: points.count)
    for (k, p) in parameters.enumerated() {
      let values = points.map { number(parameterFields[$0]![k]) }
      if values.allSatisfy(\.isFinite) {
        table.inputs.append(p)
        table.add(p, values)
      } else {
        table.skipped.append(p)
      }
    }
    guard !table.inputs.isEmpty else {
      throw TableError("\(directory.path): no swept parameter has numbers (\(parameters.joined(separator: ", ")))")
    }
    func mean(_ xs: [Double]) -> Double {
      let kept = xs.filter { !$0.isNaN }
      return kept.isEmpty ? .nan : kept.reduce(0, +) / Double(kept.count)
    }
    let base = manifest.compareTo
    if arms.count > 1, metricAt.count * arms.count * arms.count > 20_000 {
      throw TableError("\(directory.path): too many arms × metrics to tabulate their paired differences")
    }
    for (m, k) in metricAt.enumerated() {
      let metric = header[k]
      for arm in arms {
        let values = points.map { p in mean((cells[p]?[arm] ?? [:]).values.map { $0[m] }) }
        table.add("\(metric)[\(arm)]", values)
        if arms.count == 1 { table.add(metric, values) }
      }
      // Paired differences of every arm against every other (against compare_to first).
      let bases = ([base].compactMap { $0 }.filter(arms.contains)) + arms.filter { $0 != base }
      for b in bases {
        for arm in arms where arm != b {
          let values = points.map { p -> Double in
            let x = cells[p]?[arm] ?? [:]
            let y = cells[p]?[b] ?? [:]
            return mean(x.compactMap { r, v in y[r].map { v[m] - $0[m] } })
          }
          table.add("diff_\(metric)[\(arm)-\(b)]", values)
        }
      }
    }
    return table
  }

  mutating func add(_ name: String, _ values: [Double]) {
    if columns[name] == nil { order.append(name) }
    columns[name] = values
  }
}
