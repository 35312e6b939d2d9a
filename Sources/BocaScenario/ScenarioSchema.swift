import BocaModels
import Yams

/// The kind of every scalar key a scenario can sweep or override: whole counts, probabilities,
/// non-negative reals, words. Model parameters take their kind from the model's declaration
/// (``BocaModels/ModelEntry/parameters``); the scenario's own keys are declared here, beside
/// the decoders that read them (`Scenario+Graph.swift`, `Scenario+Decoding.swift`).
///
/// The sweep planner types swept values by it: a range over a count gives whole numbers, a range
/// over anything else real numbers, whatever the bounds look like (`{range: [0, 5]}` over `chi`
/// is a range of reals); a range's bounds must lie within the kind's (a probability's in [0, 1]).
public enum ScenarioSchema {
  /// Scenario keys by pattern (`*` matches one mapping key), with their kinds.
  static let declared: [(pattern: [String], kind: ValueKind)] = [
    (["seed"], .count(minimum: 0)),
    (["replicates"], .count(minimum: 1)),
    (["steps"], .count(minimum: 1)),
    (["seeds", "k"], .count(minimum: 1)),
    (["seeds", "policy"], .word(allowed: SeedingSpec.Policy.allCases.map(\.rawValue))),
    (["seeds", "side"], .word(allowed: [])),
    (["graph", "seed"], .count(minimum: 1)),
    (["graph", "sides", "*", "count"], .count(minimum: 1)),
    (["graph", "layers", "*", "generate", "ba", "m"], .count(minimum: 1)),
    (["graph", "layers", "*", "generate", "ws", "k"], .count(minimum: 2)),
    (["graph", "layers", "*", "generate", "ws", "p"], .probability),
    (["graph", "layers", "*", "generate", "er", "p"], .probability),
    (["graph", "layers", "*", "generate", "sbm", "mixing", "*", "*"], .probability),
    (["graph", "layers", "*", "strength"], .nonNegative),
    (["graph", "layers", "*", "overlap"], .probability),
    (["graph", "layers", "*", "overlap_with"], .word(allowed: [])),
    (["graph", "layers", "*", "directed"], .word(allowed: ["true", "false"])),
    (["model", "name"], .word(allowed: ModelRegistry.all.map(\.name))),
    (["outputs", "timeseries_every"], .count(minimum: 1)),
  ]

  /// The kind of the scalar at `keys` (mapping keys from the root; an arm override's key may
  /// hold dots) in scenario tree `tree`. A key that declares no kind (a node attribute's
  /// constant, say) is a real number; its section's reader still checks every value.
  public static func kind(of keys: [String], in tree: Node) -> ValueKind {
    if keys.first == "arms", keys.count >= 3 {
      let path = keys[2...].joined(separator: ".").split(separator: ".").map(String.init)
      return kind(of: path, in: tree)
    }
    if keys.first == "model", keys.count == 2 || keys.count == 3, keys[1] != "name" {
      let name = tree.child(at: ["model", "name"])?.string ?? ""
      return ModelRegistry.entry(name)?.parameter(keys[1])?.kind ?? .real
    }
    for (pattern, kind) in declared where pattern.count == keys.count {
      if zip(pattern, keys).allSatisfy({ $0 == "*" || $0 == $1 }) { return kind }
    }
    return .real
  }
}
