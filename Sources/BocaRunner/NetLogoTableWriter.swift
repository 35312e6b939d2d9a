import BocaResults
import BocaScenario
import Foundation

/// The runs table in NetLogo BehaviorSpace's "table" CSV layout, for scripts written for
/// NetLogo experiments: six preamble lines (format, model file, experiment name, date, world
/// dimensions), then one quoted row per run: `[run number]` (1-based, in point, arm, replicate
/// order), the swept parameters, `arm`, `replicate`, `seed`, `[step]` (the scenario's steps, 0
/// for cascades run to completion) and the metrics. The date line is fixed so that the file is
/// reproducible; the real times are in `manifest.json`.
final class NetLogoTableWriter {
  static let fileName = "netlogo-table.csv"
  private let file: LineFile
  private let partial: URL
  private let url: URL
  private let runs: RunsTable
  private let steps: Int
  private var run = 0
  private var finished = false

  init(plan: ScenarioPlan, runs: RunsTable, directory: URL) throws {
    url = directory.appendingPathComponent(Self.fileName)
    partial = directory.appendingPathComponent(Self.fileName + ".partial")
    file = try LineFile(partial)
    self.runs = runs
    steps = plan.base.steps ?? 0
    let q = Self.quote
    try file.append(
      [q("BehaviorSpace results (Boca \(ToolBuild.version))"), q("Table version 2.0")].joined(separator: ","))
    try file.append(q(plan.base.file))
    try file.append(q(plan.base.name))
    try file.append(q("date omitted for reproducibility; see manifest.json"))
    try file.append(["min-pxcor", "max-pxcor", "min-pycor", "max-pycor"].map(q).joined(separator: ","))
    try file.append(["0", "0", "0", "0"].map(q).joined(separator: ","))
    try file.append(
      (["[run number]"] + runs.parameters + Self.keys.map(\.name) + ["[step]"] + runs.metrics.map(\.name)).map(q)
        .joined(separator: ","))
  }

  static func quote(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

  /// The runs table's key columns, in the order they follow the parameters here.
  static let keys: [RunsTable.Key] = [.arm, .replicate, .seed]

  /// One row of the runs table (``RunsTable``).
  func write(_ row: [TableValue]) throws {
    run += 1
    let parameters = row[runs.parameterRange].map(\.description)
    let metrics = row[runs.parameterRange.upperBound...].map(\.description)
    let cells =
      ["\(run)"] + parameters + Self.keys.map { row[$0.rawValue].description } + ["\(steps)"] + metrics
    try file.append(cells.map(Self.quote).joined(separator: ","))
  }

  deinit {
    if !finished {
      try? file.close()
      unlink(partial.path)
    }
  }

  func finish() throws {
    try file.close()
    try AtomicFile.moveIntoPlace(from: partial, to: url)
    finished = true
  }
}
