import BocaGraph
import BocaModels
import BocaRandom
import Foundation

@testable import BocaCalibration

/// Test fixtures: the shipped data sets read the way `boca fit` reads them (toa column, last
/// period censored, influence reversed: a node listens to the people it named, one layer per
/// `layer` value, sides from `group`), and small generated networks.
enum AbcFixtures {
  static var repositoryRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  static func rows(_ url: URL) throws -> [[String: String]] {
    let lines = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
    let header = lines[0].split(separator: ",").map(String.init)
    return lines.dropFirst().map { line in
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      return Dictionary(uniqueKeysWithValues: zip(header, cells))
    }
  }

  /// The graph and observed data of `scenarios/data/<name>`.
  static func dataSet(_ name: String) throws -> (MultiplexGraph, ObservedAdoption) {
    let folder = repositoryRoot.appendingPathComponent("scenarios/data/\(name)")
    let nodes = try rows(folder.appendingPathComponent("nodes.csv"))
    let edges = try rows(folder.appendingPathComponent("edges.csv"))
    var index: [String: Int] = [:]
    for (i, r) in nodes.enumerated() { index[r["node"]!] = i }
    let groups = Array(Set(nodes.map { $0["group"]! })).sorted { Int($0)! < Int($1)! }
    let side = nodes.map { UInt16(groups.firstIndex(of: $0["group"]!)!) }
    var graph = MultiplexGraph(nodeCount: nodes.count, sideNames: groups, nodeSide: side)
    let layerNames = Array(Set(edges.map { $0["layer"] ?? "all" })).sorted()
    for layer in layerNames {
      var sources: [UInt32] = []
      var targets: [UInt32] = []
      for e in edges where (e["layer"] ?? "all") == layer {
        // Reversed: influence flows from the person named (target) to the one who named them.
        sources.append(UInt32(index[e["target"]!]!))
        targets.append(UInt32(index[e["source"]!]!))
      }
      try graph.addLayer(name: layer, directed: true, sources: sources, targets: targets)
    }
    let toa = nodes.map { Int(Double($0["toa"]!)!) }
    let last = toa.max()!
    let observed = ObservedAdoption(
      nodeCount: nodes.count, periods: last - 1, toa: toa.map { $0 == last ? nil : $0 }, nodeSide: side,
      sideNames: groups)
    return (graph, observed)
  }

  /// A directed random graph: every node names `k` distinct others uniformly (out-degree k).
  static func randomGraph(nodes n: Int, named k: Int, sides: Int = 1, seed: UInt32) throws -> MultiplexGraph {
    let rng = try RandomGenerator(seed: seed)
    let side = (0..<n).map { UInt16($0 % sides) }
    var graph = MultiplexGraph(nodeCount: n, sideNames: (0..<sides).map { "s\($0)" }, nodeSide: side)
    var sources: [UInt32] = []
    var targets: [UInt32] = []
    for v in 0..<n {
      var named = 0
      for u in rng.choose(k + 1, from: n) where u != v && named < k {
        sources.append(UInt32(u))
        targets.append(UInt32(v))
        named += 1
      }
    }
    try graph.addLayer(name: "named", directed: true, sources: sources, targets: targets)
    return graph
  }

  /// Adoption times simulated from `model` on `graph` (one replicate, no seeds): the data of a
  /// recovery test. Nodes not adopted by `periods` are censored.
  static func simulatedData(
    model: any DiffusionModel, graph: MultiplexGraph, periods: Int, seed: UInt32
  ) throws -> ObservedAdoption {
    let rng = try RandomGenerator(seed: seed)
    var trace = ReplicateTrace(recording: true)
    _ = model.makeSimulator().run(seeds: [], rng: rng, horizon: periods, trace: &trace)
    var toa = [Int?](repeating: nil, count: graph.nodeCount)
    for t in 1..<trace.stepEnds.count {
      for i in trace.order[trace.stepEnds[t - 1]..<trace.stepEnds[t]] { toa[Int(i)] = t }
    }
    return ObservedAdoption(
      nodeCount: graph.nodeCount, periods: periods, toa: toa, nodeSide: graph.nodeSide, sideNames: graph.sideNames)
  }
}
