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
  /// Threads the run may use: with two or more, `results.sqlite` is filled on a second thread
  /// while the CSV tables are written (``SQLiteInsertQueue``); the files are the same either way.
  public let threads: Int

  public init(plan: ScenarioPlan, store: RunStore, netlogo: Bool, threads: Int = 1) {
    self.plan = plan
    self.store = store
    self.netlogo = netlogo
    self.threads = threads
  }

  /// Writes the tables; returns table name → file name.
  public func assemble() throws -> [String: String] {
    let points = store.completedPoints()
    let parameters = plan.sweep.parameters
    let types = RunsTable.parameterTypes(plan)
    // The columns the parts were written with (the campaign and per-side columns depend on the
    // run and its graph); a run without complete points has the plain one-sided table.
    var table = RunsTable(parameters: parameters, sides: ["all"], campaign: false)
    if let first = points.first {
      table = try RunsTable(
        parameters: parameters, header: try store.read(store.part(point: first, table: "runs")).header)
    }
    let runsSchema = table.schema(parameterTypes: types)
    // Times to 10% / 50% are empty for replicates that never get there: summarised over those
    // that do, always beside the share that do (SummaryTable.timeColumns).
    let summarized = table.metrics.indices.filter { !table.metrics[$0].isTime }
    let timed = table.metrics.indices.filter { table.metrics[$0].isTime }
    let compared = plan.compareTo != nil
    let summarySchema = SummaryTable.schema(runs: table, parameterTypes: types, compared: compared)
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
    let netlogoWriter = netlogo ? try NetLogoTableWriter(plan: plan, runs: table, directory: directory) : nil
    let database = plan.base.outputs.sqlite ? try SQLiteResults(directory: directory) : nil
    try database?.create(runsSchema)
    try database?.create(summarySchema)
    if series { try database?.create(seriesSchema) }
    // With a second thread, the database is filled beside the CSV writing.
    let db = database.map { SQLiteInsertQueue($0, background: threads > 1) }
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
        let record = table.read(line, schema: runsSchema)
        let row = record.cells
        try runs.write(row)
        try netlogoWriter?.write(row)
        rows.append(row)
        if let a = armIndex[record.arm] {
          for (i, m) in summarized.enumerated() { values[a][i].append(record.number(m)) }
          for (i, m) in timed.enumerated() { times[a][i].append(record.number(m)) }
        }
      }
      try db?.insert(runsSchema, rows: rows)
      let cells = RunsTable.parameterCells(plan.sweep.points[point])
      var summaryRows: [[TableValue]] = []
      for (a, arm) in plan.arms.enumerated() where !values[a].allSatisfy(\.isEmpty) || table.metrics.isEmpty {
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
}
