import ArgumentParser
import BocaRunner
import BocaScenario
import Foundation

struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Run a scenario's arms (campaigns) on the same graph and replicate seeds and compare them.",
    discussion: """
      Runs every arm with common random numbers (replicate r of every arm uses the same seed), writes
      the run's tables (runs.csv has seeded, organic, cost, time_10, time_50, peak_agitators) and
      comparison.csv into results/<scenario-name>/<run-id>/ or --out DIR, and prints the
      comparison: per arm, mean adopters with its 95% CI, organic (not seeded) adopters, times to
      10% and 50% adoption with the share of replicates that got there, peak agitators, mean cost,
      cost per adopter, and the difference from the compare_to arm with its paired 95% CI and the
      unpaired (Welch) CI beside it, the paired t test's p-value and its Holm-adjusted value, the
      difference in organic adopters, and the extra cost per extra (organic) adopter with a paired
      bootstrap 95% CI (flagged when the difference's CI contains 0). Arms are ranked by mean
      adopters, with no order stated between arms whose 95% CIs overlap; each difference is said
      to be significant or not (paired CI excludes 0 or not). All intervals are conditional on
      the network drawn for the point (docs/statistics.md).
      """
  )

  @Argument(help: "The scenario file (YAML) with arms.")
  var scenario: String

  @Option(name: .long, help: "The run directory (default: results/<scenario-name>/<run-id>).")
  var out: String?

  @Option(name: .long, help: "Worker threads (default: all cores). Results do not depend on it.")
  var threads: Int?

  @Flag(name: .long, help: "No progress report on standard error.")
  var quiet = false

  func validate() throws {
    if let threads, threads < 1 { throw ValidationError("--threads: expected at least 1, found \(threads)") }
  }

  func run() throws {
    let plan = try ScenarioPlan.load(path: scenario)
    let directory = out.map { URL(fileURLWithPath: $0) } ?? ScenarioRun.defaultDirectory(for: plan.base)
    let folder = URL(fileURLWithPath: scenario).deletingLastPathComponent().standardizedFileURL.path
    let sweep = SweepRun(
      plan: plan, directory: directory, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
      commandLine: CommandLine.arguments, scenarioSource: FileManager.default.contents(atPath: scenario),
      scenarioDirectory: folder)
    sweep.campaignColumns = true
    sweep.log = printError
    let stop = InterruptFlag.install()
    guard try sweep.execute(progress: quiet ? nil : SweepProgress(), shouldStop: { stop.isSet }) else {
      printError("interrupted: resume with `boca run --resume \(sweep.store.directory.path)`")
      throw ExitCode(130)
    }
    let table = try ComparisonTable(plan: plan, store: sweep.store)
    try table.write(to: sweep.store.directory)
    print(table.rendered())
    print("")
    for line in table.sentences { print(line) }
    print("")
    print(sweep.store.directory.appendingPathComponent(ComparisonTable.fileName).path)
  }
}
