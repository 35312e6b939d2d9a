import Foundation
import XCTest

/// `boca slurm --submit` on a real single-node Slurm cluster brought up by
/// scripts/slurm-local.sh (its own state folder and ports, stopped at the end): a 4-shard sweep
/// merges to the tables of a local unsplit run, and a failed array task is completed by
/// `--resubmit-failed`. Skipped only where Slurm and munge are missing and cannot be installed
/// (no apt-get, or neither root nor sudo).
final class SlurmClusterCLITests: SlurmTestCase {
  var environment: [String: String] = [:]

  /// The fields of DIR/slurm.json's first submission.
  func firstSubmission(_ dir: String) throws -> [String: String] {
    let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/slurm.json"))
    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    let submissions = object?["submissions"] as? [[String: String]] ?? []
    return try XCTUnwrap(submissions.first, "no submission recorded in \(dir)/slurm.json")
  }

  /// Waits up to `seconds` for `condition`.
  func wait(_ seconds: TimeInterval, for condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if try condition() { return true }
      usleep(500_000)
    }
    return try condition()
  }

  func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

  /// Whether `squeue` still lists job `id` (or any task of it).
  func queued(_ id: String) throws -> Bool {
    let r = try run("/usr/bin/env", ["squeue", "-h", "-r", "-j", id, "-o", "%i"], environment: environment)
    return r.status == 0 && !r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
  }

  func logs(_ dir: String) -> String {
    let folder = dir + "/logs"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.sorted().map { "== \($0)\n" + ((try? text(folder, $0)) ?? "") }.joined(separator: "\n")
  }

  func testASweepOnARealSlurmClusterMergesToTheLocalTablesAndAFailedTaskIsResubmitted() throws {
    #if !os(Linux)
      throw XCTSkip("the single-node Slurm of scripts/slurm-local.sh is set up for Linux (apt-get)")
    #endif
    let script = Self.root.appendingPathComponent("scripts/slurm-local.sh").path
    let state = scratch.appendingPathComponent("slurm").path
    environment = [
      "BOCA_SLURM_STATE": state, "BOCA_SLURM_PORT": "6837", "SLURM_CONF": state + "/slurm.conf",
      "PATH": (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") + ":/usr/sbin:/sbin",
    ]
    let started = try run("/bin/bash", [script, "start"], environment: environment)
    let stopEnvironment = environment
    addTeardownBlock { [script] in
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/bash")
      process.arguments = [script, "stop"]
      process.environment = ProcessInfo.processInfo.environment.merging(stopEnvironment) { $1 }
      process.standardOutput = FileHandle.nullDevice
      try? process.run()
      process.waitUntilExit()
    }
    if started.status != 0 && started.stderr.contains("not installed") {
      throw XCTSkip("no Slurm here and it cannot be installed: \(started.stderr)")
    }
    XCTAssertEqual(started.status, 0, "slurm-local.sh start: \(started.stdout)\n\(started.stderr)")
    guard started.status == 0 else { return }

    let scenario = try write(Self.small, "small.yaml")
    let reference = scratch.appendingPathComponent("reference").path
    XCTAssertEqual(try boca(["run", scenario, "--out", reference, "--quiet"]).status, 0)
    // A boca that fails array task 2 the first time it runs (as a failed or preempted task would).
    let marker = scratch.appendingPathComponent("failed-once").path
    let flaky = try write(
      """
      #!/bin/bash
      if [ "${SLURM_ARRAY_TASK_ID:-}" = 2 ] && [ ! -e '\(marker)' ]; then
        touch '\(marker)'; echo "task 2 fails on purpose" >&2; exit 3
      fi
      exec '\(Self.executable.path)' "$@"

      """, "flaky-boca")
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: flaky)

    let good = scratch.appendingPathComponent("good").path
    let bad = scratch.appendingPathComponent("bad").path
    let a = try run(
      Self.executable.path, ["slurm", scenario, "--shards", "4", "--out", good, "--submit"], environment: environment)
    XCTAssertEqual(a.status, 0, a.stderr)
    XCTAssertTrue(a.stdout.contains("array job ") && a.stdout.contains("merge job "), a.stdout)
    let b = try run(
      Self.executable.path, ["slurm", scenario, "--shards", "4", "--out", bad, "--boca", flaky, "--submit"],
      environment: environment)
    XCTAssertEqual(b.status, 0, b.stderr)

    XCTAssertTrue(wait(100) { exists(good + "/merged/manifest.json") }, "no merged run after 100 s:\n\(logs(good))")
    XCTAssertEqual(try tables(reference), try tables(good + "/merged"), "Slurm-merged tables equal the local run's")

    let array = try firstSubmission(bad)["arrayJob"] ?? ""
    XCTAssertTrue(try wait(60) { try !queued(array) }, "array job \(array) still queued after 60 s")
    XCTAssertTrue(exists(marker), "task 2 ran and failed:\n\(logs(bad))")
    XCTAssertFalse(exists(bad + "/merged"), "the merge job does not run after a failed task")
    for i in [0, 1, 3] { XCTAssertTrue(exists(bad + "/shards/\(i)/summary.csv"), "shard \(i + 1)/4:\n\(logs(bad))") }

    let r = try run(Self.executable.path, ["slurm", bad, "--resubmit-failed"], environment: environment)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("resubmitting shard 3/4: \(bad)/shards/2"), r.stdout)
    XCTAssertTrue(r.stdout.contains("array job ") && r.stdout.contains("(tasks 2)"), r.stdout)
    XCTAssertTrue(wait(100) { exists(bad + "/merged/manifest.json") }, "no merged run after 100 s:\n\(logs(bad))")
    XCTAssertEqual(try tables(reference), try tables(bad + "/merged"), "after the resubmission, the merged tables")
    let done = try run(Self.executable.path, ["slurm", bad, "--resubmit-failed"], environment: environment)
    XCTAssertEqual(done.status, 0, done.stderr)
    XCTAssertTrue(done.stdout.contains("nothing to resubmit"), done.stdout)
  }
}
