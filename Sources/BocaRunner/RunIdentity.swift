import BocaResults
import BocaScenario

/// What must agree for a run folder to be continued: the scenario file's hash (it enters every
/// replicate seed), the tool version and the seed-derivation rule. Parts written under any other
/// identity would mix results of different runs.
public struct RunIdentity: Sendable, Equatable {
  public var scenarioHash: String
  public var toolVersion: String
  public var seedRule: String

  public init(scenarioHash: String, toolVersion: String, seedRule: String) {
    self.scenarioHash = scenarioHash
    self.toolVersion = toolVersion
    self.seedRule = seedRule
  }

  /// The identity a run of `plan` by this build has.
  public init(plan: ScenarioPlan) {
    self.init(
      scenarioHash: String(plan.base.sourceHash, radix: 16), toolVersion: ToolBuild.version,
      seedRule: SweepRun.seedRule)
  }

  /// The identity recorded in `manifest`.
  public init(manifest: Manifest) {
    self.init(scenarioHash: manifest.scenarioHash, toolVersion: manifest.toolVersion, seedRule: manifest.seedRule)
  }

  /// The first field (manifest name) where `found` differs from `self`, with both values.
  public func difference(from found: RunIdentity) -> (field: String, expected: String, found: String)? {
    if scenarioHash != found.scenarioHash { return ("scenario_hash", scenarioHash, found.scenarioHash) }
    if toolVersion != found.toolVersion { return ("tool_version", toolVersion, found.toolVersion) }
    if seedRule != found.seedRule { return ("seed_rule", "'\(seedRule)'", "'\(found.seedRule)'") }
    return nil
  }
}
