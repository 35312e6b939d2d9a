/// A scenario as the property tests build it: a small structured description that renders to
/// scenario YAML (`scenarios/README.md`), so that every case goes through the real parser, and
/// that can be made smaller piece by piece (``shrinkCandidates()``) when a property fails.
///
/// Values are kept as their YAML text (`"0.25"`, `"{beta: [2, 5]}"`): the generator decides them,
/// the renderer only places them.
struct GeneratedScenario: Equatable {
  struct Side: Equatable {
    var name: String
    var count: Int
    /// Attribute columns (`activity`, `credibility`, `forgetting`…) as YAML values.
    var attributes: [Field] = []
  }

  struct Layer: Equatable {
    var name: String
    /// The generator mapping, e.g. `{er: {p: 0.1}}`.
    var generate: String
    var directed = false
    /// The sides the layer spans (all when empty).
    var sides: [String] = []
  }

  /// One `key: value` of a mapping, value as YAML text.
  struct Field: Equatable {
    var key: String
    var value: String
    init(_ key: String, _ value: String) {
      self.key = key
      self.value = value
    }
  }

  struct Model: Equatable {
    var name: String
    var parameters: [Field] = []
    /// `model.layers` (all when empty).
    var layers: [String] = []

    func value(_ key: String) -> String? { parameters.first { $0.key == key }?.value }
  }

  struct Seeds: Equatable {
    /// `random`, `degree` or `nodes`.
    var policy: String
    var k: Int
    var side: String? = nil
    var nodes: [Int] = []
  }

  /// One campaign action: `{kind: {fields}}`.
  struct Action: Equatable {
    var kind: String
    var fields: [Field]

    func value(_ key: String) -> String? { fields.first { $0.key == key }?.value }
    /// The action's unit price key (its cost driver's price).
    var priceKey: String? {
      switch kind {
      case "seed": return "cost_per_seed"
      case "broadcast": return "cost_per_impression"
      case "advocacy": return "cost_per_employee_week"
      case "incentive": return "cost_per_reward"
      case "listen": return "cost_per_response"
      default: return nil
      }
    }
  }

  struct Arm: Equatable {
    var name: String
    /// Key-path overrides.
    var overrides: [Field] = []
    var actions: [Action] = []
  }

  struct SweepKey: Equatable {
    var keyPath: String
    var values: [String]
  }

  /// The seed the scenario was generated from (printed with every failure).
  var caseSeed: UInt64
  var rootSeed: UInt64
  var replicates: Int
  var steps: Int?
  var sides: [Side]
  var layers: [Layer]
  var model: Model
  var seeds: Seeds?
  /// Empty: no `arms:` section (one arm, `baseline`).
  var arms: [Arm] = []
  var sweep: [SweepKey] = []
  var timeseries = true

  var nodeCount: Int { sides.reduce(0) { $0 + $1.count } }
  func side(_ name: String) -> Side? { sides.first { $0.name == name } }

  /// The scenario file's text.
  var yaml: String {
    var out = ["name: prop-\(caseSeed)", "seed: \(rootSeed)", "replicates: \(replicates)"]
    if let steps { out.append("steps: \(steps)") }
    out.append("graph:")
    out.append("  sides:")
    for s in sides {
      out.append(
        "    \(s.name): {"
          + (["count: \(s.count)"] + s.attributes.map { "\($0.key): \($0.value)" }).joined(separator: ", ") + "}")
    }
    out.append("  layers:")
    for l in layers {
      var fields = ["generate: \(l.generate)"]
      if l.directed { fields.append("directed: true") }
      if !l.sides.isEmpty { fields.append("sides: [\(l.sides.joined(separator: ", "))]") }
      out.append("    \(l.name): {\(fields.joined(separator: ", "))}")
    }
    out.append("model:")
    out.append("  name: \(model.name)")
    for f in model.parameters { out.append("  \(f.key): \(f.value)") }
    if !model.layers.isEmpty { out.append("  layers: [\(model.layers.joined(separator: ", "))]") }
    if let seeds {
      var fields = ["policy: \(seeds.policy)"]
      if seeds.policy == "nodes" {
        fields.append("nodes: [\(seeds.nodes.map(String.init).joined(separator: ", "))]")
      } else {
        fields.append("k: \(seeds.k)")
      }
      if let side = seeds.side { fields.append("side: \(side)") }
      out.append("seeds: {\(fields.joined(separator: ", "))}")
    }
    if !arms.isEmpty {
      out.append("arms:")
      for arm in arms {
        if arm.actions.isEmpty {
          out.append("  \(arm.name): {\(arm.overrides.map { "\($0.key): \($0.value)" }.joined(separator: ", "))}")
          continue
        }
        let actions = arm.actions.map { a in
          "{\(a.kind): {\(a.fields.map { "\($0.key): \($0.value)" }.joined(separator: ", "))}}"
        }
        if arm.overrides.isEmpty {
          out.append("  \(arm.name):")
          for a in actions { out.append("    - \(a)") }
        } else {
          out.append("  \(arm.name):")
          for o in arm.overrides { out.append("    \(o.key): \(o.value)") }
          out.append("    actions:")
          for a in actions { out.append("      - \(a)") }
        }
      }
    }
    if !sweep.isEmpty {
      out.append("sweep:")
      for k in sweep { out.append("  \(k.keyPath): [\(k.values.joined(separator: ", "))]") }
    }
    out.append("outputs: {timeseries: \(timeseries), sqlite: false}")
    return out.joined(separator: "\n") + "\n"
  }
}
