import BocaRandom
import Foundation
import XCTest

@testable import BocaGraph

/// Components, clustering and assortativity (``GraphStructure``): known values on graphs that can
/// be computed by hand, laws on random graphs, and networkx's figures on generated multi-layer
/// graphs with sides (when python3 has networkx).
final class GraphStructureTests: XCTestCase {
  /// A random graph: n in 1…40 nodes, each pair (or ordered pair) linked with probability p.
  func randomArcs(_ mix: inout SplitMix64, directed: Bool) -> (n: Int, sources: [UInt32], targets: [UInt32]) {
    let n = 1 + Int.random(in: 0..<40, using: &mix)
    let p = Double.random(in: 0..<1, using: &mix) * 0.3
    var sources: [UInt32] = []
    var targets: [UInt32] = []
    for u in 0..<n {
      for v in 0..<n where u != v && (directed || u < v) && Double.random(in: 0..<1, using: &mix) < p {
        sources.append(UInt32(u))
        targets.append(UInt32(v))
      }
    }
    return (n, sources, targets)
  }

  func structure(_ n: Int, _ edges: [(Int, Int)], directed: Bool = false) -> GraphStructure {
    GraphStructure(
      nodeCount: n, sources: edges.map { UInt32($0.0) }, targets: edges.map { UInt32($0.1) }, directed: directed)
  }

  // MARK: - Known values

  func testCompleteGraphsAreFullyClusteredAndHaveNoAssortativity() {
    for n in 3...12 {
      var edges: [(Int, Int)] = []
      for u in 0..<n { for v in (u + 1)..<n { edges.append((u, v)) } }
      let s = structure(n, edges)
      XCTAssertEqual(s.components, 1)
      XCTAssertEqual(s.largestComponent, n)
      XCTAssertEqual(s.transitivity, 1, accuracy: 1e-15)
      XCTAssertEqual(s.meanClustering, 1, accuracy: 1e-15)
      XCTAssertTrue(s.assortativity.isNaN, "every end has degree n - 1: no variance")
      XCTAssertNil(s.strongComponents)
    }
  }

  func testTreesHaveNoTrianglesAndOneComponent() {
    var mix = SplitMix64(seed: 11)
    for _ in 0..<50 {
      let n = 2 + Int.random(in: 0..<60, using: &mix)
      // A random recursive tree: node v links to a random earlier node.
      let edges = (1..<n).map { v in (Int.random(in: 0..<v, using: &mix), v) }
      let s = structure(n, edges)
      XCTAssertEqual(s.components, 1)
      XCTAssertEqual(s.largestComponent, n)
      XCTAssertEqual(s.transitivity, 0)
      XCTAssertEqual(s.meanClustering, 0)
    }
  }

  func testStarsAreFullyDisassortative() {
    for leaves in 2...20 {
      let s = structure(leaves + 1, (1...leaves).map { (0, $0) })
      XCTAssertEqual(s.assortativity, -1, accuracy: 1e-12)
    }
  }

  func testDirectedCyclesAndPathsHaveOneOrEveryNodeAsStrongComponents() {
    for n in 2...30 {
      let cycle = structure(n, (0..<n).map { ($0, ($0 + 1) % n) }, directed: true)
      XCTAssertEqual(cycle.strongComponents, 1)
      XCTAssertEqual(cycle.largestStrongComponent, n)
      XCTAssertEqual(cycle.components, 1)
      let path = structure(n, (0..<(n - 1)).map { ($0, $0 + 1) }, directed: true)
      XCTAssertEqual(path.strongComponents, n)
      XCTAssertEqual(path.largestStrongComponent, 1)
      XCTAssertEqual(path.components, 1)
    }
  }

  func testTwoTrianglesSharingAnEdge() {
    // 0-1-2 and 1-2-3: two triangles; node 0 and 3 have c = 1, nodes 1 and 2 have c = 2/3.
    let s = structure(4, [(0, 1), (0, 2), (1, 2), (1, 3), (2, 3)])
    XCTAssertEqual(s.meanClustering, (1 + 1 + 2.0 / 3 + 2.0 / 3) / 4, accuracy: 1e-15)
    // Triangles 2, triples: degrees 2, 3, 3, 2 give 1 + 3 + 3 + 1 = 8; T = 3·2/8.
    XCTAssertEqual(s.transitivity, 0.75, accuracy: 1e-15)
  }

  func testEmptyGraphs() {
    let none = structure(0, [])
    XCTAssertEqual(none.components, 0)
    XCTAssertEqual(none.largestComponent, 0)
    XCTAssertTrue(none.meanClustering.isNaN)
    let isolated = structure(5, [], directed: true)
    XCTAssertEqual(isolated.components, 5)
    XCTAssertEqual(isolated.largestComponent, 1)
    XCTAssertEqual(isolated.strongComponents, 5)
    XCTAssertEqual(isolated.meanClustering, 0)
    XCTAssertTrue(isolated.assortativity.isNaN)
  }

  // MARK: - Laws on random graphs

  /// Components by breadth-first search, the slow way.
  func naiveComponents(_ n: Int, _ sources: [UInt32], _ targets: [UInt32]) -> [Int] {
    var neighbours = [[Int]](repeating: [], count: n)
    for i in sources.indices {
      neighbours[Int(sources[i])].append(Int(targets[i]))
      neighbours[Int(targets[i])].append(Int(sources[i]))
    }
    var seen = [Bool](repeating: false, count: n)
    var sizes: [Int] = []
    for start in 0..<n where !seen[start] {
      var queue = [start]
      seen[start] = true
      var k = 0
      while k < queue.count {
        for w in neighbours[queue[k]] where !seen[w] {
          seen[w] = true
          queue.append(w)
        }
        k += 1
      }
      sizes.append(queue.count)
    }
    return sizes
  }

  /// Whether every node reaches every other within each strong component, checked by reachability.
  func naiveStrongComponents(_ n: Int, _ sources: [UInt32], _ targets: [UInt32]) -> [Int] {
    var reach = [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
    for v in 0..<n { reach[v][v] = true }
    for i in sources.indices { reach[Int(sources[i])][Int(targets[i])] = true }
    for k in 0..<n { for i in 0..<n where reach[i][k] { for j in 0..<n where reach[k][j] { reach[i][j] = true } } }
    var assigned = [Bool](repeating: false, count: n)
    var sizes: [Int] = []
    for v in 0..<n where !assigned[v] {
      let members = (0..<n).filter { reach[v][$0] && reach[$0][v] }
      for m in members { assigned[m] = true }
      sizes.append(members.count)
    }
    return sizes
  }

  func testComponentsPartitionTheNodesOnRandomGraphs() {
    var mix = SplitMix64(seed: 2026)
    for trial in 0..<300 {
      let directed = trial % 2 == 0
      let (n, sources, targets) = randomArcs(&mix, directed: directed)
      let s = GraphStructure(nodeCount: n, sources: sources, targets: targets, directed: directed)
      let weak = naiveComponents(n, sources, targets)
      XCTAssertEqual(s.components, weak.count, "trial \(trial)")
      XCTAssertEqual(s.largestComponent, weak.max(), "trial \(trial)")
      XCTAssertEqual(weak.reduce(0, +), n)
      if directed {
        let strong = naiveStrongComponents(n, sources, targets)
        XCTAssertEqual(strong.reduce(0, +), n)
        XCTAssertEqual(s.strongComponents, strong.count, "trial \(trial)")
        XCTAssertEqual(s.largestStrongComponent, strong.max(), "trial \(trial)")
        // Strong components refine the weak ones.
        XCTAssertGreaterThanOrEqual(s.strongComponents!, s.components)
        XCTAssertLessThanOrEqual(s.largestStrongComponent!, s.largestComponent)
      }
      XCTAssertGreaterThanOrEqual(s.transitivity, 0)
      XCTAssertLessThanOrEqual(s.transitivity, 1)
      XCTAssertGreaterThanOrEqual(s.meanClustering, 0)
      XCTAssertLessThanOrEqual(s.meanClustering, 1)
      if !s.assortativity.isNaN {
        XCTAssertGreaterThanOrEqual(s.assortativity, -1)
        XCTAssertLessThanOrEqual(s.assortativity, 1)
      }
    }
  }

  /// Renaming the nodes, listing the arcs in another order, repeating arcs, and (undirected)
  /// writing an edge the other way round or both ways change nothing.
  func testFiguresDoNotDependOnNamesOrderOrRepeats() {
    var mix = SplitMix64(seed: 77)
    for trial in 0..<200 {
      let directed = trial % 3 == 0
      let (n, sources, targets) = randomArcs(&mix, directed: directed)
      let s = GraphStructure(nodeCount: n, sources: sources, targets: targets, directed: directed)
      var permutation = Array(0..<n)
      for i in stride(from: n - 1, to: 0, by: -1) { permutation.swapAt(i, Int.random(in: 0..<i + 1, using: &mix)) }
      var order = Array(sources.indices)
      for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int.random(in: 0..<i + 1, using: &mix)) }
      var s2: [UInt32] = []
      var t2: [UInt32] = []
      for i in order {
        var (u, v) = (UInt32(permutation[Int(sources[i])]), UInt32(permutation[Int(targets[i])]))
        if !directed && Int.random(in: 0..<2, using: &mix) == 0 { swap(&u, &v) }
        s2.append(u)
        t2.append(v)
        if Int.random(in: 0..<4, using: &mix) == 0 {  // a repeat, the other way round when undirected
          s2.append(directed ? u : v)
          t2.append(directed ? v : u)
        }
      }
      let renamed = GraphStructure(nodeCount: n, sources: s2, targets: t2, directed: directed)
      XCTAssertEqual(renamed.components, s.components)
      XCTAssertEqual(renamed.largestComponent, s.largestComponent)
      XCTAssertEqual(renamed.strongComponents, s.strongComponents)
      XCTAssertEqual(renamed.largestStrongComponent, s.largestStrongComponent)
      XCTAssertEqual(renamed.transitivity, s.transitivity, accuracy: 1e-12)
      XCTAssertEqual(renamed.meanClustering, s.meanClustering, accuracy: 1e-12)
      XCTAssertEqual(renamed.assortativity.isNaN, s.assortativity.isNaN)
      if !s.assortativity.isNaN { XCTAssertEqual(renamed.assortativity, s.assortativity, accuracy: 1e-9) }
    }
  }

  /// The disjoint union of two graphs has the components of both, and its triangles and triples
  /// add up: T = (3Δ₁ + 3Δ₂) / (τ₁ + τ₂).
  func testDisjointUnionsAddComponentsAndClustering() {
    var mix = SplitMix64(seed: 5)
    for _ in 0..<100 {
      let a = randomArcs(&mix, directed: false)
      let b = randomArcs(&mix, directed: false)
      let sa = GraphStructure(nodeCount: a.n, sources: a.sources, targets: a.targets, directed: false)
      let sb = GraphStructure(nodeCount: b.n, sources: b.sources, targets: b.targets, directed: false)
      let shift = UInt32(a.n)
      let union = GraphStructure(
        nodeCount: a.n + b.n, sources: a.sources + b.sources.map { $0 + shift },
        targets: a.targets + b.targets.map { $0 + shift }, directed: false)
      XCTAssertEqual(union.components, sa.components + sb.components)
      XCTAssertEqual(union.largestComponent, max(sa.largestComponent, sb.largestComponent))
      XCTAssertEqual(
        union.meanClustering, (sa.meanClustering * Double(a.n) + sb.meanClustering * Double(b.n)) / Double(a.n + b.n),
        accuracy: 1e-12)
    }
  }

  // MARK: - networkx

  /// The rows of ``GraphStats`` on generated two-sided, two-layer graphs (one layer directed, one
  /// not) against networkx 3 on the same edges: per layer and the union of the layers, per side
  /// (the induced subgraph) and over every node. Skipped when python3 has no networkx.
  func testStatsMatchNetworkxOnGeneratedMultiLayerGraphs() throws {
    let probe = try python(["-c", "import networkx"])
    try XCTSkipIf(probe.status != 0, "python3 has no networkx")
    var mix = SplitMix64(seed: 42)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("boca-structure-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for trial in 0..<6 {
      let n = 60 + Int.random(in: 0..<140, using: &mix)
      let sideOf = (0..<n).map { _ in UInt16(Int.random(in: 0..<3, using: &mix) == 0 ? 1 : 0) }
      var graph = MultiplexGraph(nodeCount: n, sideNames: ["buyer", "seller"], nodeSide: sideOf)
      var lines = ["layer,directed,source,target"]
      for (name, directed, p) in [("follow", true, 0.03), ("talk", false, 0.05)] {
        var sources: [UInt32] = []
        var targets: [UInt32] = []
        for u in 0..<n {
          for v in 0..<n
          where u != v && (directed || u < v) && Double.random(in: 0..<1, using: &mix) < p * (1 + Double(trial % 2)) {
            sources.append(UInt32(u))
            targets.append(UInt32(v))
            lines.append("\(name),\(directed ? 1 : 0),\(u),\(v)")
          }
        }
        // Triangles for the clustering: close some wedges of the undirected layer.
        if !directed {
          for _ in 0..<(n / 4) {
            let a = Int.random(in: 0..<n, using: &mix)
            let b = Int.random(in: 0..<n, using: &mix)
            let c = Int.random(in: 0..<n, using: &mix)
            guard a != b, b != c, a != c else { continue }
            for (u, v) in [(a, b), (b, c), (a, c)] {
              sources.append(UInt32(u))
              targets.append(UInt32(v))
              lines.append("\(name),0,\(u),\(v)")
            }
          }
        }
        _ = try graph.addLayer(name: name, directed: directed, sources: sources, targets: targets)
      }
      let edges = folder.appendingPathComponent("edges\(trial).csv")
      let sides = folder.appendingPathComponent("sides\(trial).csv")
      try (lines.joined(separator: "\n") + "\n").write(to: edges, atomically: true, encoding: .utf8)
      try ("node,side\n" + (0..<n).map { "\($0),\(graph.sideNames[Int(sideOf[$0])])" }.joined(separator: "\n") + "\n")
        .write(to: sides, atomically: true, encoding: .utf8)
      let r = try python(["-c", Self.networkxScript, edges.path, sides.path])
      XCTAssertEqual(r.status, 0, r.stderr)
      let expected = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: [String: Any]] ?? [:]
      let rows = GraphStats.rows(of: graph)
      XCTAssertEqual(rows.count, expected.count, "trial \(trial)")
      for row in rows {
        let key = "\(row.layer)/\(row.side)"
        guard let e = expected[key], let s = row.structure else {
          XCTFail("trial \(trial): no networkx figures or no structure for \(key)")
          continue
        }
        XCTAssertEqual(s.components, (e["components"] as? NSNumber)?.intValue, "\(trial) \(key)")
        XCTAssertEqual(s.largestComponent, (e["largest"] as? NSNumber)?.intValue, "\(trial) \(key)")
        XCTAssertEqual(s.strongComponents, (e["strong"] as? NSNumber)?.intValue, "\(trial) \(key)")
        XCTAssertEqual(s.largestStrongComponent, (e["largest_strong"] as? NSNumber)?.intValue, "\(trial) \(key)")
        for (name, value) in [
          ("transitivity", s.transitivity), ("clustering", s.meanClustering), ("assortativity", s.assortativity),
        ] {
          let theirs = (e[name] as? NSNumber)?.doubleValue ?? .nan  // JSON null: networkx's nan
          XCTAssertEqual(value.isNaN, theirs.isNaN, "\(trial) \(key) \(name): \(value) vs \(theirs)")
          if !value.isNaN && !theirs.isNaN {
            XCTAssertEqual(value, theirs, accuracy: 1e-9, "\(trial) \(key) \(name)")
          }
        }
      }
    }
  }

  /// Reads `layer,directed,source,target` and `node,side`; prints per "layer/side" the figures
  /// (layer "all" is the union, a DiGraph when a layer is directed; side "all" every node).
  static let networkxScript = """
    import csv, json, math, sys, warnings
    import networkx as nx
    warnings.simplefilter("ignore")
    sides = {int(r["node"]): r["side"] for r in csv.DictReader(open(sys.argv[2]))}
    nodes = sorted(sides)
    layers, directed = {}, {}
    for r in csv.DictReader(open(sys.argv[1])):
        layers.setdefault(r["layer"], []).append((int(r["source"]), int(r["target"])))
        directed[r["layer"]] = r["directed"] == "1"
    def build(names):
        d = any(directed[x] for x in names)
        g = nx.DiGraph() if d else nx.Graph()
        g.add_nodes_from(nodes)
        for x in names:
            for u, v in layers[x]:
                g.add_edge(u, v)
                if d and not directed[x]:
                    g.add_edge(v, u)
        return g
    def figures(g):
        u = g.to_undirected()
        comps = [len(c) for c in nx.connected_components(u)]
        out = {"components": len(comps), "largest": max(comps) if comps else 0,
               "transitivity": nx.transitivity(u), "clustering": nx.average_clustering(u) if len(u) else None}
        if g.is_directed():
            strong = [len(c) for c in nx.strongly_connected_components(g)]
            out["strong"], out["largest_strong"] = len(strong), max(strong)
        try:
            a = nx.degree_assortativity_coefficient(g)
        except Exception:
            a = float("nan")
        out["assortativity"] = None if a is None or math.isnan(a) else a
        return out
    side_names = sorted(set(sides.values()), key=lambda s: min(n for n in nodes if sides[n] == s))
    result = {}
    order = list(layers) + ["all"]
    for name in order:
        g = build(list(layers) if name == "all" else [name])
        for s in side_names + ["all"]:
            h = g if s == "all" else g.subgraph([n for n in nodes if sides[n] == s])
            result[name + "/" + s] = figures(h)
    print(json.dumps(result))
    """

  func python(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
  }
}
