import ArgumentParser
import BocaCalibration
import BocaResults
import BocaRunner
import BocaScenario
import Foundation

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a scenario (its sweep points × arms × replicates) and write its result tables.",
    discussion: """
      Writes runs.csv (one row per point × arm × replicate), summary.csv (per point × arm: n, mean,
      sd, 95% CI, paired differences from compare_to), timeseries.csv when asked, results.sqlite
      (the same tables) and manifest.json into results/<scenario-name>/<run-id>/, or into --out DIR,
      and prints the directory. The tables do not depend on --threads or --shard.

      Ctrl-C (exit 130) or SIGTERM (exit 143) stops the run within about one replicate, dropping
      the batch under way; that, a kill or a full disk leaves completed points on disk, and
      `boca run --resume DIR` finishes the run and gives the same tables as an uninterrupted one.

      A run folder that is not empty is refused (nothing is touched), so an earlier run's results
      are never taken for this one's: use `--resume DIR` to finish the run it holds (refused when
      its manifest's scenario_hash, tool_version or seed_rule differ from this run's) or `--force`
      to clear it first (only a run folder is cleared).
      """
  )

  @Argument(help: "The scenario file (YAML); with --resume, optional: it must then be the run's own scenario.")
  var scenario: String?

  @Option(name: .long, help: "The run directory (default: results/<scenario-name>/<run-id>).")
  var out: String?

  @OptionGroup var threading: ThreadOptions

  @Option(name: .long, help: "Run only shard i of n of the sweep's points (e.g. 2/3); join shards with `boca merge`.")
  var shard: String?

  @Option(
    name: .long,
    help:
      "Finish the run in DIR (reads DIR/scenario.yaml and DIR/manifest.json; refused if the scenario hash, tool version or seed rule differ)."
  )
  var resume: String?

  @Option(
    name: .customLong("scenario-directory"),
    help: ArgumentHelp(
      "Where relative paths in the scenario (graph.load) start (default: the scenario file's folder).",
      discussion: "For a copy of a scenario run away from its data, as the job scripts of `boca slurm` do."))
  var scenarioDirectory: String?

  @Flag(
    name: .long,
    help: "Clear the --out run folder first if it holds an earlier run (a non-empty folder is refused otherwise).")
  var force = false

  @OptionGroup var memory: MemoryOptions

  @Flag(name: .long, help: "Also write netlogo-table.csv (NetLogo BehaviorSpace table layout).")
  var netlogo = false

  @OptionGroup var progress: ProgressOptions

  func validate() throws {
    if let shard, Shard(parsing: shard) == nil {
      throw ValidationError("--shard: expected i/n with 1 ≤ i ≤ n, found '\(shard)'")
    }
    if resume != nil && (shard != nil || out != nil) {
      throw ValidationError("--resume DIR takes no --shard or --out: the run directory has them")
    }
    if resume != nil && scenarioDirectory != nil {
      throw ValidationError("--resume DIR takes no --scenario-directory: the run directory's manifest has it")
    }
    if resume != nil && force {
      throw ValidationError("--resume keeps the run folder's results and --force clears them: give one of them")
    }
    if resume == nil && scenario == nil { throw ValidationError("expected a scenario file (or --resume DIR)") }
  }

  func run() throws {
    try memory.apply()
    let threads = threading.count
    let sweep: SweepRun
    if let resume {
      let resumed = try ResumedRun(directory: resume, scenario: scenario)
      sweep = SweepRun(
        plan: resumed.plan, directory: resumed.store.directory, threads: threads,
        shard: resumed.manifest.shard.flatMap(Shard.init(parsing:)), commandLine: CommandLine.arguments,
        netlogo: netlogo, existing: .resume)
    } else {
      let path = scenario!
      let base = scenarioDirectory.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
      if FitScenario.isFitScenario(path: path) {
        throw UserError("\(path) is a fit scenario (it has a top-level 'fits' list): run it with `boca fit \(path)`")
      }
      let plan = try ScenarioPlan.load(path: path, baseDirectory: base)
      for warning in plan.warnings { printError("warning: \(warning)") }
      let directory = out.map { URL(fileURLWithPath: $0) } ?? ScenarioRun.defaultDirectory(for: plan.base)
      let folder = base ?? URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
      sweep = SweepRun(
        plan: plan, directory: directory, threads: threads, shard: shard.flatMap(Shard.init(parsing:)),
        commandLine: CommandLine.arguments, scenarioSource: FileManager.default.contents(atPath: path),
        scenarioDirectory: folder, netlogo: netlogo, existing: force ? .replace : .refuse)
    }
    sweep.log = printError
    sweep.notes.warn = printError
    if progress.verbose { sweep.notes.verbose = printError }
    let stop = InterruptFlag.install()
    sweep.interrupt = { stop.isSet }
    let finished = try sweep.execute(progress: progress.quiet ? nil : SweepProgress(), shouldStop: { stop.isSet })
    guard finished else {
      printError("interrupted: resume with `boca run --resume \(sweep.store.directory.path)`")
      throw ExitCode(stop.exitStatus ?? 130)
    }
    try StandardOutput.line(sweep.store.directory.path)
  }
}

struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check a scenario without running it; report every problem with file, line and key.",
    discussion: """
      Reads the scenario with its sweep and arms, then builds (or reads) its graphs and sets up
      every point and arm exactly as `boca run` does before its first replicate: model, node
      columns, layers, seeding, seed ids and campaign plans. It accepts what run accepts and
      refuses what run refuses. --no-graph skips the graph (faster; names and columns that only
      the graph knows are then not checked).
      """
  )

  @Argument(help: "The scenario file (YAML).")
  var scenario: String

  @Flag(name: .customLong("no-graph"), help: "Do not build or read the graph (checks only what the file itself says).")
  var noGraph = false

  @OptionGroup var memory: MemoryOptions

  @Flag(name: .long, help: .hidden)
  var graph = false  // the default now; kept so that older scripts that pass it still work

  func run() throws {
    try memory.apply()
    if FitScenario.isFitScenario(path: self.scenario) {
      // A fit scenario (`boca fit`): read it and, unless --no-graph, read the graph and the
      // adoption times exactly as `fit` does before its first fit.
      let fit = try FitScenario.load(path: self.scenario)
      var detail = "graph not checked"
      if !noGraph {
        let graph = try GraphFactory.build(fit.graph, rootSeed: fit.seed, log: printError)
        let observed = try FitRunner.observed(fit, graph: graph)
        detail = "\(graph.nodeCount) nodes, \(observed.periods) fitted periods"
      }
      try StandardOutput.line(
        "\(self.scenario): ok (fit: \(fit.fits.count) fit\(fit.fits.count == 1 ? "" : "s"), \(detail))")
      return
    }
    let plan = try ScenarioPlan.load(path: self.scenario)
    for warning in plan.warnings { printError("warning: \(warning)") }
    if noGraph {
      try CampaignPlanner.checkPolicies(plan)
      try RunLimits.check(plan, log: printError)
    } else {
      try PlanCheck.check(plan, log: printError)
    }
    let s = plan.base
    try StandardOutput.line(
      "\(self.scenario): ok (\(s.model.name), \(plan.pointCount) point\(plan.pointCount == 1 ? "" : "s") × \(plan.armCount) arm\(plan.armCount == 1 ? "" : "s") × \(s.replicates) replicates\(noGraph ? ", graph not checked" : ""))"
    )
  }
}
