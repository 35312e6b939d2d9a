import ArgumentParser
import BocaResults
import BocaRunner
import BocaScenario
import Foundation

struct SlurmCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "slurm",
    abstract: "Run a scenario's sweep on a Slurm cluster as a job array of shards, then merge them.",
    discussion: """
      Writes into --out DIR a job array (array.sbatch: task i runs `boca run --shard i+1/N` into
      DIR/shards/i, resuming what that folder already holds), a merge job (merge.sbatch: `boca
      merge` of every shard into DIR/merged, submitted with --dependency=afterok on the array),
      submit.sh, a README.md with the commands, a copy of the scenario that every shard reads, and
      slurm.json (the settings). Paths are absolute: DIR must be on a file system shared by the
      login and compute nodes. --submit submits both jobs with sbatch and prints their ids.

      `boca slurm DIR --resubmit-failed` finds the shards whose folder is missing or incomplete
      (a point is complete when its runs part exists), leaves alone those still queued or running
      (squeue, when it is there), and submits only those array indices and a new merge job after
      them; when every shard is complete it says so.

      Any sweep design (grid, lhs, sobol, morris) and a scenario without a sweep (one point, one
      shard) work. A scenario with arms runs as `boca run` runs it: runs.csv and summary.csv per
      point × arm with the paired differences; `boca compare`'s comparison.csv is not written
      (compare has no --shard). See docs/hpc.md.
      """
  )

  @Argument(help: "The scenario file (YAML), or with --resubmit-failed the folder boca slurm wrote.")
  var target: String

  @Option(name: .long, help: "Number of shards (array tasks); at most the number of sweep points.")
  var shards: Int?

  @Option(name: .long, help: "Slurm partition (sbatch --partition; default: the cluster's).")
  var partition: String?

  @Option(name: .long, help: "Time limit per task (sbatch --time: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS).")
  var time: String?

  @Option(name: .customLong("cpus-per-task"), help: "CPUs per task, and boca's --threads in each task (default 1).")
  var cpusPerTask: Int = 1

  @Option(name: .long, help: "Memory per task (sbatch --mem, e.g. 4G or 4000M).")
  var mem: String?

  @Option(name: .long, help: "The folder for the scripts, shards and merged run (default results/<name>/<run-id>).")
  var out: String?

  @Option(name: .long, help: "The boca executable the jobs run (default: this one).")
  var boca: String?

  @Option(
    name: .long,
    help: "A shell line each job runs before boca, e.g. --setup 'module load gsl' (repeat for several).")
  var setup: [String] = []

  @Flag(name: .long, help: "Submit the array and the merge job with sbatch and print their job ids.")
  var submit = false

  @Flag(name: .customLong("resubmit-failed"), help: "Resubmit the missing or incomplete shards of the folder given.")
  var resubmitFailed = false

  func validate() throws {
    if resubmitFailed {
      let given = [
        ("--shards", shards != nil), ("--partition", partition != nil), ("--time", time != nil),
        ("--mem", mem != nil), ("--out", out != nil), ("--boca", boca != nil), ("--setup", !setup.isEmpty),
        ("--cpus-per-task", cpusPerTask != 1),
      ].filter(\.1).map(\.0)
      if !given.isEmpty {
        throw ValidationError(
          "--resubmit-failed takes only the folder: \(given.joined(separator: ", ")) come from its slurm.json")
      }
      return
    }
    guard let shards else { throw ValidationError("--shards: expected the number of shards (array tasks)") }
    if shards < 1 { throw ValidationError("--shards: expected at least 1, found \(shards)") }
    if cpusPerTask < 1 { throw ValidationError("--cpus-per-task: expected at least 1, found \(cpusPerTask)") }
    if let time, !Self.isSlurmTime(time) {
      throw ValidationError(
        "--time: expected MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (e.g. 2:00:00), found '\(time)'")
    }
    if let mem, mem.wholeMatch(of: /[0-9]+[KMGTkmgt]?/) == nil {
      throw ValidationError("--mem: expected a size such as 4000, 4000M or 4G, found '\(mem)'")
    }
    if let partition, partition.isEmpty || partition.contains(where: { !Self.isDirectiveSafe($0) }) {
      throw ValidationError("--partition: expected a partition name (no spaces, quotes or %), found '\(partition)'")
    }
    if let out, out.contains(where: { !Self.isDirectiveSafe($0) }) {
      throw ValidationError(
        "--out: the folder goes into #SBATCH --output lines, which cannot hold spaces, quotes, % or \\: found '\(out)'")
    }
    for line in setup where line.contains("\n") {
      throw ValidationError("--setup: expected one shell line per --setup, found a line break in '\(line)'")
    }
  }

  /// Slurm's time formats: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS.
  static func isSlurmTime(_ text: String) -> Bool {
    text.wholeMatch(of: /[0-9]+(:[0-9]{1,2}){0,2}/) != nil
      || text.wholeMatch(of: /[0-9]+-[0-9]{1,2}(:[0-9]{1,2}){0,2}/) != nil
  }

  /// Whether `c` may stand unquoted in an `#SBATCH` line.
  static func isDirectiveSafe(_ c: Character) -> Bool {
    !(c.isWhitespace || "\"'%\\$`".contains(c))
  }

  func run() throws {
    if resubmitFailed { try resubmit() } else { try generate() }
  }

  // MARK: - Writing the scripts

  func generate() throws {
    let plan = try ScenarioPlan.load(path: target)
    for warning in plan.warnings { printError("warning: \(warning)") }
    let shards = self.shards!
    guard shards <= plan.pointCount else {
      throw UserError(
        "--shards: expected at most the number of sweep points (\(plan.pointCount)) of \(target), found \(shards)")
    }
    guard let source = FileManager.default.contents(atPath: target) else {
      throw UserError("\(target): cannot read the scenario")
    }
    let directory = (out.map { URL(fileURLWithPath: $0) } ?? ScenarioRun.defaultDirectory(for: plan.base))
      .standardizedFileURL
    if ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).isEmpty == false {
      throw UserError("\(directory.path): not empty; give a new or empty folder for --out")
    }
    if directory.path.contains(where: { !Self.isDirectiveSafe($0) }) {
      throw UserError(
        "\(directory.path): #SBATCH --output lines cannot hold spaces, quotes, % or \\; choose another --out")
    }
    let executable = try Self.bocaExecutable(boca)
    let scenarioCopy = directory.appendingPathComponent(URL(fileURLWithPath: target).lastPathComponent)
    let setup = SlurmSetup(
      directory: directory.path, scenario: scenarioCopy.path,
      scenarioDirectory: URL(fileURLWithPath: target).deletingLastPathComponent().standardizedFileURL.path,
      scenarioName: plan.base.name, shards: shards, points: plan.pointCount, boca: executable,
      partition: partition, time: time, cpusPerTask: cpusPerTask, mem: mem, setup: self.setup)
    for folder in ["shards", "logs"] {
      try FileManager.default.createDirectory(
        at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    try AtomicFile.write(source, to: scenarioCopy)
    try write(setup.arrayScriptText, to: setup.arrayScriptPath, executable: true)
    try write(setup.mergeScriptText, to: setup.mergeScriptPath, executable: true)
    try write(
      setup.submitScriptText, to: directory.appendingPathComponent(SlurmSetup.submitScript).path, executable: true)
    try write(setup.readmeText, to: directory.appendingPathComponent(SlurmSetup.readme).path, executable: false)
    try setup.write()
    try StandardOutput.line(
      "\(directory.path): \(shards) shard\(shards == 1 ? "" : "s") of \(plan.pointCount) point\(plan.pointCount == 1 ? "" : "s") (array.sbatch, merge.sbatch, submit.sh, README.md)"
    )
    if submit {
      try submitJobs(setup, indices: nil)
    } else {
      try StandardOutput.line(
        "submit with: bash \(SlurmSetup.quoted(directory.appendingPathComponent(SlurmSetup.submitScript).path))")
    }
  }

  func write(_ text: String, to path: String, executable: Bool) throws {
    try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: path))
    if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
  }

  /// The absolute path of the boca the jobs run: `--boca`, or this executable.
  static func bocaExecutable(_ given: String?) throws -> String {
    if let given {
      let url = URL(fileURLWithPath: given).standardizedFileURL
      guard FileManager.default.isExecutableFile(atPath: url.path) else {
        throw UserError("--boca: \(url.path) is not an executable file")
      }
      return url.path
    }
    let running = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    if running.path != "/proc/self/exe", FileManager.default.isExecutableFile(atPath: running.path) {
      return running.path
    }
    if let path = Bundle.main.executableURL?.resolvingSymlinksInPath().path { return path }
    throw UserError("cannot tell where this boca executable is; give --boca PATH")
  }

  /// Submits the array (all tasks, or `indices`) and the merge job after it; records both.
  /// `alsoAfter`: array jobs with tasks still queued or running, which the merge job waits for
  /// too (`afterany`: merge itself refuses the set if one of them then fails).
  func submitJobs(_ setup: SlurmSetup, indices: [Int]?, alsoAfter: [String] = []) throws {
    var setup = setup
    let client = SlurmClient()
    let options = indices.map { ["--array=" + $0.map(String.init).joined(separator: ",")] } ?? []
    let array = try client.submit(setup.arrayScriptPath, options: options)
    let dependency = (["afterok:\(array)"] + alsoAfter.map { "afterany:\($0)" }).joined(separator: ",")
    let merge = try client.submit(setup.mergeScriptPath, options: ["--dependency=\(dependency)"])
    let shown = indices.map { $0.map(String.init).joined(separator: ",") } ?? "0-\(setup.shards - 1)"
    setup.submissions.append(
      .init(arrayJob: array, indices: shown, mergeJob: merge, submittedAt: Manifest.timestamp()))
    try setup.write()
    try StandardOutput.line("array job \(array) (tasks \(shown))")
    try StandardOutput.line("merge job \(merge) (after the array: \(setup.mergedPath))")
  }

  // MARK: - Resubmitting

  func resubmit() throws {
    let setup = try SlurmSetup.read(from: target)
    let plan = try ScenarioPlan.load(path: setup.scenario, baseDirectory: setup.scenarioDirectory)
    let expected = (0..<setup.shards).map { Shard(index: $0 + 1, count: setup.shards) }
    let state = ShardCompleteness(pointCount: plan.pointCount, directories: setup.shardPaths, expectedShards: expected)
    let client = SlurmClient()
    let last = setup.submissions.last
    let queued = client.active(setup.submissions.flatMap { [$0.arrayJob, $0.mergeJob] })
    var stillQueued: [Int] = []
    var stillQueuedJobs: [String] = []
    var failed: [Int] = []
    for (i, folder) in state.folders.enumerated() where !folder.isComplete {
      let jobs = setup.submissions.map(\.arrayJob).filter { queued["\($0)_\(i)"] != nil }
      if jobs.isEmpty { failed.append(i) } else { stillQueued.append(i) }
      stillQueuedJobs += jobs.filter { !stillQueuedJobs.contains($0) }
    }
    for i in stillQueued {
      try StandardOutput.line("shard \(expected[i]) (array index \(i)) is still queued or running: not resubmitted")
    }
    let mergeState = last.flatMap { queued[$0.mergeJob] }
    // A pending merge job may wait on an array with a failed task: its dependency can never be
    // met, so it is cancelled and a new one submitted. A running one is left alone.
    func cancelPendingMerge(_ why: String) throws {
      guard let last, mergeState == "PD" else { return }
      _ = try? client.run("scancel", [last.mergeJob])
      try StandardOutput.line("cancelled merge job \(last.mergeJob) (\(why))")
    }
    if failed.isEmpty {
      if !stillQueued.isEmpty {
        try StandardOutput.line("nothing to resubmit: the other shards are complete")
      } else if isMerged(setup) {
        try StandardOutput.line(
          "nothing to resubmit: all \(setup.shards) shards are complete and merged into \(setup.mergedPath)")
      } else if let last, mergeState == "R" || mergeState == "CG" {
        try StandardOutput.line(
          "nothing to resubmit: all \(setup.shards) shards are complete; merge job \(last.mergeJob) is running")
      } else {
        try cancelPendingMerge("a new one runs now that every shard is complete")
        try StandardOutput.line("all \(setup.shards) shards are complete; submitting the merge job")
        var updated = setup
        let merge = try client.submit(setup.mergeScriptPath, options: [])
        updated.submissions.append(
          .init(arrayJob: "", indices: "", mergeJob: merge, submittedAt: Manifest.timestamp()))
        try updated.write()
        try StandardOutput.line("merge job \(merge) (\(setup.mergedPath))")
      }
      return
    }
    try cancelPendingMerge("its array had a failed task")
    let folders = failed.map { state.folders[$0].path }
    try StandardOutput.line(
      "resubmitting \(failed.count == 1 ? "shard" : "shards") \(ShardCompleteness.list(failed.map { expected[$0].description })): \(folders.joined(separator: ", "))"
    )
    try submitJobs(setup, indices: failed, alsoAfter: stillQueuedJobs)
  }

  /// Whether DIR/merged holds a finished merge.
  func isMerged(_ setup: SlurmSetup) -> Bool {
    let store = RunStore(directory: URL(fileURLWithPath: setup.mergedPath))
    guard let m = try? Manifest.read(from: store.manifestURL) else { return false }
    return m.finishedAt != nil && m.shard == nil
  }
}
