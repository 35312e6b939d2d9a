import Foundation
import XCTest

/// Helpers for the tests of `boca slurm`: tables of a run folder, processes with extra
/// environment variables, and array tasks run with bash as Slurm would run them.
class SlurmTestCase: CLITestCase {
  /// 6 points (2 × 3 grid) × 2 arms × 30 replicates on an 840-node graph.
  static var small: String { SweepCLITests.small }

  /// The CSV tables of a run directory (not its parts), by name.
  func tables(_ dir: String) throws -> [String: Data] {
    let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".csv") }
    return Dictionary(
      uniqueKeysWithValues: try names.map {
        ($0, try Data(contentsOf: URL(fileURLWithPath: dir).appendingPathComponent($0)))
      })
  }

  func text(_ dir: String, _ name: String) throws -> String {
    try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
  }

  /// Runs `executable` with `arguments` and extra environment variables.
  func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Result {
    try run(URL(fileURLWithPath: executable), arguments, environment: environment)
  }

  /// Runs array task `index` of DIR/array.sbatch with bash, as Slurm would.
  func runTask(_ dir: String, _ index: Int) throws -> Result {
    try run("/bin/bash", [dir + "/array.sbatch"], environment: ["SLURM_ARRAY_TASK_ID": "\(index)"])
  }
}
