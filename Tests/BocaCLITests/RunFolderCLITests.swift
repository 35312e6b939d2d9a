import Foundation
import XCTest

/// A run folder that holds an earlier run is never reused silently: `boca run` and `boca compare`
/// refuse it unless `--resume DIR` (same scenario, tool version and seed rule) or `--force`.
final class RunFolderCLITests: CLITestCase {
  static let scenario = """
    name: folder
    seed: 11
    replicates: 40
    graph:
      sides: {a: {count: 300}}
      layers: {l: {generate: {ba: {m: 2}}}}
    model: {name: ic, p: 0.05}
    seeds: {policy: random, k: 3}
    arms:
      few: {}
      more: {seeds.k: 6}
      compare_to: few
    """

  /// Every file under `dir` (relative path → bytes).
  func snapshot(_ dir: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let root = URL(fileURLWithPath: dir)
    guard let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [:] }
    for case let url as URL in walk where !url.hasDirectoryPath {
      files[url.path.replacingOccurrences(of: root.path, with: "")] = try Data(contentsOf: url)
    }
    return files
  }

  func summary(_ dir: String) throws -> String {
    try String(contentsOfFile: dir + "/summary.csv", encoding: .utf8)
  }

  /// The reported defect: re-running an edited scenario into an earlier run's folder returned the
  /// earlier run's numbers. Now it is refused, with the folder named and the way out said, and the
  /// folder is left exactly as it was.
  func testRunIntoAnEarlierRunsFolderIsRefusedAndTouchesNothing() throws {
    let s = try write(Self.scenario, "s.yaml")
    let dir = scratch.appendingPathComponent("run").path
    XCTAssertEqual(try boca(["run", s, "--out", dir, "--quiet"]).status, 0)
    let before = try snapshot(dir)
    let edited = try write(Self.scenario.replacingOccurrences(of: "p: 0.05", with: "p: 0.3"), "s.yaml")
    for again in [edited, s] {
      let r = try boca(["run", again, "--out", dir, "--quiet"])
      XCTAssertNotEqual(r.status, 0, "a non-empty run folder was reused")
      XCTAssertTrue(r.stderr.contains(dir), r.stderr)
      XCTAssertTrue(r.stderr.contains("--resume") && r.stderr.contains("--force"), r.stderr)
      XCTAssertEqual(try snapshot(dir), before, "a refused run changed the folder")
    }
  }

  /// `--force` clears the folder first: the tables are those of a fresh folder.
  func testForceClearsTheFolderAndGivesTheFreshResults() throws {
    let s = try write(Self.scenario, "s.yaml")
    let dir = scratch.appendingPathComponent("run").path
    XCTAssertEqual(try boca(["run", s, "--out", dir, "--quiet"]).status, 0)
    try Data("stray".utf8).write(to: URL(fileURLWithPath: dir + "/parts/000009.runs.part"))
    let edited = try write(Self.scenario.replacingOccurrences(of: "p: 0.05", with: "p: 0.3"), "e.yaml")
    let fresh = scratch.appendingPathComponent("fresh").path
    XCTAssertEqual(try boca(["run", edited, "--out", fresh, "--quiet"]).status, 0)
    let r = try boca(["run", edited, "--out", dir, "--force", "--quiet"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(try summary(dir), try summary(fresh))
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/parts/000009.runs.part"), "--force kept a stray part")
  }

  /// `--force` only clears a folder that is a run folder; anything else is refused untouched.
  func testForceRefusesAFolderThatIsNotARun() throws {
    let s = try write(Self.scenario, "s.yaml")
    let dir = scratch.appendingPathComponent("mine")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try Data("notes".utf8).write(to: dir.appendingPathComponent("notes.txt"))
    let r = try boca(["run", s, "--out", dir.path, "--force", "--quiet"])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertTrue(r.stderr.contains("not a run folder"), r.stderr)
    XCTAssertEqual(try snapshot(dir.path).keys.sorted(), ["/notes.txt"])
  }

  /// `--resume` checks the scenario hash, the tool version and the seed rule against the
  /// manifest and names the field that differs, expected vs found.
  func testResumeRefusesAManifestThatDiffersAndSaysWhich() throws {
    let s = try write(Self.scenario, "s.yaml")
    let dir = scratch.appendingPathComponent("run").path
    XCTAssertEqual(try boca(["run", s, "--out", dir, "--quiet"]).status, 0)
    let ok = try boca(["run", "--resume", dir, "--quiet"])
    XCTAssertEqual(ok.status, 0, "resuming a finished run with nothing changed: \(ok.stderr)")
    let manifestURL = URL(fileURLWithPath: dir + "/manifest.json")
    let original = try Data(contentsOf: manifestURL)
    for (field, value) in [("tool_version", "0.0.0-old"), ("seed_rule", "another rule"), ("scenario_hash", "abc")] {
      var json = try JSONSerialization.jsonObject(with: original) as! [String: Any]
      json[field] = value
      try JSONSerialization.data(withJSONObject: json).write(to: manifestURL)
      let before = try snapshot(dir)
      let r = try boca(["run", "--resume", dir, "--quiet"])
      XCTAssertNotEqual(r.status, 0, "resumed with a different \(field)")
      XCTAssertTrue(r.stderr.contains(field), r.stderr)
      XCTAssertTrue(r.stderr.contains(value), "the found value is named: \(r.stderr)")
      XCTAssertEqual(try snapshot(dir), before, "a refused resume changed the folder")
    }
    // A scenario file given with --resume must be the run's own.
    try original.write(to: manifestURL)
    let edited = try write(Self.scenario.replacingOccurrences(of: "p: 0.05", with: "p: 0.3"), "e.yaml")
    let r = try boca(["run", edited, "--resume", dir, "--quiet"])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertTrue(r.stderr.contains("scenario_hash"), r.stderr)
  }

  /// `boca compare` writes a run folder too: same rule.
  func testCompareIntoAnEarlierRunsFolderIsRefusedUnlessForced() throws {
    let s = try write(Self.scenario, "s.yaml")
    let dir = scratch.appendingPathComponent("cmp").path
    XCTAssertEqual(try boca(["compare", s, "--out", dir, "--quiet"]).status, 0)
    let before = try snapshot(dir)
    let edited = try write(Self.scenario.replacingOccurrences(of: "p: 0.05", with: "p: 0.3"), "e.yaml")
    let r = try boca(["compare", edited, "--out", dir, "--quiet"])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertTrue(r.stderr.contains(dir) && r.stderr.contains("--force"), r.stderr)
    XCTAssertEqual(try snapshot(dir), before)
    let fresh = scratch.appendingPathComponent("fresh").path
    XCTAssertEqual(try boca(["compare", edited, "--out", fresh, "--quiet"]).status, 0)
    let forced = try boca(["compare", edited, "--out", dir, "--force", "--quiet"])
    XCTAssertEqual(forced.status, 0, forced.stderr)
    XCTAssertEqual(try summary(dir), try summary(fresh))
  }

  /// An interrupted `boca compare` is finished with `boca run --resume DIR` or
  /// `boca compare --resume DIR`: the resumed points get the same (campaign) columns as those
  /// written before the interruption, and the tables equal an uninterrupted comparison's.
  func testResumingAnInterruptedCompareGivesTheSameTables() throws {
    let s = try write(Self.scenario + "\nsweep:\n  model.p: [0.05, 0.1]\n", "s.yaml")
    let dir = scratch.appendingPathComponent("cmp").path
    let whole = scratch.appendingPathComponent("whole").path
    XCTAssertEqual(try boca(["compare", s, "--out", whole, "--quiet"]).status, 0)
    XCTAssertEqual(try boca(["compare", s, "--out", dir, "--quiet"]).status, 0)
    // As if interrupted after the first point: the second point's part and the tables are missing.
    for file in ["parts/000001.runs.part", "runs.csv", "summary.csv", "comparison.csv"] {
      try FileManager.default.removeItem(atPath: dir + "/" + file)
    }
    let r = try boca(["run", "--resume", dir, "--quiet"])
    XCTAssertEqual(r.status, 0, r.stderr)
    for table in ["runs.csv", "summary.csv"] {
      XCTAssertEqual(
        try String(contentsOfFile: dir + "/" + table, encoding: .utf8),
        try String(contentsOfFile: whole + "/" + table, encoding: .utf8), table)
    }
    // `boca compare --resume DIR` (what an interrupted comparison now says) also writes the comparison.
    for file in ["parts/000001.runs.part", "runs.csv", "summary.csv"] {
      try FileManager.default.removeItem(atPath: dir + "/" + file)
    }
    let c = try boca(["compare", "--resume", dir, "--quiet"])
    XCTAssertEqual(c.status, 0, c.stderr)
    for table in ["runs.csv", "summary.csv", "comparison.csv"] {
      XCTAssertEqual(
        try String(contentsOfFile: dir + "/" + table, encoding: .utf8),
        try String(contentsOfFile: whole + "/" + table, encoding: .utf8), table)
    }
    // A folder of `boca run` (no campaign columns) is not finished as a comparison.
    let plain = scratch.appendingPathComponent("plain").path
    XCTAssertEqual(try boca(["run", s, "--out", plain, "--quiet"]).status, 0)
    let refused = try boca(["compare", "--resume", plain, "--quiet"])
    XCTAssertNotEqual(refused.status, 0)
    XCTAssertTrue(refused.stderr.contains("boca run --resume"), refused.stderr)
  }

  /// `boca merge --out` into a folder that holds another scenario's run is refused as well.
  func testMergeIntoAnotherRunsFolderIsRefused() throws {
    let s = try write(Self.scenario, "s.yaml")
    let edited = try write(Self.scenario.replacingOccurrences(of: "p: 0.05", with: "p: 0.3"), "e.yaml")
    let a = scratch.appendingPathComponent("a").path
    let other = scratch.appendingPathComponent("other").path
    XCTAssertEqual(try boca(["run", s, "--out", a, "--quiet"]).status, 0)
    XCTAssertEqual(try boca(["run", edited, "--out", other, "--quiet"]).status, 0)
    let before = try snapshot(other)
    let r = try boca(["merge", a, "--out", other])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertTrue(r.stderr.contains(other) && r.stderr.contains("--force"), r.stderr)
    XCTAssertEqual(try snapshot(other), before)
    let forced = try boca(["merge", a, "--out", other, "--force"])
    XCTAssertEqual(forced.status, 0, forced.stderr)
    XCTAssertEqual(try summary(other), try summary(a))
  }
}
