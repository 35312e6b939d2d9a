import BocaResults
import BocaScenario
import Foundation

/// Builds a run directory's tables from its completed parts, point by point in point order:
/// `runs.csv`, `timeseries.csv` (when recorded), `summary.csv`, `netlogo-table.csv` (when
/// asked) and the same tables in `results.sqlite`. Only one point's rows are in memory at a time.
public struct TableAssembler {
  public let plan: ScenarioPlan
  public let store: RunStore
  public let netlogo: Bool

  public init(plan: ScenarioPlan, store: RunStore, netlogo: Bool) {
    self.plan = plan
    self.store = store
    self.netlogo = netlogo
  }

  /// The column types of the swept parameters: whole numbers, numbers, or text.
  var parameterTypes: [ColumnType] {
    plan.sweep.parameters.indices.map { i in
      let column = plan.sweep.points.map { $0[i] }
      if column.allSatisfy({ if case .int = $0 { return true } else { return false } }) { return .integer }
      if column.allSatisfy({ $0.number != nil }) { return .real }
      return .text
    }
  }

  /// Writes the tables; returns table name → file name.
  public func assemble() throws -> [String: String] {
    let points = store.completedPoints()
    let parameters = plan.sweep.parameters
    let types = parameterTypes
    var header = PointRun.runsHeader(parameters: parameters, sides: ["all"])
    if let first = points.first {
      header = CSVRecord.fields(try store.read(store.part(point: first, table: "runs")).header)
    }
    let metrics = Array(header.dropFirst(4 + parameters.count))
    let runsSchema = TableSchema(
      name: "runs",
      columns: [("point", .integer), ("arm", .text), ("replicate", .integer), ("seed", .integer)]
        + zip(parameters, types).map { ($0, $1) } + metrics.map { ($0, $0 == "cost" ? ColumnType.real : .integer) })
    // Times to 10% / 50% are empty for replicates that never get there: summarised over those
    // that do, always beside the share that do (SummaryTable.timeColumns).
    let summarized = metrics.indices.filter { !metrics[$0].hasPrefix("time_") }
    let timed = metrics.indices.filter { metrics[$0].hasPrefix("time_") }
    let compared = plan.compareTo != nil
    let summarySchema = TableSchema(
      name: "summary",
      columns: [("point", .integer), ("arm", .text)] + zip(parameters, types).map { ($0, $1) } + [("n", .integer)]
        + SummaryTable.metricColumns(summarized.map { metrics[$0] }, compared: compared).map { ($0, ColumnType.real) }
        + SummaryTable.timeColumns(timed.map { metrics[$0] }).map { ($0, ColumnType.real) })
    let seriesSchema = TableSchema(
      name: "timeseries",
      columns: [
        ("point", .integer), ("arm", .text), ("replicate", .integer), ("step", .integer), ("side", .text),
        ("state", .text), ("count", .integer),
      ])
    let series = plan.base.outputs.timeseries

    let directory = store.directory
    let runs = try CSVTableWriter(schema: runsSchema, directory: directory)
    let summary = try CSVTableWriter(schema: summarySchema, directory: directory)
    let seriesWriter = series ? try CSVTableWriter(schema: seriesSchema, directory: directory) : nil
    let netlogoWriter = netlogo ? try NetLogoTableWriter(plan: plan, metrics: metrics, directory: directory) : nil
    let db = plan.base.outputs.sqlite ? try SQLiteResults(directory: directory) : nil
    try db?.create(runsSchema)
    try db?.create(summarySchema)
    if series { try db?.create(seriesSchema) }
    let armIndex = Dictionary(uniqueKeysWithValues: plan.arms.enumerated().map { ($1.name, $0) })
    let baseArm = plan.compareTo.flatMap { armIndex[$0] }

    for point in points {
      let (_, lines) = try store.read(store.part(point: point, table: "runs"))
      var rows: [[TableValue]] = []
      rows.reserveCapacity(lines.count)
      // values[arm][metric][replicate]
      var values = [[[Double]]](repeating: [[Double]](repeating: [], count: summarized.count), count: plan.armCount)
      var times = [[[Double]]](repeating: [[Double]](repeating: [], count: timed.count), count: plan.armCount)
      for line in lines {
        let fields = CSVRecord.fields(line)
        let row = zip(fields, runsSchema.types).map { CSVRecord.value($0, as: $1) }
        try runs.write(row)
        try netlogoWriter?.write(row)
        rows.append(row)
        if let a = armIndex[fields[1]] {
          for (i, m) in summarized.enumerated() {
            values[a][i].append(Double(fields[4 + parameters.count + m]) ?? .nan)
          }
          for (i, m) in timed.enumerated() {
            let k = 4 + parameters.count + m
            times[a][i].append(k < fields.count ? Double(fields[k]) ?? .nan : .nan)
          }
        }
      }
      try db?.insert(runsSchema, rows: rows)
      let cells = plan.sweep.points[point].map(Self.value)
      var summaryRows: [[TableValue]] = []
      for (a, arm) in plan.arms.enumerated() where !values[a].allSatisfy(\.isEmpty) || metrics.isEmpty {
        let baseline = (baseArm == nil || baseArm == a) ? nil : values[baseArm!]
        summaryRows.append(
          [.int(point), .text(arm.name)] + cells + SummaryTable.cells(values[a], baseline: baseline, compared: compared)
            + SummaryTable.timeCells(times[a]))
      }
      for row in summaryRows { try summary.write(row) }
      try db?.insert(summarySchema, rows: summaryRows)
      if let seriesWriter {
        let url = store.part(point: point, table: "timeseries")
        let (_, lines) = (try? store.read(url)) ?? ("", [])
        var batch: [[TableValue]] = []
        for line in lines {
          let row = zip(CSVRecord.fields(line), seriesSchema.types).map { CSVRecord.value($0, as: $1) }
          try seriesWriter.write(row)
          batch.append(row)
          if batch.count >= 10_000 {
            try db?.insert(seriesSchema, rows: batch)
            batch.removeAll(keepingCapacity: true)
          }
        }
        try db?.insert(seriesSchema, rows: batch)
      }
    }
    var written = ["runs": "runs.csv", "summary": "summary.csv"]
    try runs.finish()
    try summary.finish()
    if let seriesWriter {
      try seriesWriter.finish()
      written["timeseries"] = "timeseries.csv"
    }
    if let netlogoWriter {
      try netlogoWriter.finish()
      written["netlogo"] = NetLogoTableWriter.fileName
    }
    if let db {
      try db.finish()
      written["sqlite"] = "results.sqlite"
    }
    return written
  }

  static func value(_ v: SweepValue) -> TableValue {
    switch v {
    case .int(let x): return .int(x)
    case .double(let x): return .double(x)
    case .text(let s): return .text(s)
    }
  }
}
