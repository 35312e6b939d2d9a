import BocaGraph
import BocaRandom
import BocaScenario
import Foundation

/// Builds the graph a scenario describes: loads it from files, or generates it side by side and
/// layer by layer.
///
/// Generation, exactly (so that a graph can be rebuilt from its scenario and seed):
/// 1. Sides take contiguous id ranges in declaration order (the first side is 0..<count₁…).
/// 2. One GSL `taus2` generator, seeded with `graph.seed` or else with
///    ``SeedDerivation/seed(root:scenarioHash:point:replicate:attempt:)`` at
///    (root, 0, point −1, replicate 0), draws everything below in order.
/// 3. Layers are generated in declaration order. `ba`, `er` and `ws` run over the layer's
///    member nodes (its `sides`, or all nodes) after shuffling them, so that BA hubs and ring
///    positions are not tied to side order; `sbm` runs over all nodes with the sides as blocks
///    (a missing `mixing[a][b]` takes `mixing[b][a]` when undirected, else 0); `bipartite` joins
///    its two sides. A layer with `overlap_with` copies a fraction `overlap` of the other layer's
///    edges and generates the rest (`Generators.overlappingLayer`).
/// 4. Node attributes are drawn last, attribute by attribute in order of first appearance,
///    node by node in id order; a side without the attribute gets NaN.
public enum GraphFactory {
  /// Builds the graph; `log` receives one-line notes (duplicates merged, load time).
  /// With `replicate`, the draw for that replicate (``GraphSpec/replicate``): the generator's
  /// seed is derived from the graph's seed and the replicate number.
  public static func build(
    _ spec: GraphSpec, rootSeed: UInt64, replicate: Int? = nil, log: (String) -> Void = { _ in }
  ) throws -> MultiplexGraph {
    if let load = spec.load {
      return try GraphLoader.load(
        edges: load.edges, nodes: load.nodes, directed: load.directed, sideColumn: load.sideColumn, log: log)
    }
    let counts = spec.sides.map(\.count)
    let total = counts.reduce(0, +)
    var nodeSide = [UInt16]()
    nodeSide.reserveCapacity(total)
    for (i, c) in counts.enumerated() { nodeSide += [UInt16](repeating: UInt16(i), count: c) }
    var graph = MultiplexGraph(nodeCount: total, sideNames: spec.sides.map(\.name), nodeSide: nodeSide)
    let base = spec.seed ?? SeedDerivation.seed(root: rootSeed, scenarioHash: 0, point: -1, replicate: 0)
    let seed =
      replicate.map { SeedDerivation.seed(root: UInt64(base), scenarioHash: 0, point: -2, replicate: $0) } ?? base
    let rng = try RandomGenerator(kind: .taus2, seed: seed)
    let bySide = graph.nodesBySide()
    var built: [String: EdgeSet] = [:]

    for layer in spec.layers {
      let generate = { (rng: RandomGenerator) throws -> EdgeSet in
        try Self.generate(layer, graph: graph, bySide: bySide, rng: rng)
      }
      var edges: EdgeSet
      if let other = layer.overlapWith {
        guard let base = built[other] else {
          throw RunError.invalid(
            "graph.layers.\(layer.name).overlap_with: expected a layer declared before it, found '\(other)'")
        }
        edges = try Generators.overlappingLayer(base: base, overlap: layer.overlap, rng: rng, fresh: generate)
      } else {
        edges = try generate(rng)
      }
      edges.directed = layer.directed
      let report = try edges.addLayer(to: &graph, name: layer.name)
      if report.duplicates > 0 || report.selfLoops > 0 {
        log(
          "graph: layer '\(layer.name)': merged \(report.duplicates) duplicate edges, dropped \(report.selfLoops) self-loops"
        )
      }
      built[layer.name] = edges
    }

    var attributeNames: [String] = []
    for side in spec.sides {
      for (name, _) in side.attributes where !attributeNames.contains(name) { attributeNames.append(name) }
    }
    for name in attributeNames {
      var distributions: [String: Distribution] = [:]
      for side in spec.sides {
        if let d = side.attributes.first(where: { $0.name == name })?.distribution { distributions[side.name] = d }
      }
      graph.drawAttribute(name, distributions: distributions, defaultValue: .nan, rng: rng)
    }
    return graph
  }

  /// One layer's edges over the whole graph's ids.
  static func generate(_ layer: LayerSpec, graph: MultiplexGraph, bySide: [[UInt32]], rng: RandomGenerator) throws
    -> EdgeSet
  {
    let n = graph.nodeCount
    func members() throws -> [UInt32] {
      if layer.sides.isEmpty { return (0..<n).map(UInt32.init) }
      return try layer.sides.flatMap { name -> [UInt32] in
        guard let s = graph.sideIndex(name) else {
          throw RunError.invalid("graph.layers.\(layer.name).sides: no side '\(name)'")
        }
        return bySide[s]
      }.sorted()
    }
    func lift(_ local: EdgeSet, _ map: [UInt32]) -> EdgeSet {
      EdgeSet(
        nodeCount: n, directed: layer.directed, sources: local.sources.map { map[Int($0)] },
        targets: local.targets.map { map[Int($0)] })
    }
    switch layer.generator {
    case .barabasiAlbert(let m):
      var nodes = try members()
      rng.shuffle(&nodes)
      return lift(try Generators.barabasiAlbert(n: nodes.count, m: m, rng: rng), nodes)
    case .erdosRenyi(let p):
      var nodes = try members()
      rng.shuffle(&nodes)
      return lift(try Generators.erdosRenyi(n: nodes.count, p: p, directed: layer.directed, rng: rng), nodes)
    case .wattsStrogatz(let k, let p):
      var nodes = try members()
      rng.shuffle(&nodes)
      return lift(try Generators.wattsStrogatz(n: nodes.count, k: k, p: p, rng: rng), nodes)
    case .stochasticBlock(let mixing):
      let sides = graph.sideNames
      for a in mixing.keys.sorted() where graph.sideIndex(a) == nil {
        throw RunError.invalid("graph.layers.\(layer.name).generate.sbm.mixing.\(a): expected a side, found '\(a)'")
      }
      let matrix = sides.map { a in
        sides.map { b in mixing[a]?[b] ?? (layer.directed ? 0 : mixing[b]?[a] ?? 0) }
      }
      return try Generators.stochasticBlockModel(
        blockOf: graph.nodeSide, probabilities: matrix, directed: layer.directed, rng: rng)
    case .bipartite(let a, let b, let da, let db):
      guard let ia = graph.sideIndex(a), let ib = graph.sideIndex(b) else {
        throw RunError.invalid(
          "graph.layers.\(layer.name).generate.bipartite.sides: expected two sides of the graph, found \(a), \(b)")
      }
      let (degreesA, degreesB) = try Generators.bipartiteDegreeSequences(
        countA: bySide[ia].count, countB: bySide[ib].count, distributionA: da, distributionB: db, rng: rng)
      let result = try Generators.bipartiteConfiguration(degreesA: degreesA, degreesB: degreesB, rng: rng)
      return lift(result.edges, bySide[ia] + bySide[ib])
    }
  }
}

/// Reads a graph from an edge list (SNAP style) or from CSV tables, by the file's extension.
public enum GraphLoader {
  /// Loads `edges` (a `.csv` edge table, or else a whitespace edge list) and, for tables, the
  /// optional node table; reports merged duplicates and dropped self-loops through `log`.
  public static func load(
    edges: String, nodes: String?, directed: Bool, sideColumn: String?, log: (String) -> Void
  ) throws -> MultiplexGraph {
    let (graph, report): (MultiplexGraph, ReadReport)
    if edges.lowercased().hasSuffix(".csv") || nodes != nil {
      (graph, report) = try NodeEdgeTableReader.read(
        nodes: nodes, edges: edges, directed: directed, sideColumn: sideColumn)
    } else {
      if sideColumn != nil { throw RunError.invalid("a side column needs a node table (--nodes)") }
      (graph, report) = try EdgeListReader.read(path: edges, directed: directed)
    }
    if report.selfLoops > 0 || report.duplicates > 0 { log("\(edges): \(report.summary)") }
    return graph
  }
}
