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

      A run folder that is not empty is refused (nothing is touched) unless --force, which clears
      it first (only a run folder is cleared). `boca compare --resume DIR` finishes an interrupted
      comparison (refused when the folder's manifest differs from this run in scenario hash, tool
      version or seed rule) and writes the comparison.
      """
  )

  @Argument(help: "The scenario file (YAML) with arms; with --resume, optional: it must then be the run's own.")
  var scenario: String?

  @Option(name: .long, help: "The run directory (default: results/<scenario-name>/<run-id>).")
  var out: String?

  @OptionGroup var memory: MemoryOptions

  @OptionGroup var threading: ThreadOptions

  @Flag(
    name: .long,
    help: "Clear the --out run folder first if it holds an earlier run (a non-empty folder is refused otherwise).")
  var force = false

  @Option(
    name: .long,
    help:
      "Finish the interrupted comparison in DIR (refused if the scenario hash, tool version or seed rule differ)."
  )
  var resume: String?

  @OptionGroup var progress: ProgressOptions

  func validate() throws {
    if resume != nil && out != nil {
      throw ValidationError("--resume DIR takes no --out: the comparison is finished in DIR")
    }
    if resume != nil && force {
      throw ValidationError("--resume keeps the run folder's results and --force clears them: give one of them")
    }
    if resume == nil && scenario == nil { throw ValidationError("expected a scenario file (or --resume DIR)") }
  }

  func run() throws {
    try memory.apply()
    let threads = threading.count
    let plan: ScenarioPlan
    let sweep: SweepRun
    if let resume {
      let resumed = try ResumedRun(directory: resume, scenario: scenario)
      plan = resumed.plan
      // Points already written without the campaign columns (a folder of `boca run`) cannot be
      // joined with points written with them.
      if resumed.manifest.campaignColumns != true && !resumed.plan.hasCampaigns
        && !resumed.store.completedPoints().isEmpty
      {
        throw UserError(
          "\(resume): not a comparison's run folder (started by boca run); finish it with `boca run --resume \(resume)`"
        )
      }
      sweep = SweepRun(
        plan: plan, directory: resumed.store.directory, threads: threads, commandLine: CommandLine.arguments,
        existing: .resume)
    } else {
      let scenario = scenario!
      plan = try ScenarioPlan.load(path: scenario)
      let directory = out.map { URL(fileURLWithPath: $0) } ?? ScenarioRun.defaultDirectory(for: plan.base)
      let folder = URL(fileURLWithPath: scenario).deletingLastPathComponent().standardizedFileURL.path
      sweep = SweepRun(
        plan: plan, directory: directory, threads: threads, commandLine: CommandLine.arguments,
        scenarioSource: FileManager.default.contents(atPath: scenario), scenarioDirectory: folder,
        existing: force ? .replace : .refuse)
    }
    for warning in plan.warnings { printError("warning: \(warning)") }
    sweep.campaignColumns = true
    sweep.log = printError
    sweep.notes.warn = printError
    if progress.verbose { sweep.notes.verbose = printError }
    let stop = InterruptFlag.install()
    sweep.interrupt = { stop.isSet }
    guard try sweep.execute(progress: progress.quiet ? nil : SweepProgress(), shouldStop: { stop.isSet }) else {
      printError("interrupted: resume with `boca compare --resume \(sweep.store.directory.path)`")
      throw ExitCode(stop.exitStatus ?? 130)
    }
    let table = try ComparisonTable(plan: plan, store: sweep.store)
    try table.write(to: sweep.store.directory)
    try StandardOutput.line(table.rendered())
    try StandardOutput.line()
    for line in table.sentences { try StandardOutput.line(line) }
    try StandardOutput.line()
    try StandardOutput.line(sweep.store.directory.appendingPathComponent(ComparisonTable.fileName).path)
  }
}
