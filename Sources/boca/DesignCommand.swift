import ArgumentParser
import BocaSensitivity
import Foundation

struct DesignCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "design",
    abstract: "Write a Sobol' (Saltelli) or Morris design to CSV, for a model run elsewhere.",
    discussion: """
      sobol: N(k+2) rows (--n base samples, k parameters) on a scrambled Sobol' sequence, laid out
      base sample by base sample as A, AB_<param> for each parameter, B; columns row, base, matrix,
      then one per parameter. morris: --trajectories r of k+1 rows on a --levels p grid (p even);
      columns row, trajectory, step, changed (the parameter the step moved), unit_step (the signed
      step in [0, 1] scale), then one per parameter. Evaluate your model on every row, append the
      output as a column and run `boca analyze sobol|morris FILE --output COLUMN`. docs/sensitivity.md.
      """
  )

  @Argument(help: "sobol or morris.")
  var kind: String

  @Option(name: .customLong("param"), help: "NAME=LOW:HIGH (repeat for every parameter).")
  var parameters: [String] = []

  @Option(name: .customLong("n"), help: "sobol: base samples N (a power of two is best).")
  var n: Int?

  @Option(help: "morris: trajectories r.")
  var trajectories: Int?

  @Option(help: "morris: grid levels p (even).")
  var levels: Int = 4

  @Option(help: "Seed of the scramble (sobol) or of the trajectories (morris), 1…4294967295.")
  var seed: UInt32 = 1

  @Option(help: "The CSV file to write.")
  var out: String

  func run() throws {
    do {
      let ranges = try parameters.map(SensitivityAnalysis.Range.init(parsing:))
      guard !ranges.isEmpty else { throw UserError("give at least one --param NAME=LOW:HIGH") }
      var seen = Set<String>()
      for r in ranges where !seen.insert(r.name).inserted { throw UserError("--param \(r.name) is given twice") }
      let url = URL(fileURLWithPath: out)
      switch kind {
      case "sobol":
        guard let n else { throw UserError("boca design sobol needs --n N (base samples)") }
        let d = try SobolDesign(n: n, parameters: ranges.count, seed: seed)
        try SensitivityAnalysis.writeSobol(d, ranges: ranges, to: url)
        try StandardOutput.line("\(out): \(d.unitRows.count) rows (sobol, N = \(n), k = \(ranges.count))")
      case "morris":
        guard let trajectories else { throw UserError("boca design morris needs --trajectories R") }
        let d = try MorrisDesign(trajectories: trajectories, levels: levels, parameters: ranges.count, seed: seed)
        try SensitivityAnalysis.writeMorris(d, ranges: ranges, to: url)
        try StandardOutput.line(
          "\(out): \(d.unitRows.count) rows (morris, r = \(trajectories), p = \(levels), k = \(ranges.count))")
      default:
        throw UserError("design '\(kind)': expected sobol or morris")
      }
    } catch let e as SensitivityError {
      throw UserError(e.description)
    }
  }
}
