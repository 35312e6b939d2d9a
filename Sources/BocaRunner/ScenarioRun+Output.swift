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
  /// through ``SweepRun``.
  ///
  /// - Returns: the directory.
  @discardableResult
  public func execute(graph: MultiplexGraph, directory: URL, commandLine: [String]) throws -> URL {
    try SweepRun(plan: ScenarioPlan(single: scenario), directory: directory, threads: threads, commandLine: commandLine)
      .execute(graph: graph)
    return directory
  }
}
