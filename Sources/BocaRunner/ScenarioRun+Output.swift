import BocaGraph
import BocaRandom
import BocaResults
import BocaScenario
import Foundation

extension ScenarioRun {
  /// Boca's version, written into every manifest.
  public static var toolVersion: String { ToolBuild.version }

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
