import BocaGraph
import BocaResults
import BocaRunner
import BocaScenario
import Foundation

/// The run held by a folder given to `--resume`: its manifest and the plan read from its copy of
/// the scenario. The run's identity (scenario hash, tool version, seed rule) is checked by
/// ``SweepRun`` before anything is written; a scenario file named beside `--resume` must have
/// the run's scenario hash.
struct ResumedRun {
  let store: RunStore
  let manifest: Manifest
  let plan: ScenarioPlan

  init(directory: String, scenario: String?) throws {
    store = RunStore(directory: URL(fileURLWithPath: directory))
    do { manifest = try Manifest.read(from: store.manifestURL) } catch {
      throw UserError(
        "\(directory): not a run directory (cannot read manifest.json: \(MessageText.fileError(error) ?? "\(error)"))")
    }
    guard FileManager.default.fileExists(atPath: store.scenarioURL.path) else {
      throw UserError("\(directory): no scenario.yaml to resume from")
    }
    if let scenario {
      let given = String(try ScenarioPlan.load(path: scenario).base.sourceHash, radix: 16)
      if given != manifest.scenarioHash {
        throw RunFolderError.mismatch(
          folder: store.directory.path, field: "scenario_hash", expected: "\(given) (\(scenario))",
          found: manifest.scenarioHash)
      }
    }
    plan = try ScenarioPlan.load(
      path: store.scenarioURL.path, displayName: manifest.scenarioFile, baseDirectory: manifest.scenarioDirectory)
  }
}
