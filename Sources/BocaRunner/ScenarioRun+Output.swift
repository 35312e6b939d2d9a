import BocaGraph
import BocaRandom
import BocaResults
import BocaScenario
import Foundation

extension ScenarioRun {
  /// Boca's version, written into every manifest.
  public static let toolVersion = "0.1.0"

  /// Runs the scenario (one point, one arm) on `graph` and writes `runs.csv`, `summary.csv`
  /// (and `timeseries.csv` when asked), `results.sqlite` and `manifest.json` into `directory`,
  /// through ``SweepRun``.
  ///
  /// - Returns: the directory.
  @discardableResult
  public func execute(graph: MultiplexGraph, directory: URL, commandLine: [String]) throws -> URL {
    try SweepRun(plan: ScenarioPlan(single: scenario), directory: directory, threads: threads, commandLine: commandLine)
      .execute(graph: graph)
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
