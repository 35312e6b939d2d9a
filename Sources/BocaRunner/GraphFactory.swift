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
///    ``RandomSeedDerivation/seed(root:scenarioHash:point:replicate:attempt:)`` at
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
  ///
  /// Before anything is generated, the layers' parameters are checked against the sides'
  /// sizes (``check(_:)``) and the graph's memory (``estimatedBytes(_:)``) against `budget`.
  ///
  /// - Throws: a ``ScenarioError`` at the key (BA `m`, WS `k`, a bipartite degree…) when the
  ///   sides cannot carry a layer; ``MemoryLimitError`` when the graph would not fit.
  public static func build(
    _ spec: GraphSpec, rootSeed: UInt64, replicate: Int? = nil, budget: MemoryBudget? = nil,
    log: (String) -> Void = { _ in }
  ) throws -> MultiplexGraph {
    if let load = spec.load {
      let graph = try GraphLoader.load(
        edges: load.edges, nodes: load.nodes, directed: load.directed, sideColumn: load.sideColumn, log: log)
      return load.influence == .reversed ? try GraphLoader.reversed(graph) : graph
    }
    try check(spec)
    let budget = budget ?? .current
    var what = "the graph (\(spec.sides.reduce(0) { $0 + $1.count }) nodes, \(spec.layers.count) layers)"
    if let side = spec.sides.first, let at = spec.locations["sides.\(side.name)"] {
      what += " that graph.sides describes at \(at.file):\(at.line):\(at.column)"
    }
    if replicate == nil {
      try budget.check(what, bytes: estimatedBytes(spec), log: log)
    } else {
      try budget.check(what, bytes: estimatedBytes(spec))  // said once, not per replicate
    }
    let counts = spec.sides.map(\.count)
    let total = counts.reduce(0, +)
    var nodeSide = [UInt16]()
    nodeSide.reserveCapacity(total)
    for (i, c) in counts.enumerated() { nodeSide += [UInt16](repeating: UInt16(i), count: c) }
    var graph = MultiplexGraph(nodeCount: total, sideNames: spec.sides.map(\.name), nodeSide: nodeSide)
    let base = spec.seed ?? RandomSeedDerivation.seed(root: rootSeed, scenarioHash: 0, point: -1, replicate: 0)
    let seed =
      replicate.map { RandomSeedDerivation.seed(root: UInt64(base), scenarioHash: 0, point: -2, replicate: $0) } ?? base
    let rng = try RandomGenerator(kind: .taus2, seed: seed)
    let bySide = graph.nodesBySide()
    var built: [String: EdgeSet] = [:]

    for layer in spec.layers {
      let generate = { (rng: RandomGenerator) throws -> EdgeSet in
        try Self.generate(layer, spec: spec, graph: graph, bySide: bySide, budget: budget, rng: rng)
      }
      var edges: EdgeSet
      if let other = layer.overlapWith {
        guard let base = built[other] else {
          throw spec.problem(
            "layers.\(layer.name).overlap_with", expected: "a layer declared before it", found: "'\(other)'")
        }
        do {
          edges = try Generators.overlappingLayer(base: base, overlap: layer.overlap, rng: rng, fresh: generate)
        } catch let error as GraphError {
          // Whether the fresh edges fit depends on the drawn layers, so it is known only here.
          throw spec.problem(
            "layers.\(layer.name).overlap", expected: "an overlap the drawn layers can realise", found: "\(error)")
        }
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

  /// Checks that every generated layer can be made on its sides before anything is drawn: a
  /// layer's `sides` and a bipartite layer's sides exist, `overlap_with` names a layer declared
  /// before with the same direction, BA `m` and WS `k` are below the layer's node count (and a
  /// WS lattice is sparse enough to rewire in bounded work,
  /// ``Generators/wattsStrogatzDraws(n:k:p:)``), the SBM mixing names sides, and a bipartite side's mean degree does
  /// not exceed the other side's size (a simple bipartite graph cannot give a node more
  /// partners than the other side has; the draws are capped there, see
  /// ``Generators/bipartiteDegreeSequences(countA:countB:distributionA:distributionB:rng:budget:)``).
  ///
  /// - Throws: a ``ScenarioError`` at the key (or ``SetupProblem`` for a spec built in code).
  public static func check(_ spec: GraphSpec) throws {
    guard spec.load == nil else { return }
    let counts = Dictionary(spec.sides.map { ($0.name, $0.count) }, uniquingKeysWith: { a, _ in a })
    let total = spec.sides.reduce(0) { $0 + $1.count }
    var declared: [String: Bool] = [:]  // layer name: directed
    for layer in spec.layers {
      let key = "layers.\(layer.name)"
      if let other = layer.overlapWith {
        guard let directed = declared[other] else {
          throw spec.problem("\(key).overlap_with", expected: "a layer declared before it", found: "'\(other)'")
        }
        guard directed == layer.directed else {
          throw spec.problem(
            "\(key).overlap_with",
            expected: "a layer with the same direction as this one (directed: \(layer.directed))",
            found: "'\(other)' (directed: \(directed))")
        }
      }
      declared[layer.name] = layer.directed
      var members = total
      if !layer.sides.isEmpty {
        members = 0
        for name in layer.sides {
          guard let c = counts[name] else {
            throw spec.problem(
              "\(key).sides", expected: "a side of graph.sides (\(spec.sides.map(\.name).joined(separator: ", ")))",
              found: "'\(name)'")
          }
          members += c
        }
      }
      switch layer.generator {
      case .barabasiAlbert(let m):
        guard m < members else {
          throw spec.problem(
            "\(key).generate.ba.m", expected: "m below the layer's node count (\(members))", found: "\(m)")
        }
      case .wattsStrogatz(let k, let p):
        guard k < members else {
          throw spec.problem(
            "\(key).generate.ws.k", expected: "k below the layer's node count (\(members))", found: "\(k)")
        }
        let draws = Generators.wattsStrogatzDraws(n: members, k: k, p: p)
        guard draws <= Generators.wattsStrogatzMaxDraws else {
          throw spec.problem(
            "\(key).generate.ws.k",
            expected:
              "k well below the layer's node count (\(members)): each rewiring must find one of the nodes not yet joined",
            found: "\(k) (about \(String(format: "%.1e", draws)) draws)")
        }
      case .erdosRenyi: break
      case .stochasticBlock(let mixing):
        for (a, row) in mixing.sorted(by: { $0.key < $1.key }) {
          guard counts[a] != nil else {
            throw spec.problem("\(key).generate.sbm.mixing.\(a)", expected: "a side", found: "'\(a)'")
          }
          for b in row.keys.sorted() where counts[b] == nil {
            throw spec.problem("\(key).generate.sbm.mixing.\(a).\(b)", expected: "a side", found: "'\(b)'")
          }
        }
      case .bipartite(let a, let b, let da, let db):
        guard let ca = counts[a], let cb = counts[b], a != b else {
          throw spec.problem(
            "\(key).generate.bipartite.sides", expected: "two different sides of graph.sides",
            found: "\(a), \(b)")
        }
        for (side, distribution, other, otherCount) in [(a, da, b, cb), (b, db, a, ca)] {
          let mean = distribution.mean
          guard mean <= Double(otherCount) else {
            throw spec.problem(
              "\(key).generate.bipartite.degree.\(side)",
              expected:
                "a degree distribution with mean at most \(otherCount) (the nodes of side '\(other)': a node cannot have more partners)",
              found: "\(distribution) (mean \(mean))")
          }
        }
      }
    }
  }

  /// An upper bound on the bytes ``build(_:rootSeed:replicate:budget:log:)`` needs at its peak for
  /// a generated graph (0 for a loaded one): the nodes' sides and attributes, every layer's CSR
  /// and kept edge arrays, and the largest layer's generation and CSR build on top of them.
  /// Random edge counts are taken at their mean plus six standard deviations.
  public static func estimatedBytes(_ spec: GraphSpec) -> Int {
    guard spec.load == nil else { return 0 }
    let counts = Dictionary(spec.sides.map { ($0.name, $0.count) }, uniquingKeysWith: { a, _ in a })
    let n = spec.sides.reduce(0) { $0 + $1.count }
    let attributes = Set(spec.sides.flatMap { $0.attributes.map(\.name) }).count
    var held = GraphMemory.nodeBytes(nodes: n, attributes: attributes)
    var transient = 0
    var edgesOf: [String: Int] = [:]
    for layer in spec.layers {
      let members = layer.sides.isEmpty ? n : layer.sides.reduce(0) { $0 + (counts[$1] ?? 0) }
      let m = Double(members)
      var edges: Int
      var scratch = MemoryBudget.product(members, 4)  // the shuffled member list
      switch layer.generator {
      case .erdosRenyi(let p):
        let pairs = layer.directed ? m * (m - 1) : m * (m - 1) / 2
        edges = GraphMemory.edgesHigh(mean: pairs * p)
        let reserved = MemoryBudget.bytes(min(pairs * p * 1.05 + 16, pairs))
        scratch = MemoryBudget.sum(
          scratch,
          edges <= reserved ? GraphMemory.edgeSetBytes(exact: reserved) : GraphMemory.edgeSetBytes(grown: edges))
      case .barabasiAlbert(let k):
        edges = MemoryBudget.product(k, max(0, members - k))
        scratch = MemoryBudget.sum(scratch, GraphMemory.edgeSetBytes(exact: edges))
      case .wattsStrogatz(let k, _):
        edges = MemoryBudget.product(members, k / 2)
        scratch = MemoryBudget.sum(
          scratch, GraphMemory.edgeSetBytes(exact: edges), MemoryBudget.product(edges, 4),
          MemoryBudget.product(members, MemoryBudget.sum(MemoryBudget.product(k + 2, 8), 64)))
      case .stochasticBlock(let mixing):
        var mean = 0.0
        for (i, a) in spec.sides.enumerated() {
          for (j, b) in spec.sides.enumerated() where layer.directed || j >= i {
            let p = mixing[a.name]?[b.name] ?? (layer.directed ? 0 : mixing[b.name]?[a.name] ?? 0)
            let na = Double(a.count)
            let nb = Double(b.count)
            mean += p * (i == j ? (layer.directed ? na * (na - 1) : na * (na - 1) / 2) : na * nb)
          }
        }
        edges = GraphMemory.edgesHigh(mean: mean)
        scratch = MemoryBudget.sum(scratch, GraphMemory.edgeSetBytes(grown: edges))
      case .bipartite(let a, let b, let da, let db):
        let ca = Double(counts[a] ?? 0)
        let cb = Double(counts[b] ?? 0)
        let stubs = max(ca * min(max(0, da.mean), cb), cb * min(max(0, db.mean), ca))
        edges = GraphMemory.edgesHigh(mean: stubs)
        // Degree sequences (8 bytes per node), the shuffled partners (4 per stub), the edges.
        scratch = MemoryBudget.sum(
          MemoryBudget.bytes(8 * (ca + cb)), MemoryBudget.product(edges, 4), GraphMemory.edgeSetBytes(exact: edges))
      }
      if let other = layer.overlapWith, let base = edgesOf[other] {
        // Two hash sets of edge keys (the base layer's and the fresh ones) and the new edges.
        edges = max(edges, base)
        scratch = MemoryBudget.sum(
          scratch, MemoryBudget.setBytes(count: base, elementBytes: 8),
          MemoryBudget.setBytes(count: edges, elementBytes: 8), GraphMemory.edgeSetBytes(grown: edges))
      }
      edgesOf[layer.name] = edges
      // Lifting to the graph's ids copies the edges; the lifted copy is kept (for overlap_with).
      let kept = GraphMemory.edgeSetBytes(exact: edges)
      let build = GraphMemory.addLayerPeak(nodes: n, edges: edges, directed: layer.directed, inputBytes: 0)
      // The generator's arrays are gone once lifted; the kept copy is the CSR build's input.
      transient = max(transient, MemoryBudget.sum(kept, max(scratch, build)))
      held = MemoryBudget.sum(held, kept, GraphMemory.layerBytes(nodes: n, edges: edges, directed: layer.directed))
    }
    return MemoryBudget.sum(held, transient)
  }

  /// One layer's edges over the whole graph's ids.
  static func generate(
    _ layer: LayerSpec, spec: GraphSpec, graph: MultiplexGraph, bySide: [[UInt32]], budget: MemoryBudget,
    rng: RandomGenerator
  ) throws -> EdgeSet {
    let n = graph.nodeCount
    func members() throws -> [UInt32] {
      if layer.sides.isEmpty { return (0..<n).map(UInt32.init) }
      return try layer.sides.flatMap { name -> [UInt32] in
        guard let s = graph.sideIndex(name) else {
          throw spec.problem("layers.\(layer.name).sides", expected: "a side of graph.sides", found: "'\(name)'")
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
        throw spec.problem("layers.\(layer.name).generate.sbm.mixing.\(a)", expected: "a side", found: "'\(a)'")
      }
      let matrix = sides.map { a in
        sides.map { b in mixing[a]?[b] ?? (layer.directed ? 0 : mixing[b]?[a] ?? 0) }
      }
      return try Generators.stochasticBlockModel(
        blockOf: graph.nodeSide, probabilities: matrix, directed: layer.directed, rng: rng)
    case .bipartite(let a, let b, let da, let db):
      guard let ia = graph.sideIndex(a), let ib = graph.sideIndex(b) else {
        throw spec.problem(
          "layers.\(layer.name).generate.bipartite.sides", expected: "two sides of the graph", found: "\(a), \(b)")
      }
      let (degreesA, degreesB) = try Generators.bipartiteDegreeSequences(
        countA: bySide[ia].count, countB: bySide[ib].count, distributionA: da, distributionB: db, rng: rng,
        budget: budget)
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

  /// The graph with every directed edge reversed (`graph.load.influence: reversed`): a
  /// nomination u → v read as v → u, so that influence flows from the person named to the person
  /// who named them. Undirected layers, nodes, sides, ids and attributes are unchanged.
  public static func reversed(_ graph: MultiplexGraph) throws -> MultiplexGraph {
    var out = MultiplexGraph(
      nodeCount: graph.nodeCount, sideNames: graph.sideNames, nodeSide: graph.nodeSide,
      originalIDs: graph.originalIDs)
    out.nodeNames = graph.nodeNames
    for layer in graph.layers {
      guard layer.directed else {
        try out.addLayer(layer)
        continue
      }
      let incoming = layer.inAdjacency ?? layer.out.transposed()
      try out.addLayer(Layer(name: layer.name, directed: true, out: incoming, inAdjacency: layer.out))
    }
    for (name, values) in graph.attributes.sorted(by: { $0.key < $1.key }) { out.setAttribute(name, values: values) }
    return out
  }
}
