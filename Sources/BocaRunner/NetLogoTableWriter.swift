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
  private let parameterCount: Int
  private let steps: Int
  private var run = 0
  private var finished = false

  init(plan: ScenarioPlan, metrics: [String], directory: URL) throws {
    url = directory.appendingPathComponent(Self.fileName)
    partial = directory.appendingPathComponent(Self.fileName + ".partial")
    file = try LineFile(partial)
    parameterCount = plan.sweep.parameters.count
    steps = plan.base.steps ?? 0
    let q = Self.quote
    try file.append(
      [q("BehaviorSpace results (Boca \(ScenarioRun.toolVersion))"), q("Table version 2.0")].joined(separator: ","))
    try file.append(q(plan.base.file))
    try file.append(q(plan.base.name))
    try file.append(q("date omitted for reproducibility; see manifest.json"))
    try file.append(["min-pxcor", "max-pxcor", "min-pycor", "max-pycor"].map(q).joined(separator: ","))
    try file.append(["0", "0", "0", "0"].map(q).joined(separator: ","))
    try file.append(
      (["[run number]"] + plan.sweep.parameters + ["arm", "replicate", "seed", "[step]"] + metrics).map(q).joined(
        separator: ","))
  }

  static func quote(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

  /// One row of the runs table (point, arm, replicate, seed, parameters…, metrics…).
  func write(_ row: [TableValue]) throws {
    run += 1
    let parameters = row[4..<(4 + parameterCount)].map(\.description)
    let metrics = row[(4 + parameterCount)...].map(\.description)
    let cells =
      ["\(run)"] + parameters + [row[1].description, row[2].description, row[3].description, "\(steps)"] + metrics
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
