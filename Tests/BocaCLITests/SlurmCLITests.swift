import Foundation
import XCTest

/// `boca slurm` without a cluster: the scripts it writes (run here with bash, as Slurm would run
/// them), its option checks, `--resubmit-failed` against a stand-in sbatch, and `boca merge`'s
/// refusal of an incomplete set. The real cluster is in SlurmClusterCLITests.
final class SlurmCLITests: SlurmTestCase {
  /// A copy of boca in a folder whose name needs quoting in a shell.
  func awkwardlyPlacedBoca() throws -> String {
    let folder = scratch.appendingPathComponent("it's a $dir")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let copy = folder.appendingPathComponent("boca")
    try FileManager.default.copyItem(at: Self.executable, to: copy)
    return copy.path
  }

  /// The generated scripts name every shard and option; run with bash, task by task, then the
  /// merge script, they give the tables of an unsplit run, for random shard counts. Paths that
  /// need quoting (a space, an apostrophe, a dollar sign) survive.
  func testGeneratedScriptsRunShardsAndMergeToTheUnsplitTables() throws {
    let scenario = try write(Self.small, "small.yaml")
    let reference = scratch.appendingPathComponent("reference").path
    XCTAssertEqual(try boca(["run", scenario, "--out", reference, "--quiet"]).status, 0)
    let boca = try awkwardlyPlacedBoca()
    var generator = SystemRandomNumberGenerator()
    let counts = [1, 6] + [Int.random(in: 2...5, using: &generator)]
    for n in counts {
      let dir = scratch.appendingPathComponent("cluster-\(n)").path
      let r = try self.boca([
        "slurm", scenario, "--shards", "\(n)", "--out", dir, "--boca", boca, "--partition", "short",
        "--time", "0:30:00", "--mem", "2G", "--cpus-per-task", "2", "--setup", "export BOCA_TEST_SETUP=1",
      ])
      XCTAssertEqual(r.status, 0, r.stderr)
      XCTAssertTrue(r.stdout.contains("submit.sh"), r.stdout)
      let array = try text(dir, "array.sbatch")
      for line in [
        "#SBATCH --array=0-\(n - 1)", "#SBATCH --cpus-per-task=2", "#SBATCH --partition=short",
        "#SBATCH --time=0:30:00", "#SBATCH --mem=2G", "#SBATCH --output=\(dir)/logs/shard-%a.out",
        "export BOCA_TEST_SETUP=1", "boca='\(boca.replacingOccurrences(of: "'", with: "'\\''"))'",
        "--shard \"$((i + 1))/\(n)\"", "run --resume \"$dir\"", "--scenario-directory '\(scratch.path)'",
      ] {
        XCTAssertTrue(array.contains(line), "array.sbatch lacks \(line):\n\(array)")
      }
      let merge = try text(dir, "merge.sbatch")
      for i in 0..<n { XCTAssertTrue(merge.contains("'\(dir)/shards/\(i)' \\"), merge) }
      XCTAssertFalse(merge.contains("'\(dir)/shards/\(n)'"), merge)
      XCTAssertTrue(merge.contains("--out '\(dir)/merged'"), merge)
      let submit = try text(dir, "submit.sh")
      XCTAssertTrue(submit.contains("sbatch --parsable --dependency=afterok:$array '\(dir)/merge.sbatch'"), submit)
      XCTAssertTrue(try text(dir, "README.md").contains("--resubmit-failed"))
      XCTAssertEqual(
        try Data(contentsOf: URL(fileURLWithPath: dir + "/small.yaml")),
        try Data(contentsOf: URL(fileURLWithPath: scenario)), "the shards read a byte-identical copy")

      for i in 0..<n {
        let t = try runTask(dir, i)
        XCTAssertEqual(t.status, 0, "task \(i) of \(n): \(t.stderr)")
      }
      // A task run again finds its folder complete and resumes it: nothing changes.
      let again = try runTask(dir, n - 1)
      XCTAssertEqual(again.status, 0, again.stderr)
      let m = try run("/bin/bash", [dir + "/merge.sbatch"], environment: [:])
      XCTAssertEqual(m.status, 0, m.stderr)
      XCTAssertEqual(try tables(reference), try tables(dir + "/merged"), "\(n) shards")
    }
  }

  /// A scenario without a sweep (one point, one shard) that loads its graph by a path relative
  /// to its own folder: the shard reads the copy in DIR and still finds the graph, and the merged
  /// tables equal a local run's.
  func testASinglePointScenarioWithARelativeGraphPathRunsFromItsCopy() throws {
    let folder = scratch.appendingPathComponent("project")
    let data = folder.appendingPathComponent("data")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: Self.root.appendingPathComponent("scenarios/data/medical-innovation"), to: data)
    let text = try String(
      contentsOf: Self.root.appendingPathComponent("scenarios/medical-innovation.yaml"), encoding: .utf8
    )
    .replacingOccurrences(of: "data/medical-innovation/", with: "data/")
    .replacingOccurrences(of: "replicates: 2000", with: "replicates: 200")
    let scenario = folder.appendingPathComponent("medical.yaml").path
    try text.write(toFile: scenario, atomically: true, encoding: .utf8)
    let reference = scratch.appendingPathComponent("reference").path
    XCTAssertEqual(try boca(["run", scenario, "--out", reference, "--quiet"]).status, 0)
    let dir = scratch.appendingPathComponent("cluster").path
    let tooMany = try boca(["slurm", scenario, "--shards", "2", "--out", dir])
    XCTAssertNotEqual(tooMany.status, 0)
    XCTAssertTrue(tooMany.stderr.contains("at most the number of sweep points (1)"), tooMany.stderr)
    XCTAssertEqual(try boca(["slurm", scenario, "--shards", "1", "--out", dir]).status, 0)
    let t = try runTask(dir, 0)
    XCTAssertEqual(t.status, 0, t.stderr)
    let m = try run("/bin/bash", [dir + "/merge.sbatch"], environment: [:])
    XCTAssertEqual(m.status, 0, m.stderr)
    XCTAssertEqual(try tables(reference), try tables(dir + "/merged"))
  }

  /// A task killed part-way leaves a folder with a manifest: run again, it resumes that folder.
  func testATaskResumesWhatItsFolderHolds() throws {
    let scenario = try write(Self.small, "small.yaml")
    let reference = scratch.appendingPathComponent("reference").path
    XCTAssertEqual(try boca(["run", scenario, "--out", reference, "--quiet"]).status, 0)
    let dir = scratch.appendingPathComponent("cluster").path
    XCTAssertEqual(try boca(["slurm", scenario, "--shards", "2", "--out", dir]).status, 0)
    for i in 0..<2 { XCTAssertEqual(try runTask(dir, i).status, 0) }
    // Take away one completed point of shard 1/2 (points 0, 2, 4): as if killed before it.
    let parts = dir + "/shards/0/parts"
    let removed = try FileManager.default.contentsOfDirectory(atPath: parts).filter { $0.hasPrefix("000002.") }
    XCTAssertFalse(removed.isEmpty)
    for name in removed { try FileManager.default.removeItem(atPath: parts + "/" + name) }
    let refused = try run("/bin/bash", [dir + "/merge.sbatch"], environment: [:])
    XCTAssertEqual(refused.status, 1)
    XCTAssertTrue(refused.stderr.contains("shard 1/2 is missing or incomplete: \(dir)/shards/0"), refused.stderr)
    let t = try runTask(dir, 0)
    XCTAssertEqual(t.status, 0, t.stderr)
    XCTAssertTrue(try text(dir + "/shards/0", "manifest.json").contains("--resume"), "the task resumed")
    XCTAssertEqual(try run("/bin/bash", [dir + "/merge.sbatch"], environment: [:]).status, 0)
    XCTAssertEqual(try tables(reference), try tables(dir + "/merged"))
  }

  func testBadOptionsAreRefusedWithTheOptionNamed() throws {
    let scenario = try write(Self.small, "small.yaml")
    let out = scratch.appendingPathComponent("c").path
    let cases: [([String], String)] = [
      (["--shards", "0"], "--shards"),
      (["--shards", "7"], "at most the number of sweep points (6)"),
      (["--shards", "2", "--time", "2h"], "--time"),
      (["--shards", "2", "--mem", "lots"], "--mem"),
      (["--shards", "2", "--cpus-per-task", "0"], "--cpus-per-task"),
      (["--shards", "2", "--partition", "a b"], "--partition"),
      (["--shards", "2", "--boca", "/nonexistent/boca"], "--boca"),
      ([], "--shards"),
    ]
    for (options, expected) in cases {
      let r = try boca(["slurm", scenario, "--out", out] + options)
      XCTAssertNotEqual(r.status, 0, "\(options)")
      XCTAssertTrue(r.stderr.contains(expected), "\(options): \(r.stderr)")
      XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/array.sbatch"), "\(options)")
    }
    let spaced = try boca(["slurm", scenario, "--shards", "2", "--out", scratch.appendingPathComponent("a b").path])
    XCTAssertNotEqual(spaced.status, 0)
    XCTAssertTrue(spaced.stderr.contains("--out"), spaced.stderr)
    let both = try boca(["slurm", scratch.path, "--resubmit-failed", "--shards", "2"])
    XCTAssertNotEqual(both.status, 0)
    XCTAssertTrue(both.stderr.contains("--resubmit-failed takes only the folder"), both.stderr)
    let notOurs = try boca(["slurm", scratch.path, "--resubmit-failed"])
    XCTAssertNotEqual(notOurs.status, 0)
    XCTAssertTrue(notOurs.stderr.contains("slurm.json"), notOurs.stderr)
    XCTAssertEqual(try boca(["slurm", scenario, "--shards", "2", "--out", out]).status, 0)
    let again = try boca(["slurm", scenario, "--shards", "2", "--out", out])
    XCTAssertNotEqual(again.status, 0, "a folder that is not empty is refused")
    XCTAssertTrue(again.stderr.contains("not empty"), again.stderr)
  }

  /// Stand-ins for sbatch (records its arguments in the log, prints job ids 4001, 4002, …),
  /// squeue (prints `queue`) and scancel (records its arguments), first on the PATH.
  func standInSlurm(queue: String) throws -> (environment: [String: String], log: String) {
    let bin = scratch.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    let log = scratch.appendingPathComponent("sbatch.log").path
    let sbatch = """
      #!/bin/bash
      echo "$*" >> '\(log)'
      n=$(wc -l < '\(log)')
      echo "$((4000 + n));cluster"

      """
    let squeue = "#!/bin/bash\nprintf '%s' '\(queue)'\n"
    let scancel = "#!/bin/bash\necho \"scancel $*\" >> '\(log).scancel'\n"
    for (name, body) in [("sbatch", sbatch), ("squeue", squeue), ("scancel", scancel)] {
      let path = bin.appendingPathComponent(name).path
      try body.write(toFile: path, atomically: true, encoding: .utf8)
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }
    return (["PATH": bin.path + ":/usr/bin:/bin"], log)
  }

  /// A failed shard still listed by squeue (running) is left alone; the others are resubmitted,
  /// the pending merge job is cancelled, and the new merge job waits for both arrays.
  func testResubmitFailedLeavesTasksStillInTheQueueAlone() throws {
    let scenario = try write(Self.small, "small.yaml")
    let (env, log) = try standInSlurm(queue: "4001_1 R\n4002 PD\n")
    let dir = scratch.appendingPathComponent("cluster").path
    let submitted = try run(
      Self.executable.path, ["slurm", scenario, "--shards", "3", "--out", dir, "--submit"], environment: env)
    XCTAssertEqual(submitted.status, 0, submitted.stderr)
    XCTAssertEqual(try runTask(dir, 0).status, 0)
    let r = try run(Self.executable.path, ["slurm", dir, "--resubmit-failed"], environment: env)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("shard 2/3 (array index 1) is still queued or running"), r.stdout)
    XCTAssertTrue(r.stdout.contains("resubmitting shard 3/3: \(dir)/shards/2"), r.stdout)
    let calls = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
    XCTAssertEqual(
      Array(calls.dropFirst(2)),
      [
        "--parsable --array=2 \(dir)/array.sbatch",
        "--parsable --dependency=afterok:4003,afterany:4001 \(dir)/merge.sbatch",
      ])
    XCTAssertEqual(try String(contentsOfFile: log + ".scancel", encoding: .utf8), "scancel 4002\n")
  }

  /// `--submit` and `--resubmit-failed` against a stand-in sbatch that records its arguments:
  /// the merge job depends on the array (afterok), and only the incomplete shards are resubmitted.
  func testResubmitFailedSubmitsOnlyTheIncompleteShards() throws {
    let scenario = try write(Self.small, "small.yaml")
    let (env, log) = try standInSlurm(queue: "")
    let dir = scratch.appendingPathComponent("cluster").path
    let n = 4
    let submitted = try run(
      Self.executable.path, ["slurm", scenario, "--shards", "\(n)", "--out", dir, "--submit"], environment: env)
    XCTAssertEqual(submitted.status, 0, submitted.stderr)
    XCTAssertTrue(
      submitted.stdout.contains("array job 4001") && submitted.stdout.contains("merge job 4002"), submitted.stdout)
    var calls = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
    XCTAssertEqual(
      calls, ["--parsable \(dir)/array.sbatch", "--parsable --dependency=afterok:4001 \(dir)/merge.sbatch"])

    // Random shards fail (not run at all, or cut short); the others complete.
    var generator = SystemRandomNumberGenerator()
    let failed = (0..<n).filter { _ in Bool.random(using: &generator) }
    for i in 0..<n where !failed.contains(i) { XCTAssertEqual(try runTask(dir, i).status, 0) }
    if let cut = failed.first {
      XCTAssertEqual(try runTask(dir, cut).status, 0)
      let parts = "\(dir)/shards/\(cut)/parts"
      let runs = try FileManager.default.contentsOfDirectory(atPath: parts).filter { $0.hasSuffix(".runs.part") }
      try FileManager.default.removeItem(atPath: parts + "/" + runs.sorted().last!)
    }
    let r = try run(Self.executable.path, ["slurm", dir, "--resubmit-failed"], environment: env)
    XCTAssertEqual(r.status, 0, r.stderr)
    calls = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
    if failed.isEmpty {
      XCTAssertTrue(r.stdout.contains("all \(n) shards are complete"), r.stdout)
      XCTAssertEqual(calls.count, 3, "only a merge job: \(calls)")
      XCTAssertEqual(calls.last, "--parsable \(dir)/merge.sbatch")
    } else {
      let indices = failed.map(String.init).joined(separator: ",")
      XCTAssertEqual(calls.count, 4, "\(calls)")
      XCTAssertEqual(calls[2], "--parsable --array=\(indices) \(dir)/array.sbatch")
      XCTAssertEqual(calls[3], "--parsable --dependency=afterok:4003 \(dir)/merge.sbatch")
      for i in failed {
        XCTAssertTrue(r.stdout.contains("\(i + 1)/\(n)") && r.stdout.contains("\(dir)/shards/\(i)"), r.stdout)
      }
      // Once those have run, there is nothing left to resubmit but the merge.
      for i in failed { XCTAssertEqual(try runTask(dir, i).status, 0) }
      let m = try run("/bin/bash", [dir + "/merge.sbatch"], environment: [:])
      XCTAssertEqual(m.status, 0, m.stderr)
      let done = try run(Self.executable.path, ["slurm", dir, "--resubmit-failed"], environment: env)
      XCTAssertEqual(done.status, 0, done.stderr)
      XCTAssertTrue(done.stdout.contains("nothing to resubmit"), done.stdout)
      XCTAssertEqual(try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").count, 4)
    }
  }

  /// `boca merge` refuses a set that lacks any shard, names the missing shards and their folders,
  /// exits 1 and writes nothing; for random shard counts and random missing or cut shards.
  func testMergeRefusesAnIncompleteSetAndNamesTheMissingShards() throws {
    let scenario = try write(Self.small, "small.yaml")
    var generator = SystemRandomNumberGenerator()
    for trial in 0..<2 {
      let n = Int.random(in: 2...6, using: &generator)
      var shards: [String] = []
      for i in 1...n {
        let dir = scratch.appendingPathComponent("t\(trial)-s\(i)").path
        XCTAssertEqual(try boca(["run", scenario, "--shard", "\(i)/\(n)", "--out", dir, "--quiet"]).status, 0)
        shards.append(dir)
      }
      var broken = (0..<n).filter { _ in Bool.random(using: &generator) }
      if broken.isEmpty { broken = [Int.random(in: 0..<n, using: &generator)] }
      if broken.count == n { broken.removeLast() }
      for k in broken {
        if Bool.random(using: &generator) {
          try FileManager.default.removeItem(atPath: shards[k])
        } else {
          let parts = shards[k] + "/parts"
          let runs = try FileManager.default.contentsOfDirectory(atPath: parts).filter { $0.hasSuffix(".runs.part") }
          try FileManager.default.removeItem(atPath: parts + "/" + runs.randomElement(using: &generator)!)
        }
      }
      let out = scratch.appendingPathComponent("t\(trial)-merged").path
      let r = try boca(["merge"] + shards + ["--out", out])
      XCTAssertEqual(r.status, 1, "n=\(n) broken=\(broken): \(r.stderr)")
      let names = broken.map { "\($0 + 1)/\(n)" }
      let listed =
        names.count == 1
        ? "shard \(names[0]) is" : "shards \(names.dropLast().joined(separator: ", ")) and \(names.last!) are"
      XCTAssertTrue(r.stderr.contains("\(listed) missing or incomplete: "), "n=\(n) broken=\(broken): \(r.stderr)")
      for k in broken { XCTAssertTrue(r.stderr.contains(shards[k]), r.stderr) }
      for k in 0..<n where !broken.contains(k) {
        XCTAssertFalse(r.stderr.contains(shards[k] + ",") || r.stderr.contains(shards[k] + " ("), r.stderr)
      }
      XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing written")
    }
  }
}
