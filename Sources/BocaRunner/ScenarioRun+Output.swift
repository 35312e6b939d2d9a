import BocaGraph
import BocaRandom
import BocaResults
import BocaScenario
import Foundation

extension ScenarioRun {
  /// Boca's version, written into every manifest.
  public static let toolVersion = "0.1.0"

  /// Runs the scenario on `graph` and writes `runs.csv` (and `timeseries.csv` when asked),
  /// `results.sqlite` and `manifest.json` into `directory`. Each table is written under a
  /// temporary name and renamed when complete; the manifest is written last.
  ///
  /// - Returns: the directory.
  @discardableResult
  public func execute(graph: MultiplexGraph, directory: URL, commandLine: [String]) throws -> URL {
    let started = Manifest.timestamp()
    let seeds = SeedTable(root: scenario.seed, scenarioHash: scenario.sourceHash, points: 1, replicates: scenario.replicates)
    let outcomes = try simulate(graph: graph, seeds: seeds, recordSteps: scenario.outputs.timeseries)
    let sides = graph.sideNames

    var runs = TableSchema(
      name: "runs",
      columns: [("point", .integer), ("arm", .text), ("replicate", .integer), ("seed", .integer), ("spread", .integer)]
        + sides.map { ("spread_\($0)", ColumnType.integer) })
    if sides == ["all"] { runs = TableSchema(name: "runs", columns: Array(zip(runs.columns, runs.types).prefix(5))) }
    let runRows: [[TableValue]] = outcomes.enumerated().map { r, o in
      [.int(0), .text("baseline"), .int(r), .int(Int(seeds[0, r])), .int(o.spread)]
        + (sides == ["all"] ? [] : o.bySide.map { .int($0) })
    }
    var tables: [(TableSchema, [[TableValue]])] = [(runs, runRows)]

    if scenario.outputs.timeseries {
      let schema = TableSchema(
        name: "timeseries",
        columns: [("point", .integer), ("arm", .text), ("replicate", .integer), ("step", .integer), ("side", .text), ("active", .integer)])
      var rows: [[TableValue]] = []
      let horizon = scenario.steps ?? (outcomes.map(\.steps.count).max() ?? 1) - 1
      for (r, o) in outcomes.enumerated() {
        for t in 0...horizon {
          let s = min(t, o.steps.count - 1)  // a finished cascade stays at its final size
          rows.append([.int(0), .text("baseline"), .int(r), .int(t), .text("all"), .int(o.steps[s])])
          if sides != ["all"] {
            for (i, side) in sides.enumerated() {
              rows.append([.int(0), .text("baseline"), .int(r), .int(t), .text(side), .int(o.stepsBySide[s * sides.count + i])])
            }
          }
        }
      }
      tables.append((schema, rows))
    }

    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    var written: [String: String] = [:]
    for (schema, rows) in tables {
      let writer = try CSVTableWriter(schema: schema, directory: directory)
      for row in rows { try writer.write(row) }
      try writer.finish()
      written[schema.name] = writer.url.lastPathComponent
    }
    if scenario.outputs.sqlite {
      let db = try SQLiteResults(directory: directory)
      for (schema, rows) in tables { try db.write(schema, rows: rows) }
      try db.finish()
      written["sqlite"] = "results.sqlite"
    }
    let manifest = Manifest(
      toolVersion: Self.toolVersion, gitCommit: Self.gitCommit(), scenarioName: scenario.name,
      scenarioFile: scenario.file, scenarioHash: String(scenario.sourceHash, radix: 16), rng: scenario.rng.rawValue,
      rootSeed: scenario.seed,
      seedRule: "seed = 1 + (h mod (2^32-1)), h = SplitMix64 chain of (root, scenario hash, point, replicate); arms share seeds; collisions re-derived in canonical order (BocaRandom.SeedDerivation)",
      seedCollisionsResolved: seeds.collisionsResolved, graphChecksum: String(graph.checksum, radix: 16),
      nodes: graph.nodeCount, edges: graph.edgeCount, layers: graph.layers.map(\.name), sides: graph.sideNames,
      model: scenario.model.name, replicates: scenario.replicates, threads: threads, startedAt: started,
      finishedAt: Manifest.timestamp(), tables: written, commandLine: commandLine)
    try manifest.write(to: directory.appendingPathComponent("manifest.json"))
    return directory
  }

  /// `git rev-parse HEAD` of the current directory, if it is a git checkout.
  static func gitCommit() -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "rev-parse", "HEAD"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    let text = String(data: pipe.fileHandleForReading.readDataToEndOfFile(), encoding: .utf8) ?? ""
    let commit = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return commit.isEmpty ? nil : commit
  }
}
