import BocaGraph
import BocaRandom
import BocaScenario
import BocaSeeding

/// Chooses the seed nodes of a replicate from a scenario's `seeds:` section.
///
/// `random` draws k distinct nodes uniformly from the pool (the whole graph or one side) with
/// the replicate's own generator, before the model draws anything: O(k) expected for k ≪ pool,
/// by rejection of repeats. `degree` and `nodes` are fixed sets, computed once.
public struct SeedSelector: Sendable {
  enum Rule: Sendable {
    case fixed([UInt32])
    case random(pool: [UInt32]?, poolSize: Int, k: Int)
  }
  let rule: Rule

  /// Builds the selector. Without a `seeds:` section every model gets the same default, one
  /// random node per replicate (README, scenarios/README.md), unless `defaultSeed` is false (an
  /// arm whose campaign has seed actions: they are its seeds). `seeds: {k: 0}` asks for none.
  ///
  /// - Throws: ``RunError`` when a side or node does not exist, or k exceeds the pool.
  public init(spec: SeedingSpec?, graph: MultiplexGraph, modelLayers: [Int], defaultSeed: Bool = true) throws {
    guard let spec else {
      rule = defaultSeed ? .random(pool: nil, poolSize: graph.nodeCount, k: min(1, graph.nodeCount)) : .fixed([])
      return
    }
    var pool: [UInt32]? = nil
    if let side = spec.side {
      guard let s = graph.sideIndex(side) else {
        throw spec.problem(
          "side", expected: "a side of the graph (\(graph.sideNames.joined(separator: ", ")))", found: "'\(side)'")
      }
      pool = graph.nodesBySide()[s]
    }
    let poolSize = pool?.count ?? graph.nodeCount
    switch spec.policy {
    case .nodes:
      rule = .fixed(
        try zip(spec.nodes, graph.internalIDs(of: spec.nodes)).map { id, v in
          guard let v else { throw spec.problem("nodes", expected: "nodes of the graph", found: "node \(id)") }
          return v
        })
    case .random:
      guard spec.k <= poolSize else {
        throw spec.problem(
          "k", expected: "at most \(poolSize) (the nodes\(spec.side.map { " of side '\($0)'" } ?? "") available)",
          found: "\(spec.k)")
      }
      rule = .random(pool: pool, poolSize: poolSize, k: spec.k)
    case .degree:
      guard spec.k <= poolSize else {
        throw spec.problem(
          "k", expected: "at most \(poolSize) (the nodes\(spec.side.map { " of side '\($0)'" } ?? "") available)",
          found: "\(spec.k)")
      }
      // The campaigns library's degree policy (out-degree over the model's layers, ties by lower
      // id); it draws nothing, so any generator does.
      rule = .fixed(
        try DegreeSeeding(layers: modelLayers, direction: .out)
          .select(k: spec.k, graph: graph, candidates: pool, rng: RandomGenerator(seed: 1)))
    }
  }

  /// A selector for a fixed list of internal node ids.
  public init(fixed: [UInt32]) { rule = .fixed(fixed) }

  /// Whether every replicate gets no seed at all.
  public var seedsNothing: Bool {
    switch rule {
    case .fixed(let nodes): return nodes.isEmpty
    case .random(_, _, let k): return k == 0
    }
  }

  /// The seeds of one replicate.
  public func seeds(_ rng: RandomGenerator, into buffer: inout [UInt32]) {
    switch rule {
    case .fixed(let nodes):
      if buffer.count != nodes.count { buffer = nodes }
    case .random(let pool, let size, let k):
      buffer.removeAll(keepingCapacity: true)
      while buffer.count < k {
        let i = rng.uniformInt(size)
        let v = pool.map { $0[i] } ?? UInt32(i)
        if !buffer.contains(v) { buffer.append(v) }
      }
    }
  }
}

/// A scenario that cannot run as written (found once the graph exists).
public enum RunError: Error, CustomStringConvertible, Sendable {
  case invalid(String)

  public var description: String {
    switch self {
    case .invalid(let message): return message
    }
  }
}
