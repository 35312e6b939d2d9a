import BocaGraph

/// How to build one model from a graph and parameters.
public struct ModelEntry: Sendable {
  /// The name scripts use.
  public let name: String
  /// Its parameters (the symbols of its documented equation, and its option keys), each with
  /// its kind: the schema the sweep planner types swept values by.
  public let parameters: [ParameterSpec]
  /// The node columns (graph attributes) it reads when the graph has them. A column the graph
  /// has must then have a value on every node: a side without it is refused
  /// (``ModelError/missingColumns(model:gaps:)``) rather than read as NaN.
  public let columns: [String]
  /// One line: what it is and where it comes from.
  public let summary: String
  /// The key of the model's cascade probability — the chance that an adopter makes an
  /// out-neighbour adopt, once per edge — which the seeding policies tuned to the independent
  /// cascade (degree-discount, CELF, IMM) are tuned to when seeding for this model: `p` for `ic`
  /// and `icn`, `p_a` for `competing-ic` (the seeds are campaign A's), `pic` for `wom`. nil when
  /// the model has none (its influence is not one chance per edge: bass, lt, threshold,
  /// goldenberg, sir, sis); those policies then refuse to seed for it.
  public let cascadeProbability: String?
  /// Builds the model on the given layers; reads its keys from the parameters.
  public let make: @Sendable (MultiplexGraph, [Int], inout ModelParameters) throws -> any DiffusionModel

  public init(
    name: String, parameters: [ParameterSpec], columns: [String] = [], cascadeProbability: String? = nil,
    summary: String,
    make: @escaping @Sendable (MultiplexGraph, [Int], inout ModelParameters) throws -> any DiffusionModel
  ) {
    self.name = name
    self.parameters = parameters
    self.columns = columns
    self.cascadeProbability = cascadeProbability
    self.summary = summary
    self.make = make
  }

  /// Its parameter keys, in declaration order.
  public var keys: [String] { parameters.map(\.name) }

  /// The declaration of parameter `key`.
  public func parameter(_ key: String) -> ParameterSpec? { parameters.first { $0.name == key } }
}

/// Every model Boca has, by name.
public enum ModelRegistry {
  /// The models, in the order `--help` lists them.
  public static let all: [ModelEntry] = [
    IndependentCascade.entry,
    LinearThreshold.entry,
    ComplexContagion.entry,
    Goldenberg.entry,
    NegativeCascade.entry,
    CompetingCascade.entry,
    Bass.entry,
    WordOfMouth.entry,
    Epidemic.sirEntry,
    Epidemic.sisEntry,
  ]

  /// The entry named `name`.
  public static func entry(_ name: String) -> ModelEntry? { all.first { $0.name == name } }

  /// Builds model `name` on `layers` (all when empty) of `graph`.
  ///
  /// - Throws: ``ModelError`` for an unknown model, an unknown layer, a missing or out-of-range
  ///   parameter, or a parameter the model does not have.
  public static func make(name: String, graph: MultiplexGraph, layers: [String] = [], parameters: ModelParameters)
    throws
    -> any DiffusionModel
  {
    guard let entry = entry(name) else { throw ModelError.unknownModel(name, known: all.map(\.name)) }
    let names = layers.isEmpty ? graph.layers.map(\.name) : layers
    let indices = try names.map { layer in
      guard let i = graph.layerIndex(layer) else {
        throw ModelError.invalidParameter(
          model: name, key: "layers",
          expected: "a layer of the graph (\(graph.layers.map(\.name).joined(separator: ", ")))",
          found: "'\(layer)'")
      }
      return i
    }
    var parameters = parameters
    for (key, values) in parameters.perLayer {
      for layer in values.keys.sorted() where graph.layerIndex(layer) == nil {
        throw ModelError.invalidParameter(
          model: name, key: "\(key).\(layer)", expected: "a layer of the graph", found: "'\(layer)'")
      }
    }
    try checkColumns(entry, graph: graph)
    let model = try entry.make(graph, indices, &parameters)
    try parameters.checkAllUsed(model: name, known: entry.keys)
    return model
  }

  /// Refuses the columns the model reads that some nodes lack (NaN: the side was declared
  /// without it, or the node table's cell is empty), naming every such column and side.
  static func checkColumns(_ entry: ModelEntry, graph: MultiplexGraph) throws {
    var gaps: [ColumnGap] = []
    let counts = graph.sideCounts()
    for column in entry.columns {
      guard let values = graph.attributes[column], values.contains(where: \.isNaN) else { continue }
      var missing = [Int](repeating: 0, count: graph.sideNames.count)
      for (v, x) in values.enumerated() where x.isNaN { missing[Int(graph.nodeSide[v])] += 1 }
      for (s, m) in missing.enumerated() where m > 0 {
        gaps.append(ColumnGap(column: column, side: graph.sideNames[s], missing: m, count: counts[s]))
      }
    }
    if !gaps.isEmpty { throw ModelError.missingColumns(model: entry.name, gaps: gaps) }
  }
}
