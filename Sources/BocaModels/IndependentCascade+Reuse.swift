import BocaGraph
import Foundation

/// What models built on IC's edges (`icn`, `competing-ic`) share with it: the per-layer
/// probability rule of the `ic` entry, and set-up errors that name the model the user asked for.
extension IndependentCascade {
  /// IC on `layers` for model `model`: the same checks as ``init(graph:layers:probabilities:)``,
  /// with errors naming `model` and `key`.
  static func edges(model: String, key: String, graph: MultiplexGraph, layers: [Int], probabilities: [Probability])
    throws -> IndependentCascade
  {
    do {
      return try IndependentCascade(graph: graph, layers: layers, probabilities: probabilities)
    } catch ModelError.invalidParameter(_, let what, let expected, let found) {
      throw ModelError.invalidParameter(model: model, key: what == "p" ? key : what, expected: expected, found: found)
    }
  }

  /// One probability rule per layer from key `key`, as the `ic` entry reads `p`: the layer's
  /// value (or the scalar), else the edge weights of a weighted layer.
  static func probabilities(
    _ key: String, model: String, graph: MultiplexGraph, layers: [Int], parameters: inout ModelParameters
  ) throws -> [Probability] {
    try layers.map { i in
      let layer = graph.layers[i]
      if let p = parameters.perLayerValue(key, layer: layer.name) { return .uniform(p) }
      if layer.weighted { return .edgeWeight }
      throw ModelError.invalidParameter(
        model: model, key: key, expected: "a probability for layer '\(layer.name)' (or a weighted layer)",
        found: "nothing")
    }
  }
}

extension ModelParameters {
  /// A comma-separated list of names or ids (`strong: friends,family`, `seeds_b: 3,17`), or
  /// `nil` when absent. A single number (`seeds_b=17`, which `--param` stores as a value) is
  /// accepted as a one-item list.
  mutating func list(_ key: String, model: String) throws -> [String]? {
    if let text = optionalText(key) {
      let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      guard !items.isEmpty, !items.contains(where: \.isEmpty) else {
        throw ModelError.invalidParameter(
          model: model, key: key, expected: "a comma-separated list", found: "'\(text)'")
      }
      return items
    }
    guard let v = try optionalDouble(key, model: model) else { return nil }
    if v == v.rounded(), abs(v) < 1e15 { return [String(Int64(v))] }
    return [String(v)]
  }
}
