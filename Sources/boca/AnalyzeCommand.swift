import ArgumentParser
import BocaScenario
import BocaSensitivity
import Foundation

struct AnalyzeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "analyze",
    abstract: "Sobol' or Morris sensitivity indices of a design table or of a run.",
    discussion: """
      boca analyze sobol|morris DESIGN.csv --output COLUMN: the design written by `boca design`
      with the model's output appended as COLUMN. boca analyze RUN_DIR: a run whose sweep design
      is sobol or morris; indices of every metric (spread, spread_<side>, organic, cost, time_50)
      of every arm, named METRIC[ARM] when the run has several arms, and of each arm's paired
      difference from the baseline, diff_METRIC[ARM-BASELINE], all on the replicate means, with
      the share of their variance that is Monte Carlo noise. Writes OUT/sensitivity.csv (OUT: --out,
      else the run directory or the design file's folder). Intervals: percentile bootstrap, 1000
      resamples. docs/sensitivity.md.
      """
  )

  @Argument(help: "sobol|morris DESIGN.csv, or RUN_DIR.")
  var arguments: [String]

  @Option(help: "The output column to analyse (design tables).")
  var output: String?

  @Option(help: "The folder to write sensitivity.csv into.")
  var out: String?

  @Option(help: "Seed of the bootstrap resampling.")
  var seed: UInt32 = 1

  func run() throws {
    do {
      let started = Date()
      let header: [String]
      let rows: [[String]]
      let folder: String
      if arguments.count == 2 {
        let (kind, path) = (arguments[0], arguments[1])
        guard let output else { throw UserError("boca analyze \(kind) needs --output COLUMN") }
        switch kind {
        case "sobol":
          header = SensitivityAnalysis.sobolHeader
          rows = try SensitivityAnalysis.sobol(designCSV: path, output: output, seed: seed)
        case "morris":
          header = SensitivityAnalysis.morrisHeader
          rows = try SensitivityAnalysis.morris(designCSV: path, output: output, seed: seed)
        default: throw UserError("analysis '\(kind)': expected sobol or morris")
        }
        folder = out ?? URL(fileURLWithPath: path).deletingLastPathComponent().path
      } else if arguments.count == 1 {
        let directory = URL(fileURLWithPath: arguments[0])
        let table = try PointTable.load(runDirectory: directory)
        let result = try SensitivityAnalysis.run(table, ranges: morrisRanges(directory), seed: seed)
        for w in result.warnings { printError("warning: \(w)") }
        (header, rows) = (result.header, result.rows)
        folder = out ?? directory.path
      } else {
        throw UserError("expected `boca analyze sobol|morris DESIGN.csv --output COL` or `boca analyze RUN_DIR`")
      }
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      let url = URL(fileURLWithPath: folder).appendingPathComponent("sensitivity.csv")
      try CSV.write(header: header, rows: rows, to: url)
      try StandardOutput.line(
        "\(url.path): \(rows.count) rows in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
    } catch let e as SensitivityError {
      throw UserError(e.description)
    }
  }

  /// The ranges of a morris sweep, from the run's copy of its scenario (empty when it cannot be
  /// read: the analysis then takes each parameter's extremes over the design).
  func morrisRanges(_ directory: URL) -> [String: (Double, Double)] {
    guard let plan = try? ScenarioPlan.load(path: directory.appendingPathComponent("scenario.yaml").path),
      case .morris(_, _, _, let ranges) = plan.sweep.design
    else { return [:] }
    return Dictionary(
      zip(plan.sweep.parameters, ranges).map { ($0, ($1.lowerBound, $1.upperBound)) }, uniquingKeysWith: { a, _ in a })
  }
}
