import BocaScenario
import Foundation
import XCTest

@testable import BocaRunner

/// The byte-identical contract (scenarios/README.md, "Running, sharding, resuming"): the tables
/// do not depend on `--threads` or on `--shard`. Replicate r of point p draws from a generator
/// seeded with replicateSeeds[p, r] whatever thread runs it, and the tables are assembled from per-point
/// parts in point order, so any state a replicate inherits from the one before it on its thread
/// (the cross-side multiplier of issue 10, item 2) shows up as a difference here.
final class DeterminismPropertyTests: XCTestCase {
  static let tables = ["runs.csv", "summary.csv", "timeseries.csv"]

  /// Runs the plan with `SweepRun` (the library behind `boca run`) into a fresh folder.
  static func run(_ plan: ScenarioPlan, threads: Int, shard: Shard? = nil, into dir: URL) throws {
    try SweepRun(plan: plan, directory: dir, threads: threads, shard: shard, commandLine: ["property"]).execute()
  }

  static func read(_ dir: URL, _ table: String) -> String? {
    try? String(contentsOf: dir.appendingPathComponent(table), encoding: .utf8)
  }

  /// `boca merge`'s path: copy every shard's completed parts into one folder, then assemble the
  /// tables from them (``TableAssembler``).
  static func merge(_ shards: [URL], plan: ScenarioPlan, into dir: URL) throws {
    let target = RunStore(directory: dir)
    try target.prepare()
    for shard in shards {
      let store = RunStore(directory: shard)
      for point in store.completedPoints() {
        for table in ["timeseries", "runs"] {
          let from = store.part(point: point, table: table)
          guard FileManager.default.fileExists(atPath: from.path) else { continue }
          try FileManager.default.copyItem(at: from, to: target.part(point: point, table: table))
        }
      }
    }
    _ = try TableAssembler(plan: plan, store: target, netlogo: false).assemble()
  }

  /// runs.csv, summary.csv and timeseries.csv are byte-identical for 1, 2 and 3 threads, and
  /// for shards 1/2 + 2/2 merged. Cases with one replicate are discarded: threads only split replicates.
  func testTablesAreIdenticalForAnyThreadCountAndShards() {
    PropertyCheck.check(
      "testTablesAreIdenticalForAnyThreadCountAndShards", profiles: [.campaign, .wellFormed], salt: 5, scale: 0.75
    ) { s in
      guard s.replicates >= 2, let plan = try? PlanExecution.plan(s) else { return .discard }
      let root = PlanExecution.scratchDirectory()
      defer { try? FileManager.default.removeItem(at: root) }
      func dir(_ name: String) -> URL { root.appendingPathComponent(name) }
      do {
        try Self.run(plan, threads: 1, into: dir("t1"))
      } catch {
        return .discard
      }
      // Each variant is compared as soon as it has run: a failing case (and every shrinking
      // step) stops at the first difference.
      let variants: [(String, () throws -> Void)] = [
        ("--threads 2", { try Self.run(plan, threads: 2, into: dir("v")) }),
        ("--threads 3", { try Self.run(plan, threads: 3, into: dir("v")) }),
        (
          "--shard 1/2 + 2/2 merged",
          {
            try Self.run(plan, threads: 2, shard: Shard(index: 1, count: 2), into: dir("s1"))
            try Self.run(plan, threads: 2, shard: Shard(index: 2, count: 2), into: dir("s2"))
            try Self.merge([dir("s1"), dir("s2")], plan: plan, into: dir("v"))
          }
        ),
      ]
      for (name, run) in variants {
        try? FileManager.default.removeItem(at: dir("v"))
        do { try run() } catch { return .fail("--threads 1 runs, \(name) throws: \(error)") }
        if let difference = Self.difference(dir("t1"), dir("v")) {
          return .fail("\(difference) between --threads 1 and \(name)")
        }
      }
      return .pass
    }
  }

  /// The first line where the tables of two run folders differ, or nil.
  static func difference(_ a: URL, _ b: URL) -> String? {
    for table in tables {
      let left = read(a, table)
      let right = read(b, table)
      guard left != right else { continue }
      let x = (left ?? "(missing)").split(separator: "\n")
      let y = (right ?? "(missing)").split(separator: "\n")
      let line = zip(x, y).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(x.count, y.count)
      let l = line < x.count ? String(x[line]) : "(end)"
      let r = line < y.count ? String(y[line]) : "(end)"
      return "\(table) differs at line \(line + 1):\n    \(x.first ?? "")\n    \(l)\n    \(r)\n  "
    }
    return nil
  }
}
