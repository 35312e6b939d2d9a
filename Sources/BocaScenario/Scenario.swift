import BocaModels
import BocaRandom

/// A scenario: the graph, the model, the seeding, how many replicates, the root seed and the
/// outputs. Read from YAML by ``Scenario/load(path:)``; the schema is documented in
/// `scenarios/README.md`.
public struct Scenario: Sendable {
  /// Name used for the results folder (`results/<name>/<run-id>/`).
  public var name: String
  /// What question the scenario answers.
  public var description: String?
  /// Root seed: every replicate's seed derives from it (see `RandomSeedDerivation`).
  public var seed: UInt64
  /// GSL generator kind.
  public var rng: GeneratorKind
  /// Replicates per point (the most, for adaptive replicates).
  public var replicates: Int
  /// Fixed or adaptive replicates (`replicates: {until: …, max: …}`).
  public var replicatePlan: ReplicatePlan = .fixed(100)
  /// Steps to record (models that run in time); `nil` runs cascades to completion.
  public var steps: Int?
  public var graph: GraphSpec
  public var model: ModelSpec
  /// Who starts; `nil` when the scenario says nothing (one random node, or none for models
  /// with external influence).
  public var seeding: SeedingSpec?
  public var outputs: OutputSpec
  /// The file it was read from.
  public var file: String
  /// FNV-1a 64 of the file's bytes; enters every replicate seed.
  public var sourceHash: UInt64
  /// The arm's campaign actions (set per arm by ``ScenarioPlan``; empty otherwise).
  public var campaign: [CampaignAction] = []
  /// Where each top-level key's value was written (`replicates`…; `""` for the file's top).
  public var locations: [String: SourceLocation] = [:]

  /// A problem with top-level key `key` found after reading (a limit of the run), located when
  /// the file says where.
  public func problem(_ key: String, expected: String, found: String) -> Error {
    locatedProblem(key, in: locations, root: "", expected: expected, found: found)
  }
}

/// How the network is made: generated per side and layer, or loaded from files.
public struct GraphSpec: Sendable {
  /// Sides in declaration order (generated graphs).
  public var sides: [SideSpec]
  /// Layers in declaration order (generated graphs).
  public var layers: [LayerSpec]
  /// Files to load instead of generating.
  public var load: LoadSpec?
  /// Seed of the graph's generator; derived from the root seed when absent.
  public var seed: UInt32?
  /// Where each side (`sides.<name>`), the `load` section (`load`, `load.edges`…) and every key
  /// under `layers` (`layers.<name>`, `layers.<name>.generate.ba.m`…) were written, to locate
  /// errors found once the graph exists (see ``problem(_:expected:found:)``).
  public var locations: [String: SourceLocation] = [:]
  /// A fresh network draw per replicate (generated graphs only), from a seed derived from the
  /// graph's seed and the replicate number; every arm of a replicate gets the same draw.
  public var replicate = false

  /// A problem with key `key` (relative to `graph`, e.g. `layers.l.generate.ba.m`) found once
  /// the sides or the graph exist: a ``ScenarioError`` at the key's place in the file (or the
  /// nearest enclosing key written), else a ``SetupProblem``.
  public func problem(_ key: String, expected: String, found: String, cause: DiagnosticCause? = nil) -> Error {
    locatedProblem(key, in: locations, root: "graph", expected: expected, found: found, cause: cause)
  }
}

/// A problem found after reading, about a key whose place in the file is not known (a scenario
/// built in code rather than read from a file).
public struct SetupProblem: Error, CustomStringConvertible, Sendable, Equatable {
  /// Dotted key path, e.g. `graph.layers.l.generate.ba.m`.
  public let keyPath: String
  public let expected: String
  public let found: String

  public init(keyPath: String, expected: String, found: String) {
    self.keyPath = keyPath
    self.expected = expected
    self.found = found
  }

  public var description: String { "\(keyPath): expected \(expected), found \(found)" }
}

/// The problem at `root.key`, located at `key` or its nearest enclosing key in `locations`.
func locatedProblem(
  _ key: String, in locations: [String: SourceLocation], root: String, expected: String, found: String,
  cause: DiagnosticCause? = nil
) -> Error {
  let path = key.isEmpty ? root : root.isEmpty ? key : "\(root).\(key)"
  var probe = key
  while true {
    if let at = locations[probe] {
      return ScenarioError([
        ScenarioDiagnostic(
          file: at.file, line: at.line, column: at.column, keyPath: path, expected: expected, found: found,
          cause: cause)
      ])
    }
    guard let dot = probe.lastIndex(of: ".") else { break }
    probe = String(probe[..<dot])
  }
  if let at = locations[""] {  // the section itself
    return ScenarioError([
      ScenarioDiagnostic(
        file: at.file, line: at.line, column: at.column, keyPath: path, expected: expected, found: found,
        cause: cause)
    ])
  }
  return SetupProblem(keyPath: path, expected: expected, found: found)
}

/// One side (role) of a generated population.
public struct SideSpec: Sendable {
  public var name: String
  public var count: Int
  /// Node attributes drawn per node from distributions, in declaration order.
  public var attributes: [(name: String, distribution: Distribution)]
}

/// One generated layer.
public struct LayerSpec: Sendable {
  public var name: String
  public var directed: Bool
  /// Channel strength (multiplies word-of-mouth rates on this layer in models that use it).
  public var strength: Double
  public var generator: GeneratorChoice
  /// Sides the layer's generator spans (all when empty), for `ba`, `er`, `ws`.
  public var sides: [String]
  /// Another layer this one copies a fraction of its edges from.
  public var overlapWith: String?
  public var overlap: Double
}

/// The generator of one layer.
public enum GeneratorChoice: Sendable {
  /// Barabási–Albert with m edges per new node.
  case barabasiAlbert(m: Int)
  /// Erdős–Rényi G(n, p).
  case erdosRenyi(p: Double)
  /// Watts–Strogatz ring of k neighbours rewired with probability p.
  case wattsStrogatz(k: Int, p: Double)
  /// Stochastic block model over the sides: `mixing[a][b]` is the edge probability between a
  /// node of side a and one of side b.
  case stochasticBlock(mixing: [String: [String: Double]])
  /// Bipartite configuration model between two sides with degree distributions.
  case bipartite(sideA: String, sideB: String, degreeA: Distribution, degreeB: Distribution)
}

/// Files to load.
public struct LoadSpec: Sendable {
  /// An edge list (SNAP style) or an edge table (`.csv`).
  public var edges: String
  /// A node table (`.csv`), optional.
  public var nodes: String?
  public var directed: Bool
  /// The node-table column whose values name the sides.
  public var sideColumn: String?
  /// Which way influence flows along the edges as written (`influence:`).
  public var influence: Influence = .asWritten

  /// The direction of influence on a loaded graph.
  public enum Influence: String, Sendable, CaseIterable {
    /// An edge u → v carries influence from u to v (u tells v).
    case asWritten = "as-written"
    /// Every edge is read reversed: a nomination "u named v" carries influence from v (the person
    /// named) to u (who named them), netdiffuseR's exposure convention.
    case reversed
  }
}

/// The diffusion model and its parameters.
public struct ModelSpec: Sendable {
  /// A name of `ModelRegistry` (`ic`, `lt`, `sir`…).
  public var name: String
  /// Numbers, per-layer numbers (`p: {twitter: 0.1}`) and text options (`time: continuous`).
  public var parameters: ModelParameters
  /// Layers the model runs on (all when empty).
  public var layers: [String]
  /// Where each key was written (file, line, column), to locate errors found later.
  public var locations: [String: SourceLocation] = [:]

  /// A model error as a scenario diagnostic at the key's line.
  public func locate(_ error: ModelError) -> Error {
    guard case .invalidParameter(_, let key, let expected, let found) = error else { return error }
    let root = String(key.split(separator: ".").first ?? "")
    guard let at = locations[key] ?? locations[root] ?? locations["name"] else { return error }
    return ScenarioError([
      ScenarioDiagnostic(
        file: at.file, line: at.line, column: at.column, keyPath: "model.\(key)", expected: expected, found: found,
        cause: .model(error))
    ])
  }
}

extension Scenario {
  /// A model error as a scenario diagnostic at the line it is about: a parameter's key, or, for
  /// a node column some side lacks, that side (`graph.sides.<side>`, or `graph.load` for a
  /// loaded graph).
  public func locate(_ error: ModelError) -> Error {
    if case .invalidParameter(let model, "weight", let expected, let found) = error, let load = graph.load {
      // A weight of the loaded edge file: reported at the file's key, naming the file.
      return graph.problem(
        "load.edges", expected: "\(expected) (model \(model) reads the edge weights)",
        found: "\(found) in \(load.edges)", cause: .model(error))
    }
    guard case .missingColumns(let model, let gaps) = error else { return self.model.locate(error) }
    let generated = graph.load == nil
    var diagnostics: [ScenarioDiagnostic] = []
    for gap in gaps {
      guard let at = graph.locations[generated ? "sides.\(gap.side)" : "load"] else { return error }
      diagnostics.append(
        ScenarioDiagnostic(
          file: at.file, line: at.line, column: at.column,
          keyPath: generated ? "graph.sides.\(gap.side)" : "graph.load",
          expected:
            "column `\(gap.column)` on every side model \(model) runs on (model \(model) reads it when the graph has it)",
          found: gap.found, cause: .model(error)))
    }
    return ScenarioError(diagnostics)
  }
}

/// A place in a scenario file.
public struct SourceLocation: Sendable, Equatable {
  public let file: String
  public let line: Int
  public let column: Int
}

/// Who starts the diffusion.
public struct SeedingSpec: Sendable {
  public enum Policy: String, Sendable, CaseIterable {
    /// k nodes drawn uniformly without replacement, afresh for every replicate.
    case random
    /// The k nodes of highest degree on the model's layers (ties by lower id), fixed.
    case degree
    /// The listed nodes (original ids), fixed.
    case nodes
  }
  public var policy: Policy
  public var k: Int
  /// Restrict the draw to one side.
  public var side: String?
  /// Original ids, for `nodes`.
  public var nodes: [Int64]
  /// Where `seeds` and each of its keys (`k`, `side`…) were written.
  public var locations: [String: SourceLocation] = [:]

  public init(policy: Policy, k: Int, side: String? = nil, nodes: [Int64] = []) {
    self.policy = policy
    self.k = k
    self.side = side
    self.nodes = nodes
  }

  /// A problem with key `key` of `seeds` found once the graph exists, located when the file says where.
  public func problem(_ key: String, expected: String, found: String) -> Error {
    locatedProblem(key, in: locations, root: "seeds", expected: expected, found: found)
  }
}

/// Which tables to write.
public struct OutputSpec: Sendable {
  /// Also write `results.sqlite` (default true).
  public var sqlite: Bool
  /// Write `timeseries.csv` (per replicate and step, by side).
  public var timeseries: Bool
  /// Record the time series every this many steps (the last step is always recorded).
  public var timeseriesEvery: Int = 1
  /// Also write `netlogo-table.csv`, the NetLogo BehaviorSpace "table" layout.
  public var netlogo: Bool = false

  public init(sqlite: Bool = true, timeseries: Bool = false, timeseriesEvery: Int = 1, netlogo: Bool = false) {
    self.sqlite = sqlite
    self.timeseries = timeseries
    self.timeseriesEvery = timeseriesEvery
    self.netlogo = netlogo
  }
}
