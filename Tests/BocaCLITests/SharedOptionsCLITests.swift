import Foundation
import XCTest

/// The options that several commands share (`--edges`, `--directed`, `--nodes`, `--side-column`,
/// `--rng-seed`, `--threads`) have one help text, one check and one default in every command.
final class SharedOptionsCLITests: CLITestCase {
  /// An option's help text in `boca help COMMAND…`: the words after the option (and its value)
  /// up to the next option, with line breaks and indentation collapsed.
  func helpText(of option: String, in command: [String]) throws -> String? {
    let r = try boca(["help"] + command)
    XCTAssertEqual(r.status, 0, r.stderr)
    let words = r.stdout.split(whereSeparator: \.isWhitespace).map(String.init)
    // The usage line names the option first; its help entry is the last place it appears.
    guard let i = words.lastIndex(of: option) else { return nil }
    var text: [String] = []
    var j = i + 1
    if j < words.count, words[j].hasPrefix("<") { j += 1 }
    while j < words.count, !words[j].hasPrefix("--"), !(words[j].hasPrefix("-") && words[j].count == 2) {
      text.append(words[j])
      j += 1
    }
    return text.joined(separator: " ")
  }

  func testSharedOptionsHaveOneHelpTextInEveryCommand() throws {
    let groups: [(option: String, commands: [[String]])] = [
      ("--edges", [["simulate"], ["seeds"], ["graph", "stats"]]),
      ("--directed", [["simulate"], ["seeds"], ["graph", "stats"]]),
      ("--nodes", [["simulate"], ["seeds"], ["graph", "stats"]]),
      ("--side-column", [["simulate"], ["seeds"], ["graph", "stats"]]),
      ("--rng-seed", [["simulate"], ["seeds"]]),
      ("--threads", [["run"], ["compare"], ["simulate"]]),
      ("--memory-limit", [["run"], ["compare"], ["simulate"], ["seeds"], ["validate"], ["graph", "generate"]]),
      ("--quiet", [["run"], ["compare"]]),
    ]
    for (option, commands) in groups {
      let texts = try commands.map { try helpText(of: option, in: $0) }
      for (command, text) in zip(commands, texts) {
        XCTAssertNotNil(text, "\(option) missing in boca \(command.joined(separator: " "))")
        XCTAssertFalse(text?.isEmpty ?? true, "\(option) has no help in boca \(command.joined(separator: " "))")
      }
      XCTAssertEqual(
        Set(texts.compactMap { $0 }).count, 1, "\(option): \(zip(commands, texts).map { "\($0): \($1 ?? "-")" })")
    }
  }

  /// A Barabási–Albert edge list of 2,000 nodes written by `boca graph generate`.
  func generatedEdges(seed: Int = 5) throws -> String {
    let path = scratch.appendingPathComponent("ba\(seed).edges").path
    let r = try boca(["graph", "generate", "--gen", "ba:2000:3", "--seed", "\(seed)", "--out", path])
    XCTAssertEqual(r.status, 0, r.stderr)
    return path
  }

  func testThreadsOfZeroIsRefusedAlikeEverywhere() throws {
    let edges = try generatedEdges()
    let commands: [[String]] = [
      ["run", "scenarios/quickstart.yaml", "--out", scratch.appendingPathComponent("r").path],
      [
        "compare", "scenarios/employee-advocacy-vs-corporate-ads.yaml", "--out",
        scratch.appendingPathComponent("c").path,
      ],
      ["simulate", "--model", "ic", "--edges", edges, "--seed-nodes", "0", "--replicates", "2"],
    ]
    for command in commands {
      for bad in ["0", "-3"] {
        let r = try boca(command + ["--threads", bad])
        XCTAssertNotEqual(r.status, 0, command[0])
        XCTAssertTrue(r.stderr.contains("--threads: expected at least 1, found \(bad)"), "\(command[0]): \(r.stderr)")
      }
    }
    // Nothing was written: validation comes before the run.
    XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("r").path))
    XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("c").path))
  }

  /// `simulate` defaults to all cores, as `run` does, and its results do not depend on it.
  func testSimulateDefaultsToAllCoresWithTheSameResults() throws {
    let edges = try generatedEdges()
    let base = [
      "simulate", "--model", "ic", "--edges", edges, "--p", "0.2", "--seed-nodes", "0", "--replicates", "300",
    ]
    for seed in ["1", "977", "123456789"] {
      let byDefault = try boca(base + ["--rng-seed", seed])
      let one = try boca(base + ["--rng-seed", seed, "--threads", "1"])
      XCTAssertEqual(byDefault.status, 0, byDefault.stderr)
      XCTAssertEqual(one.status, 0, one.stderr)
      let a = simulateRow(byDefault.stdout)
      let b = simulateRow(one.stdout)
      XCTAssertEqual(a["threads"], "\(ProcessInfo.processInfo.activeProcessorCount)")
      XCTAssertEqual(b["threads"], "1")
      for column in ["mean_spread", "std_spread", "sem_spread", "rng_seed", "nodes", "edges"] {
        XCTAssertEqual(a[column], b[column], "\(column) with --rng-seed \(seed)")
      }
    }
  }

  /// `simulate` reads a node table with sides as `seeds` and `graph stats` do.
  func testSimulateReadsANodeTableWithSides() throws {
    let folder = Self.root.appendingPathComponent("scenarios/data/medical-innovation")
    let graph = [
      "--edges", folder.appendingPathComponent("edges.csv").path,
      "--nodes", folder.appendingPathComponent("nodes.csv").path, "--side-column", "group", "--directed",
    ]
    let stats = try boca(["graph", "stats", "--csv"] + graph)
    XCTAssertEqual(stats.status, 0, stats.stderr)
    let r = try boca(
      ["simulate", "--model", "ic", "--p", "0.1", "--seed-nodes", "1001", "--replicates", "20"] + graph)
    XCTAssertEqual(r.status, 0, r.stderr)
    let row = simulateRow(r.stdout)
    let totals = stats.stdout.split(separator: "\n").first { $0.hasPrefix("all,all,") }
    let cells = totals.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } ?? []
    XCTAssertEqual(row["nodes"], cells.count > 2 ? cells[2] : nil, stats.stdout)
    // --side-column without a node table is refused with the option named.
    let bare = try boca(
      [
        "simulate", "--model", "ic", "--edges", try generatedEdges(),
        "--side-column", "group", "--seed-nodes", "0",
      ])
    XCTAssertNotEqual(bare.status, 0)
    XCTAssertTrue(bare.stderr.contains("--nodes"), bare.stderr)
  }
}
