import Foundation

extension GeneratedScenario {
  /// Whether the scenario keeps the invariants the generator builds valid scenarios with: every
  /// side and layer name used anywhere exists, node ids and seed counts fit the graph, `ba` and
  /// `ws` layers have enough members. Shrinking a valid scenario keeps to consistent variants,
  /// so that a property about valid scenarios is not "shown" by one made invalid by shrinking.
  var isConsistent: Bool {
    let sideNames = Set(sides.map(\.name))
    let layerNames = Set(layers.map(\.name))
    let n = nodeCount
    guard n > 0, !layers.isEmpty, sides.allSatisfy({ $0.count >= 1 }) else { return false }
    // Every name of the generator's pools that appears in a value must exist.
    var texts = layers.map(\.generate) + layers.flatMap(\.sides) + model.parameters.map { "\($0.key) \($0.value)" }
    texts += model.layers
    texts += arms.flatMap { $0.overrides.map(\.value) + $0.actions.flatMap { $0.fields.map(\.value) } }
    texts += sweep.map(\.keyPath)
    if let side = seeds?.side { texts.append(side) }
    func mentions(_ text: String, _ name: String) -> Bool {
      text.split(whereSeparator: { !$0.isLetter && $0 != "_" }).contains { $0 == name }
    }
    for text in texts {
      if ScenarioGenerator.sideNames.contains(where: { mentions(text, $0) && !sideNames.contains($0) }) { return false }
      if ScenarioGenerator.layerNames.contains(where: { mentions(text, $0) && !layerNames.contains($0) }) {
        return false
      }
    }
    func size(_ side: String?) -> Int { side.flatMap { self.side($0)?.count } ?? n }
    if let seeds {
      if seeds.nodes.contains(where: { $0 >= n }) || (seeds.policy != "nodes" && seeds.k > size(seeds.side)) {
        return false
      }
    }
    if let b = model.value("seeds_b").flatMap({ Int($0.filter(\.isNumber)) }), b >= n { return false }
    for layer in layers {
      let members = layer.sides.isEmpty ? n : layer.sides.reduce(0) { $0 + size($1) }
      if layer.generate.hasPrefix("{ba:"), let m = Int(layer.generate.filter(\.isNumber)), m >= members {
        return false
      }
      if layer.generate.hasPrefix("{ws:") && members <= 2 { return false }
      if layer.generate.hasPrefix("{bipartite:"), !bipartiteMeansFit(layer.generate, size: size) { return false }
    }
    for arm in arms {
      for action in arm.actions {
        if let k = action.value("k").flatMap(Int.init), k > size(action.value("side")) { return false }
      }
    }
    return true
  }

  /// Whether each side's mean degree in a generated bipartite layer (`{bipartite: {sides: [a, b],
  /// degree: {a: {poisson: [x]}, b: {poisson: [y]}}}}`) is at most the other side's size: a node
  /// cannot have more distinct partners, and Boca refuses such a layer.
  func bipartiteMeansFit(_ generate: String, size: (String?) -> Int) -> Bool {
    guard let open = generate.range(of: "sides: ["), let close = generate[open.upperBound...].firstIndex(of: "]")
    else { return true }
    let names = generate[open.upperBound..<close].split(separator: ",").map {
      String($0.trimmingCharacters(in: .whitespaces))
    }
    let means = generate.components(separatedBy: "poisson: [").dropFirst().compactMap {
      Double($0.prefix(while: { $0 != "]" }))
    }
    guard names.count == 2, means.count == 2 else { return true }
    return means[0] <= Double(size(names[1])) && means[1] <= Double(size(names[0]))
  }
}
