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
      Writes into --to: summary.csv (a copy), curves.csv (per point, arm, side and step: n, mean
      and 95% CI of the adopters, from timeseries.csv when the run recorded it) and meta.json (the
      swept parameters, the arms, the comparison baseline, the metrics).
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
    try writeCurves(from: store.directory.appendingPathComponent("timeseries.csv"), parameters: parameters, to: out)
    let meta: [String: Any] = [
      "scenario": manifest.scenarioName, "parameters": parameters, "arms": manifest.arms ?? ["baseline"],
      "compare_to": manifest.compareTo ?? NSNull(), "metrics": metrics, "run": store.directory.path,
    ]
    let json = try JSONSerialization.data(withJSONObject: meta, options: [.prettyPrinted, .sortedKeys])
    try AtomicFile.write(json, to: out.appendingPathComponent("meta.json"))
    print(out.path)
  }

  /// Mean adoption curves with 95% CIs per (point, arm, side, step); parameters joined from the
  /// summary by point.
  func writeCurves(from url: URL, parameters: [String], to out: URL) throws {
    let schema = TableSchema(
      name: "curves",
      columns: [
        ("point", .integer), ("arm", .text), ("side", .text), ("state", .text), ("step", .integer), ("n", .integer),
        ("mean", .real),
        ("ci_low", .real), ("ci_high", .real),
      ])
    let writer = try CSVTableWriter(schema: schema, directory: out)
    defer { try? writer.finish() }
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return }
    var block: (point: String, arm: String)? = nil
    var cells: [String: [Int: [Double]]] = [:]  // "side,state" → step → values
    var sideOrder: [String] = []
    var keys: [String: (side: String, state: String)] = [:]
    func flush() throws {
      guard let block else { return }
      for side in sideOrder {
        for (step, values) in cells[side, default: [:]].sorted(by: { $0.key < $1.key }) {
          let s = MeanSummary(values)
          try writer.write([
            .int(Int(block.point) ?? 0), .text(block.arm), .text(keys[side]!.side), .text(keys[side]!.state),
            .int(step),
            .int(s.n), .double(s.mean), .double(s.ciLow),
            .double(s.ciHigh),
          ])
        }
      }
      cells = [:]
      sideOrder = []
    }
    for line in text.split(separator: "\n").dropFirst() {
      let f = CSVRecord.fields(line)
      guard f.count == 7, let step = Int(f[3]), let count = Double(f[6]) else { continue }
      if block == nil || block! != (f[0], f[1]) {
        try flush()
        block = (f[0], f[1])
      }
      let key = f[4] + "," + f[5]
      if cells[key] == nil {
        sideOrder.append(key)
        keys[key] = (f[4], f[5])
      }
      cells[key, default: [:]][step, default: []].append(count)
    }
    try flush()
  }
}
