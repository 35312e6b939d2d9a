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
      the run's tables (runs.csv has cost, time_10, time_50, peak_agitators) and comparison.csv into
      results/<scenario-name>/<run-id>/ or --out DIR, and prints the comparison: per arm, mean
      adopters with its 95% CI, time to 50% adoption, peak agitators, mean cost, cost per adopter,
      and the difference from the compare_to arm with its paired 95% CI and the unpaired (Welch)
      CI beside it; arms are ranked by mean adopters and each difference is said to be significant
      or not (paired CI excludes 0 or not).

      A run folder that is not empty is refused (nothing is touched) unless --force, which clears
      it first (only a run folder is cleared); finish an interrupted comparison's run with
      `boca run --resume DIR`.
      """
  )

  @Argument(help: "The scenario file (YAML) with arms.")
  var scenario: String

  @Option(name: .long, help: "The run directory (default: results/<scenario-name>/<run-id>).")
  var out: String?

  @Option(name: .long, help: "Worker threads (default: all cores). Results do not depend on it.")
  var threads: Int?

  @Flag(
    name: .long,
    help: "Clear the --out run folder first if it holds an earlier run (a non-empty folder is refused otherwise).")
  var force = false

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
      scenarioDirectory: folder, existing: force ? .replace : .refuse)
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
