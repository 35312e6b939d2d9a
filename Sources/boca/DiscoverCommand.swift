import ArgumentParser
import BocaDiscovery
import BocaResults
import Foundation

struct DiscoverCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "discover",
    abstract: "Scenario discovery: PRIM boxes of parameter ranges where a condition on the outputs holds.",
    discussion: """
      Rows are the sweep points of a run (replicate means) or the lines of a plain CSV (with \
      --inputs). In a run, outputs are named per arm: spread[ARM] is the replicate mean of spread \
      in ARM, diff_spread[A-B] the mean paired difference of arm A against arm B (every pair of \
      arms; a run with one arm also has plain names).

      Examples:
        boca discover RUN --where 'diff_spread[employee-advocacy-baseline] > 0'
        boca discover table.csv --inputs a,b,c --where 'y > 0.5 and cost <= 100'

      Writes boxes.csv (box,parameter,low,high,coverage,density,mass,restricted,p_value,\
      data_low,data_high: one row per box and parameter) and tradeoff.csv (the peeling \
      trajectory and the pasting steps: box,step,coverage,density,mass,phase,restricted_dims,\
      chosen) into --out (default: the run directory, or the CSV's folder). The default box is \
      the one of largest coverage × density on the trajectory. See docs/discovery.md.
      """
  )

  @Argument(help: "A run directory, or a CSV file (then --inputs is needed).")
  var source: String

  @Option(name: .customLong("where"), help: "The condition, e.g. 'spread[ARM] > 100 and cost[ARM] <= 800'.")
  var expression: String

  @Option(name: .long, help: "For a CSV: the input columns, comma-separated.")
  var inputs: String?

  @Option(name: .long, help: "The folder to write boxes.csv and tradeoff.csv into.")
  var out: String?

  @Option(name: .long, help: "Share of the box peeled off per step.")
  var alpha: Double = 0.05

  @Option(name: .customLong("paste-alpha"), help: "Share of the box pasted back per step.")
  var pasteAlpha: Double = 0.05

  @Option(name: .customLong("mass-min"), help: "Smallest share of the rows a box may keep.")
  var massMin: Double = 0.05

  @Option(
    name: .customLong("p-drop"),
    help: "Drop a restriction of the chosen box whose quasi-p-value is above this (1: keep all).")
  var pDrop: Double = 0.05

  @Option(name: .long, help: "Choose the box of largest coverage with at least this density.")
  var density: Double?

  @Option(name: .long, help: "Choose the box of largest density with at least this coverage.")
  var coverage: Double?

  @Option(name: .long, help: "Choose the box at this peeling step.")
  var step: Int?

  @Option(name: .long, help: "Boxes to find (covering: each next box is sought on the rows outside the earlier ones).")
  var boxes: Int = 1

  func validate() throws {
    if [density != nil, coverage != nil, step != nil].filter({ $0 }).count > 1 {
      throw ValidationError("choose the box by at most one of --density, --coverage, --step")
    }
    if let density, !(0...1).contains(density) { throw ValidationError("--density must lie in [0, 1]") }
    if let coverage, !(0...1).contains(coverage) { throw ValidationError("--coverage must lie in [0, 1]") }
    if boxes < 1 { throw ValidationError("--boxes must be at least 1") }
  }

  func run() throws {
    let condition: Condition
    do { condition = try Condition(parsing: expression) } catch let error as Condition.ParseError {
      throw UserError(error.description)
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
      throw UserError("\(source): no such file or directory")
    }
    let url = URL(fileURLWithPath: source)
    let table: DiscoveryTable
    do {
      if isDirectory.boolValue {
        if inputs != nil { printError("Note: --inputs is for a CSV; a run's inputs are its swept parameters") }
        table = try DiscoveryTable.run(url)
      } else {
        let names = (inputs ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        table = try DiscoveryTable.csv(url, inputs: names.filter { !$0.isEmpty })
      }
    } catch let error as DiscoveryTable.TableError {
      throw UserError(error.description)
    }
    for name in table.skipped { printError("Note: parameter \(name) is not numeric; PRIM leaves it out") }
    let y: [Bool]
    do { y = try table.labels(condition, expression: expression) } catch let error as DiscoveryTable.TableError {
      throw UserError(error.description)
    }
    let hits = y.filter { $0 }.count
    guard hits > 0 else { throw UserError("--where '\(expression)': no row meets the condition (of \(y.count))") }
    let selection: Prim.Selection =
      density.map { .density($0) } ?? coverage.map { .coverage($0) } ?? step.map { .step($0) } ?? .balanced
    let prim = Prim(alpha: alpha, pasteAlpha: pasteAlpha, massMin: massMin, pDrop: pDrop)
    let results: [Prim.Result]
    do { results = try prim.run(x: table.inputRows(), y: y, selection: selection, boxes: boxes) } catch {
      throw UserError("PRIM: \(error)")
    }
    let folder = URL(fileURLWithPath: out ?? (isDirectory.boolValue ? source : url.deletingLastPathComponent().path))
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var boxesCSV = "box,parameter,low,high,coverage,density,mass,restricted,p_value,data_low,data_high\n"
    var tradeoffCSV = "box,step,coverage,density,mass,phase,restricted_dims,chosen\n"
    func number(_ v: Double) -> String { v.isNaN ? "" : "\(v)" }
    func quoted(_ s: String) -> String {
      s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
        ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    var report = ["\(hits) of \(y.count) rows meet \(condition)"]
    for (b, r) in results.enumerated() {
      let box = r.box
      for (j, name) in table.inputs.enumerated() {
        boxesCSV +=
          [
            "\(b + 1)", quoted(name), number(box.low[j]), number(box.high[j]), number(box.coverage),
            number(box.density), number(box.mass), r.restricted[j] ? "1" : "0", r.pValue[j].map(number) ?? "",
            number(r.trajectory[0].low[j]), number(r.trajectory[0].high[j]),
          ].joined(separator: ",") + "\n"
      }
      let first = r.trajectory[0]
      func restrictedCount(_ x: Prim.Box) -> Int {
        (0..<x.low.count).filter { x.low[$0] > first.low[$0] || x.high[$0] < first.high[$0] }.count
      }
      for (s, x) in r.trajectory.enumerated() {
        tradeoffCSV +=
          "\(b + 1),\(s),\(number(x.coverage)),\(number(x.density)),\(number(x.mass)),peel,\(restrictedCount(x)),\(s == r.chosenStep ? 1 : 0)\n"
      }
      for (s, x) in r.pasting.enumerated() {
        tradeoffCSV +=
          "\(b + 1),\(r.trajectory.count + s),\(number(x.coverage)),\(number(x.density)),\(number(x.mass)),paste,\(restrictedCount(x)),0\n"
      }
      report.append(
        String(
          format: "box %d: coverage %.3f, density %.3f, mass %.3f (peeling step %d of %d, %d pasting steps)", b + 1,
          box.coverage, box.density, box.mass, r.chosenStep, r.trajectory.count - 1, r.pasting.count))
      for (j, name) in table.inputs.enumerated() where r.restricted[j] {
        report.append(
          "  \(name) in [\(box.low[j].formatted()), \(box.high[j].formatted())]  (quasi-p \(String(format: "%.2g", r.pValue[j] ?? .nan)))"
        )
      }
      if !r.restricted.contains(true) { report.append("  (no parameter restricted: the whole range)") }
      if !r.dropped.isEmpty {
        let names = r.dropped.map { table.inputs[$0] }.joined(separator: ", ")
        report.append("  dropped as not significant (quasi-p > \(pDrop)): \(names)")
      }
    }
    try AtomicFile.write(Data(boxesCSV.utf8), to: folder.appendingPathComponent("boxes.csv"))
    try AtomicFile.write(Data(tradeoffCSV.utf8), to: folder.appendingPathComponent("tradeoff.csv"))
    for line in report { try StandardOutput.line(line) }
    try StandardOutput.line(folder.appendingPathComponent("boxes.csv").path)
  }
}
