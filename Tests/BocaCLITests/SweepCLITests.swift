import Foundation
import XCTest

/// `boca run` on sweeps, `--shard`, `boca merge`, a real SIGKILL with `--resume`, and export.
final class SweepCLITests: CLITestCase {
  /// A sweep small enough for debug builds: 2 × 3 points × 2 arms × 30 replicates.
  static let small = """
    name: small-sweep
    seed: 5
    replicates: 30
    steps: 12
    graph:
      sides:
        consumer: {count: 800}
        prosumer: {count: 40}
      layers:
        social: {generate: {ba: {m: 2}}}
    model: {name: ic, p: 0.08}
    seeds: {policy: random, k: 3}
    arms:
      random: {}
      prosumers: {seeds.side: prosumer}
      compare_to: random
    sweep:
      model.p: [0.05, 0.1]
      graph.sides.prosumer.count: [20, 40, 80]
    outputs: {timeseries: true, timeseries_every: 2}
    """

  /// The CSV tables of a run directory (not its parts), by name.
  func tables(_ dir: String) throws -> [String: Data] {
    let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".csv") }
    return Dictionary(
      uniqueKeysWithValues: try names.map {
        ($0, try Data(contentsOf: URL(fileURLWithPath: dir).appendingPathComponent($0)))
      })
  }

  func lines(_ dir: String, _ file: String) throws -> [Substring] {
    try String(contentsOfFile: dir + "/" + file, encoding: .utf8).split(separator: "\n")
  }

  /// The example sweep in scenarios/ (3 × 3 × 3 grid × 2 arms × 50 replicates) runs, and its
  /// summary has one row per point × arm.
  func testTheExampleSweepRunsWithOneSummaryRowPerPointAndArm() throws {
    let scenario = Self.root.appendingPathComponent("scenarios/sweep-prosumer-seeding.yaml").path
    let out = scratch.appendingPathComponent("example").path
    let r = try boca(["run", scenario, "--out", out, "--quiet"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(try lines(out, "summary.csv").count, 1 + 27 * 2)
    XCTAssertEqual(try lines(out, "runs.csv").count, 1 + 27 * 2 * 50)
    let header = try lines(out, "runs.csv")[0]
    XCTAssertTrue(
      header.hasPrefix("point,arm,replicate,seed,model.p.social,model.p.offline,graph.sides.prosumer.count,spread,"),
      String(header))
  }

  func testTablesAreIdenticalForThreadsAndForMergedShards() throws {
    let scenario = try write(Self.small, "small.yaml")
    let one = scratch.appendingPathComponent("t1").path
    let two = scratch.appendingPathComponent("t2").path
    XCTAssertEqual(try boca(["run", scenario, "--threads", "1", "--out", one]).status, 0)
    let r2 = try boca(["run", scenario, "--threads", "2", "--out", two])
    XCTAssertEqual(r2.status, 0, r2.stderr)
    let reference = try tables(one)
    XCTAssertEqual(Set(reference.keys), ["runs.csv", "summary.csv", "timeseries.csv"])
    XCTAssertEqual(reference, try tables(two))
    var shards: [String] = []
    for i in 1...3 {
      let dir = scratch.appendingPathComponent("s\(i)").path
      let r = try boca(["run", scenario, "--shard", "\(i)/3", "--out", dir])
      XCTAssertEqual(r.status, 0, r.stderr)
      XCTAssertLessThan(try lines(dir, "summary.csv").count, 1 + 6 * 2, "a shard holds part of the points")
      shards.append(dir)
    }
    let merged = scratch.appendingPathComponent("merged").path
    let m = try boca(["merge"] + shards + ["--out", merged])
    XCTAssertEqual(m.status, 0, m.stderr)
    XCTAssertEqual(reference, try tables(merged))
    let partialOut = scratch.appendingPathComponent("partial").path
    let partial = try boca(["merge", shards[0], "--out", partialOut])
    XCTAssertEqual(partial.status, 1, "an incomplete set is refused")
    XCTAssertTrue(partial.stderr.contains("shards 2/3 and 3/3 are missing or incomplete"), partial.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: partialOut), "nothing written")
  }

  /// A real SIGKILL at a random moment of a run, then `--resume`: the tables are byte-identical
  /// to an uninterrupted run's.
  func testSIGKILLAtARandomMomentThenResumeGivesIdenticalTables() throws {
    let text = Self.small.replacingOccurrences(of: "replicates: 30", with: "replicates: 120")
      .replacingOccurrences(of: "[20, 40, 80]", with: "[20, 40, 80, 160]")
    let scenario = try write(text, "kill.yaml")
    let reference = scratch.appendingPathComponent("reference").path
    XCTAssertEqual(try boca(["run", scenario, "--out", reference, "--quiet"]).status, 0)

    let dir = scratch.appendingPathComponent("killed").path
    let process = Process()
    process.executableURL = Self.executable
    process.arguments = ["run", scenario, "--out", dir, "--quiet"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Wait for the run to start writing, then kill it a random moment later.
    let parts = URL(fileURLWithPath: dir).appendingPathComponent("parts").path
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning && Date() < deadline
      && ((try? FileManager.default.contentsOfDirectory(atPath: parts)) ?? []).isEmpty
    {
      usleep(2_000)
    }
    usleep(UInt32.random(in: 0...300_000))
    let wasRunning = process.isRunning
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    XCTAssertTrue(wasRunning, "the run ended before the kill; make the scenario bigger")
    XCTAssertEqual(process.terminationReason, .uncaughtSignal)
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/summary.csv"), "killed before the tables")

    let r = try boca(["run", "--resume", dir, "--quiet"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines), URL(fileURLWithPath: dir).path)
    XCTAssertEqual(try tables(reference), try tables(dir))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: parts).filter { $0.hasSuffix(".tmp") }
    XCTAssertEqual(leftovers, [])
  }

  func testResumeNeedsARunDirectory() throws {
    let r = try boca(["run", "--resume", scratch.path])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertTrue(r.stderr.contains("not a run directory"), r.stderr)
  }

  /// Three mistakes (a misspelt top-level key, an unknown swept key path, an arm override of the
  /// wrong type) are reported together, each with its file, line and key path.
  func testMalformedSweepScenarioReportsEveryMistakeWithLines() throws {
    let bad = Self.small.replacingOccurrences(of: "steps: 12", with: "stpes: 12")
      .replacingOccurrences(of: "model.p: [0.05, 0.1]", with: "model.q: [0.05, 0.1]")
      .replacingOccurrences(of: "prosumers: {seeds.side: prosumer}", with: "prosumers: {seeds.k: many}")
    let scenario = try write(bad, "bad.yaml")
    let r = try boca(["run", scenario, "--out", scratch.appendingPathComponent("bad").path])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertTrue(r.stderr.contains("3 problems"), r.stderr)
    XCTAssertTrue(r.stderr.contains("bad.yaml:4:1: stpes"), r.stderr)
    XCTAssertTrue(r.stderr.contains("did you mean 'steps'"), r.stderr)
    XCTAssertTrue(r.stderr.contains("bad.yaml:18:12: sweep.model.q"), r.stderr)
    XCTAssertTrue(r.stderr.contains("did you mean 'model.p'"), r.stderr)
    XCTAssertTrue(r.stderr.contains("bad.yaml:15:"), r.stderr)
    XCTAssertTrue(r.stderr.contains("seeds.k: expected a whole number, found 'many'"), r.stderr)
  }

  /// `boca export` writes plot-ready tables and `notebooks-data/plot.py` turns them into PNGs.
  func testExportThenPlotWritesFigures() throws {
    let scenario = try write(Self.small, "small.yaml")
    let run = scratch.appendingPathComponent("run").path
    XCTAssertEqual(try boca(["run", scenario, "--out", run, "--quiet"]).status, 0)
    let data = scratch.appendingPathComponent("export").path
    let e = try boca(["export", run, "--to", data])
    XCTAssertEqual(e.status, 0, e.stderr)
    let curves = try lines(data, "curves.csv")
    XCTAssertEqual(
      curves[0], "point,arm,side,state,step,n,mean,ci_low,ci_high,running", "columns are added, never renamed")
    XCTAssertEqual(curves.count, 1 + 6 * 2 * 3 * 7, "points × arms × sides (all + 2) × steps 0, 2, …, 12")
    XCTAssertTrue(FileManager.default.fileExists(atPath: data + "/meta.json"))

    let python = try shell("python3 -c 'import pandas, matplotlib'")
    try XCTSkipIf(python != 0, "pandas/matplotlib are not installed (scripts/setup.sh installs them)")
    let status = try shell("python3 '\(Self.root.path)/notebooks-data/plot.py' '\(data)'")
    XCTAssertEqual(status, 0)
    for figure in ["adoption_curves.png", "heatmap.png", "arm_comparison.png"] {
      let bytes = try Data(contentsOf: URL(fileURLWithPath: data).appendingPathComponent(figure))
      XCTAssertEqual(Array(bytes.prefix(4)), [0x89, 0x50, 0x4E, 0x47], figure)
    }
  }

  func shell(_ command: String) throws -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", command]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    return p.terminationStatus
  }
}
