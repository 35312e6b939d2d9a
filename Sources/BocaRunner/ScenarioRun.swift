import BocaGraph
import BocaResults
import BocaScenario
import Foundation

/// Runs one scenario (one point, one arm) end to end into a run directory, through
/// ``SweepRun``. The dependency goes one way: ScenarioRun uses SweepRun, never the reverse.
public struct ScenarioRun {
  public let scenario: Scenario
  /// Worker threads.
  public let threads: Int

  public init(scenario: Scenario, threads: Int) {
    self.scenario = scenario
    self.threads = max(1, threads)
  }

  /// The default run directory: `results/<name>/<UTC timestamp>` (suffixed `-2`, `-3`… if taken).
  public static func defaultDirectory(for scenario: Scenario, base: String = "results") -> URL {
    let stamp = Manifest.timestamp().replacingOccurrences(of: ":", with: "")
    var url = URL(fileURLWithPath: base).appendingPathComponent(scenario.name).appendingPathComponent(stamp)
    var n = 2
    while FileManager.default.fileExists(atPath: url.path) {
      url = url.deletingLastPathComponent().appendingPathComponent("\(stamp)-\(n)")
      n += 1
    }
    return url
  }

  /// Runs the scenario (one point, one arm) on `graph` and writes `runs.csv`, `summary.csv`
  /// (and `timeseries.csv` when asked), `results.sqlite` and `manifest.json` into `directory`,
  /// through ``SweepRun``; `existing` says what to do when `directory` is not empty.
  ///
  /// - Returns: the directory.
  @discardableResult
  public func execute(
    graph: MultiplexGraph, directory: URL, commandLine: [String], existing: ExistingRun = .refuse
  ) throws -> URL {
    try SweepRun(
      plan: ScenarioPlan(single: scenario), directory: directory, threads: threads, commandLine: commandLine,
      existing: existing
    )
    .execute(graph: graph)
    return directory
  }
}
