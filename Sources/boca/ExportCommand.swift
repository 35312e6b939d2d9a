import ArgumentParser
import BocaResults
import BocaRunner
import BocaScenario
import Foundation

struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write plot-ready tables of a run (for notebooks-data/plot.py).",
    discussion: """
      Writes into --to: summary.csv (a copy), curves.csv (per point, arm, side, state and step:
      n, mean and 95% CI of the adopters over every replicate, and running, from timeseries.csv
      when the run recorded it) and meta.json (the swept parameters, the arms, the comparison
      baseline, the metrics), and copies sensitivity.csv, boxes.csv and tradeoff.csv when the run
      directory has them (boca analyze, boca discover). A replicate whose cascade stopped early keeps its final state up to
      the last step of its point × arm, so n is every replicate at every step and the curve ends
      at the mean final spread; running counts the replicates that had not stopped before the step.
      """
  )

  @Argument(help: "A run directory.")
  var directory: String

  @Option(name: .long, help: "The folder to write (e.g. notebooks-data/NAME).")
  var to: String

  func run() throws {
    let store = RunStore(directory: URL(fileURLWithPath: directory))
    guard let manifest = try? Manifest.read(from: store.manifestURL) else {
      throw UserError("\(directory): not a run directory")
    }
    let summaryURL = store.directory.appendingPathComponent("summary.csv")
    guard let summary = FileManager.default.contents(atPath: summaryURL.path) else {
      throw UserError("\(directory): no summary.csv (an unfinished run? finish it with boca run --resume)")
    }
    let out = URL(fileURLWithPath: to)
    try AtomicFile.write(summary, to: out.appendingPathComponent("summary.csv"))
    let parameters = manifest.parameters ?? []
    let header = String(decoding: summary.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    let metrics = CSVRecord.fields(header).filter { $0.hasSuffix("_mean") }.map { String($0.dropLast(5)) }
    // Analysis tables written into the run directory (boca analyze, boca discover) travel along.
    for name in ["sensitivity.csv", "boxes.csv", "tradeoff.csv"] {
      if let data = FileManager.default.contents(atPath: store.directory.appendingPathComponent(name).path) {
        try AtomicFile.write(data, to: out.appendingPathComponent(name))
      }
    }
    try writeCurves(from: store.directory.appendingPathComponent("timeseries.csv"), parameters: parameters, to: out)
    let meta: [String: Any] = [
      "scenario": manifest.scenarioName, "parameters": parameters, "arms": manifest.arms ?? ["baseline"],
      "compare_to": manifest.compareTo ?? NSNull(), "metrics": metrics, "run": store.directory.path,
    ]
    let json = try JSONSerialization.data(withJSONObject: meta, options: [.prettyPrinted, .sortedKeys])
    try AtomicFile.write(json, to: out.appendingPathComponent("meta.json"))
    try StandardOutput.line(out.path)
  }

  /// Mean adoption curves with 95% CIs per (point, arm, side, state, step) over every replicate:
  /// one that finished early carries its final state forward to the point × arm's last step (see
  /// ``CurveAccumulator``). `n` is the replicates averaged (all), `running` those whose own rows
  /// reach the step.
  func writeCurves(from url: URL, parameters: [String], to out: URL) throws {
    let schema = TableSchema(
      name: "curves",
      columns: [
        ("point", .integer), ("arm", .text), ("side", .text), ("state", .text), ("step", .integer), ("n", .integer),
        ("mean", .real), ("ci_low", .real), ("ci_high", .real), ("running", .integer),
      ])
    // A writer dropped without finish() (a write failed) removes its curves.csv.partial.
    let writer = try CSVTableWriter(schema: schema, directory: out)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return try writer.finish() }
    var block: (point: String, arm: String)? = nil
    var curves = CurveAccumulator()
    func flush() throws {
      guard let block else { return }
      for p in curves.points() {
        try writer.write([
          .int(Int(block.point) ?? 0), .text(block.arm), .text(p.side), .text(p.state), .int(p.step), .int(p.n),
          .double(p.summary.mean), .double(p.summary.ciLow), .double(p.summary.ciHigh), .int(p.running),
        ])
      }
      curves = CurveAccumulator()
    }
    for line in text.split(separator: "\n").dropFirst() {
      let f = CSVRecord.fields(line)
      guard f.count == 7, let replicate = Int(f[2]), let step = Int(f[3]), let count = Double(f[6]) else { continue }
      if block == nil || block! != (f[0], f[1]) {
        try flush()
        block = (f[0], f[1])
      }
      curves.add(replicate: replicate, step: step, side: f[4], state: f[5], value: count)
    }
    try flush()
    try writer.finish()
  }
}
