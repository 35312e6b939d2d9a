import BocaRandom
import Foundation
import Yams

extension Scenario {
  public static func decodeGraph(_ node: Node, _ r: ScenarioReader, baseDirectory: String) -> GraphSpec? {
    guard let map = r.mapping(node, "graph", allowed: ["sides", "layers", "load", "seed", "replicate"]) else {
      return nil
    }
    var spec = GraphSpec(sides: [], layers: [], load: nil, seed: nil)
    for (key, value) in map {
      switch key {
      case "seed": spec.seed = r.int(value, "graph.seed", min: 1, max: Int(UInt32.max)).map(UInt32.init)
      case "sides":
        spec.sides = decodeSides(value, r)
        if case .mapping(let sides) = value {
          for (key, _) in sides { if let name = key.string { spec.locations["sides.\(name)"] = r.location(key) } }
        }
      case "layers":
        spec.layers = decodeLayers(value, r)
        recordLocations(value, "layers", r, into: &spec.locations)
      case "replicate": spec.replicate = r.bool(value, "graph.replicate") ?? false
      default:
        spec.load = decodeLoad(value, r, baseDirectory: baseDirectory)
        spec.locations["load"] = r.location(value)
        recordLocations(value, "load", r, into: &spec.locations)
      }
    }
    if spec.load != nil, spec.replicate, let value = map.first(where: { $0.key == "replicate" })?.node {
      r.report(
        value, "graph.replicate", expected: "false with graph.load (a loaded network cannot be redrawn)", found: "true")
    }
    if spec.load == nil {
      if spec.sides.isEmpty {
        r.report(node, "graph.sides", expected: "at least one side (or graph.load)", found: "none")
      }
      if spec.layers.isEmpty {
        r.report(node, "graph.layers", expected: "at least one layer (or graph.load)", found: "none")
      }
    }
    return spec
  }

  /// Records where every mapping key under `node` was written (its value's place), as
  /// `prefix.key.subkey…`, a few levels deep: errors found once the graph exists are reported there.
  static func recordLocations(
    _ node: Node, _ prefix: String, _ r: ScenarioReader, into locations: inout [String: SourceLocation], depth: Int = 0
  ) {
    guard depth < 6, case .mapping(let map) = node else { return }
    for (key, value) in map {
      guard let name = key.string else { continue }
      let path = "\(prefix).\(name)"
      locations[path] = r.location(value)
      recordLocations(value, path, r, into: &locations, depth: depth + 1)
    }
  }

  static func decodeSides(_ node: Node, _ r: ScenarioReader) -> [SideSpec] {
    guard let map = r.mapping(node, "graph.sides") else { return [] }
    var sides: [SideSpec] = []
    for (name, value) in map {
      let path = "graph.sides.\(name)"
      guard let fields = r.mapping(value, path) else { continue }
      var side = SideSpec(name: name, count: 0, attributes: [])
      var hasCount = false
      for (key, v) in fields {
        if key == "count" {
          side.count = r.int(v, "\(path).count", min: 1, max: Int(UInt32.max) - 1) ?? 0
          hasCount = true
        } else if let d = r.distribution(v, "\(path).\(key)") {
          side.attributes.append((key, d))
        }
      }
      if !hasCount { r.report(value, "\(path).count", expected: "the number of nodes on this side", found: "nothing") }
      sides.append(side)
    }
    return sides
  }

  static let layerKeys = ["generate", "directed", "strength", "sides", "overlap_with", "overlap"]
  static let generatorNames = ["ba", "er", "ws", "sbm", "bipartite"]

  static func decodeLayers(_ node: Node, _ r: ScenarioReader) -> [LayerSpec] {
    guard let map = r.mapping(node, "graph.layers") else { return [] }
    var layers: [LayerSpec] = []
    for (name, value) in map {
      let path = "graph.layers.\(name)"
      guard let fields = r.mapping(value, path, allowed: layerKeys) else { continue }
      var layer = LayerSpec(
        name: name, directed: false, strength: 1, generator: .erdosRenyi(p: 0), sides: [], overlapWith: nil, overlap: 0)
      var generator: GeneratorChoice? = nil
      for (key, v) in fields {
        let keyPath = "\(path).\(key)"
        switch key {
        case "generate": generator = decodeGenerator(v, r, keyPath)
        case "directed": layer.directed = r.bool(v, keyPath) ?? false
        case "strength": layer.strength = r.double(v, keyPath, min: 0) ?? 1
        case "sides": layer.sides = r.strings(v, keyPath) ?? []
        case "overlap_with": layer.overlapWith = r.string(v, keyPath)
        default: layer.overlap = r.probability(v, keyPath) ?? 0
        }
      }
      if let generator {
        layer.generator = generator
      } else if !fields.contains(where: { $0.key == "generate" }) {
        r.report(
          value, "\(path).generate", expected: "a generator (\(generatorNames.joined(separator: ", ")))",
          found: "nothing")
      }
      layers.append(layer)
    }
    return layers
  }

  static func decodeGenerator(_ node: Node, _ r: ScenarioReader, _ path: String) -> GeneratorChoice? {
    guard let map = r.mapping(node, path, allowed: generatorNames) else { return nil }
    guard map.count == 1, let (name, value) = map.first.map({ ($0.key, $0.node) }) else {
      r.report(node, path, expected: "exactly one generator", found: "\(map.count)")
      return nil
    }
    let p = "\(path).\(name)"
    switch name {
    case "ba":
      guard let f = r.mapping(value, p, allowed: ["m"]), let m = f.first(where: { $0.key == "m" }) else {
        r.report(value, "\(p).m", expected: "edges per new node m", found: "nothing")
        return nil
      }
      return r.int(m.node, "\(p).m", min: 1).map { .barabasiAlbert(m: $0) }
    case "er":
      guard let f = r.mapping(value, p, allowed: ["p"]), let x = f.first(where: { $0.key == "p" }) else {
        r.report(value, "\(p).p", expected: "the edge probability p", found: "nothing")
        return nil
      }
      return r.probability(x.node, "\(p).p").map { .erdosRenyi(p: $0) }
    case "ws":
      guard let f = r.mapping(value, p, allowed: ["k", "p"]) else { return nil }
      let k = f.first(where: { $0.key == "k" }).flatMap { r.int($0.node, "\(p).k", min: 2) }
      let q = f.first(where: { $0.key == "p" }).flatMap { r.probability($0.node, "\(p).p") }
      guard let k, let q else {
        r.report(value, p, expected: "k (even, ≥ 2) and p", found: "a missing or invalid value")
        return nil
      }
      if k % 2 != 0 { r.report(value, "\(p).k", expected: "an even k", found: "\(k)") }
      return .wattsStrogatz(k: k, p: q)
    case "sbm":
      guard let f = r.mapping(value, p, allowed: ["mixing"]), let mixing = f.first(where: { $0.key == "mixing" }),
        let rows = r.mapping(mixing.node, "\(p).mixing")
      else {
        r.report(value, "\(p).mixing", expected: "a side-to-side mixing matrix", found: "nothing")
        return nil
      }
      var matrix: [String: [String: Double]] = [:]
      for (a, row) in rows {
        guard let cells = r.mapping(row, "\(p).mixing.\(a)") else { continue }
        for (b, cell) in cells {
          if let x = r.probability(cell, "\(p).mixing.\(a).\(b)") { matrix[a, default: [:]][b] = x }
        }
      }
      return .stochasticBlock(mixing: matrix)
    default:
      guard let f = r.mapping(value, p, allowed: ["sides", "degree"]) else { return nil }
      let sides = f.first(where: { $0.key == "sides" }).flatMap { r.strings($0.node, "\(p).sides") } ?? []
      guard sides.count == 2 else {
        r.report(value, "\(p).sides", expected: "two sides, e.g. [buyer, seller]", found: "\(sides.count)")
        return nil
      }
      guard let degreeNode = f.first(where: { $0.key == "degree" })?.node,
        let degrees = r.mapping(degreeNode, "\(p).degree", allowed: sides)
      else {
        r.report(value, "\(p).degree", expected: "a degree distribution per side", found: "nothing")
        return nil
      }
      let byName = Dictionary(degrees.map { ($0.key, $0.node) }, uniquingKeysWith: { a, _ in a })
      guard let da = byName[sides[0]].flatMap({ r.distribution($0, "\(p).degree.\(sides[0])") }),
        let db = byName[sides[1]].flatMap({ r.distribution($0, "\(p).degree.\(sides[1])") })
      else {
        r.report(degreeNode, "\(p).degree", expected: "a degree distribution for both sides", found: "a missing one")
        return nil
      }
      return .bipartite(sideA: sides[0], sideB: sides[1], degreeA: da, degreeB: db)
    }
  }

  static func decodeLoad(_ node: Node, _ r: ScenarioReader, baseDirectory: String) -> LoadSpec? {
    guard let map = r.mapping(node, "graph.load", allowed: ["edges", "nodes", "directed", "side_column", "influence"])
    else {
      return nil
    }
    var spec = LoadSpec(edges: "", nodes: nil, directed: false, sideColumn: nil)
    func resolve(_ path: String) -> String {
      path.hasPrefix("/") ? path : URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).standardized.path
    }
    for (key, value) in map {
      let path = "graph.load.\(key)"
      switch key {
      case "edges", "nodes":
        guard let file = r.string(value, path) else { continue }
        let resolved = resolve(file)
        if !FileManager.default.fileExists(atPath: resolved) {
          r.report(value, path, expected: "an existing file", found: "'\(file)' (looked for \(resolved))")
        }
        if key == "edges" { spec.edges = resolved } else { spec.nodes = resolved }
      case "directed": spec.directed = r.bool(value, path) ?? false
      case "influence":
        guard let text = r.string(value, path) else { continue }
        if let influence = LoadSpec.Influence(rawValue: text) {
          spec.influence = influence
        } else {
          r.report(
            value, path, expected: "as-written or reversed (the direction influence flows along an edge)",
            found: "'\(text)'")
        }
      default: spec.sideColumn = r.string(value, path)
      }
    }
    if spec.edges.isEmpty { r.report(node, "graph.load.edges", expected: "an edge file", found: "nothing") }
    if spec.sideColumn != nil && spec.nodes == nil, let column = map.first(where: { $0.key == "side_column" })?.node {
      r.report(
        column, "graph.load.side_column", expected: "graph.load.nodes too (the sides are a column of the node table)",
        found: "no node table")
    }
    return spec
  }
}
