import Foundation
import XCTest

/// `boca validate` refuses exactly what `boca run` refuses: it builds (or reads) the graph and
/// sets every point and arm up on it through the check run itself makes.
final class ValidateCLITests: CLITestCase {
  /// The acceptance case: sides without columns the model reads (brand has no `activity`, buyer
  /// no `credibility`). validate refuses it, naming each side, column and key path, with the
  /// line of the side (main accepted it, and run then failed with `model.activity: … found nan`
  /// at the model's name).
  func testValidateNamesTheSideThatLacksAColumnTheModelReads() throws {
    let file = try write(
      """
      name: nocol
      replicates: 10
      steps: 5
      graph:
        sides:
          buyer: {count: 200, activity: {beta: [2, 8]}}
          brand: {count: 1, credibility: 0.2}
        layers: {social: {generate: {ba: {m: 2}}}}
      model: {name: wom, p: 0.01, q: 0.3}
      seeds: {policy: random, k: 2, side: buyer}
      """, "nocol.yaml")
    let v = try boca(["validate", file])
    XCTAssertNotEqual(v.status, 0, v.stdout)
    for word in [
      "graph.sides.brand", "`activity`", "side brand has none", "nocol.yaml:7:", "graph.sides.buyer:", "`credibility`",
    ] {
      XCTAssertTrue(v.stderr.contains(word), "missing \(word) in: \(v.stderr)")
    }
    let r = try boca(["run", file, "--out", scratch.appendingPathComponent("out").path, "--quiet"])
    XCTAssertNotEqual(r.status, 0)
    XCTAssertTrue(r.stderr.contains("graph.sides.brand"), r.stderr)
    XCTAssertEqual(try boca(["validate", "--no-graph", file]).status, 0, "--no-graph checks only the file")
    XCTAssertNotEqual(try boca(["validate", "--graph", file]).status, 0, "--graph is still accepted (a no-op)")
  }

  /// `seeds_b` names nodes of the real graph: an id other than 0 validates and runs (the
  /// parse-time check built the model on a stand-in graph of one node per side and refused every
  /// other id; found by the generated suite), and an id the graph lacks is refused by both at
  /// `model.seeds_b`.
  func testCompetingSeedsOfBAreCheckedOnTheRealGraph() throws {
    func scenario(_ id: Int) throws -> String {
      try write(
        """
        name: competing
        seed: 5
        replicates: 3
        steps: 4
        graph:
          sides: {consumer: {count: 8}}
          layers: {market: {generate: {er: {p: 0.3}}}}
        model: {name: competing-ic, p_a: 0.4, p_b: 0.2, seeds_b: "\(id)"}
        """, "competing-\(id).yaml")
    }
    let ok = try scenario(7)
    let v0 = try boca(["validate", ok])
    XCTAssertEqual(v0.status, 0, v0.stderr)
    XCTAssertEqual(try boca(["run", ok, "--out", scratch.appendingPathComponent("ok").path, "--quiet"]).status, 0)
    let bad = try scenario(8)
    let v1 = try boca(["validate", bad])
    XCTAssertNotEqual(v1.status, 0)
    XCTAssertTrue(v1.stderr.contains("model.seeds_b"), v1.stderr)
    let r1 = try boca(["run", bad, "--out", scratch.appendingPathComponent("bad").path, "--quiet"])
    XCTAssertNotEqual(r1.status, 0)
    XCTAssertTrue(r1.stderr.contains("model.seeds_b"), r1.stderr)
  }

  /// `lurkers: b` on a scenario with side b validates and runs (main refused it everywhere: the
  /// parse-time check ran on a stand-in graph without sides); a side that does not exist is
  /// refused by both, at `model.lurkers`.
  func testLurkersOnASideOfTheScenarioValidateAndRun() throws {
    func scenario(_ side: String) throws -> String {
      try write(
        """
        name: lurk
        seed: 3
        replicates: 2
        steps: 3
        graph:
          sides: {a: {count: 50}, b: {count: 50}}
          layers: {l: {generate: {er: {p: 0.05}}}}
        model: {name: wom, p: 0.01, q: 0.3, chi: 1, lurkers: \(side), lambda: 0.1}
        """, "lurk-\(side).yaml")
    }
    let ok = try scenario("b")
    let v0 = try boca(["validate", ok])
    XCTAssertEqual(v0.status, 0, v0.stderr)
    XCTAssertEqual(try boca(["run", ok, "--out", scratch.appendingPathComponent("b").path, "--quiet"]).status, 0)
    let bad = try scenario("c")
    let v = try boca(["validate", bad])
    XCTAssertNotEqual(v.status, 0)
    XCTAssertTrue(v.stderr.contains("model.lurkers"), v.stderr)
    XCTAssertNotEqual(try boca(["run", bad, "--out", scratch.appendingPathComponent("c").path, "--quiet"]).status, 0)
  }

  /// On a loaded graph, seed ids that are not in it and per-layer keys that name no layer of it
  /// are refused by validate, as run refuses them (main validated both).
  func testValidateChecksSeedIdsAndLayerNamesAgainstALoadedGraph() throws {
    _ = try write("node,group\n0,a\n1,a\n2,a\n3,b\n4,b\n", "nodes.csv")
    _ = try write("source,target,layer\n0,1,x\n1,2,x\n2,3,y\n3,4,y\n4,0,x\n", "edges.csv")
    func scenario(_ model: String, _ seeds: String) throws -> String {
      try write(
        """
        name: loaded
        replicates: 2
        graph: {load: {nodes: nodes.csv, edges: edges.csv, side_column: group}}
        model: \(model)
        seeds: \(seeds)
        """, "loaded.yaml")
    }
    let cases: [(model: String, seeds: String, ok: Bool, says: String)] = [
      ("{name: ic, p: 0.2}", "{nodes: [0, 4]}", true, ""),
      ("{name: ic, p: 0.2}", "{nodes: [0, 99]}", false, "node 99"),
      ("{name: ic, p: {x: 0.2, z: 0.1}}", "{nodes: [0]}", false, "p.z"),
      ("{name: ic, p: 0.2, layers: [y, w]}", "{nodes: [0]}", false, "'w'"),
      ("{name: ic, p: 0.2}", "{policy: random, k: 1, side: c}", false, "seeds.side"),
    ]
    for c in cases {
      let file = try scenario(c.model, c.seeds)
      let v = try boca(["validate", file])
      let r = try boca(["run", file, "--out", scratch.appendingPathComponent("o-\(UUID())").path, "--quiet"])
      XCTAssertEqual(v.status == 0, c.ok, "\(c): \(v.stderr)")
      XCTAssertEqual(r.status == 0, c.ok, "\(c): \(r.stderr)")
      if !c.ok { XCTAssertTrue(v.stderr.contains(c.says), "\(c): \(v.stderr)") }
      XCTAssertEqual(try boca(["validate", "--no-graph", file]).status, 0, "\(c): --no-graph does not read the files")
    }
  }

  /// Design points that coincide (an LHS over a count with more points than whole numbers in its
  /// range) are reported on standard error, naming the points; the scenario is still valid.
  func testDuplicateDesignPointsAreReported() throws {
    let file = try write(
      """
      name: dup
      seed: 3
      replicates: 2
      graph:
        sides: {a: {count: 30}}
        layers: {l: {generate: {er: {p: 0.1}}}}
      model: {name: ic, p: 0.1}
      seeds: {policy: random, k: 1}
      sweep:
        design: lhs
        n: 5
        seeds.k: {range: [1, 2]}
      """, "dup.yaml")
    let v = try boca(["validate", file])
    XCTAssertEqual(v.status, 0, v.stderr)
    XCTAssertTrue(v.stderr.contains("warning:") && v.stderr.contains("are the same (seeds.k = "), v.stderr)
  }

  // MARK: - Generated: validate accepts ⇔ run accepts

  /// One generated scenario: a base (generated graph with optional columns per side, or a
  /// loaded graph) and a list of mutations, each of which may make it invalid once the graph
  /// exists (a column dropped from a side, a layer or side or seed id that does not exist, a
  /// sweep point or arm override that breaks it).
  struct Case: CustomStringConvertible {
    var loaded: Bool
    var model: String
    var columns: [Bool]  // per side a, b: whether it has `activity`
    var mutations: [String]

    var description: String { text }

    var text: String {
      var model: [String] =
        self.model == "wom" ? ["name: wom", "p: 0.05", "q: 0.3"] : ["name: \(self.model)", "p: 0.1"]
      var top: [String] = []
      var seeds = ""
      var arms: [String] = []
      var sweep: [String] = []
      for m in mutations {
        let (kind, value) = (String(m.split(separator: "=")[0]), String(m.split(separator: "=").dropFirst().joined()))
        switch kind {
        case "model": model.append(value)
        case "seeds": seeds = value
        case "arm": arms.append(value)
        case "sweep": sweep.append(value)
        default: top.append(value)
        }
      }
      let graph: String
      if loaded {
        graph = "graph: {load: {nodes: nodes.csv, edges: edges.csv, side_column: group}}"
      } else {
        let a = columns[0] ? ", activity: {beta: [2, 8]}" : ""
        let b = columns[1] ? ", activity: 0.5" : ""
        graph = """
          graph:
            sides: {a: {count: 30\(a)}, b: {count: 6\(b)}}
            layers: {l1: {generate: {ba: {m: 2}}}, l2: {generate: {er: {p: 0.1}}, sides: [a]}}
          """
      }
      var lines = [
        "name: gen", "seed: 5", "replicates: 2", "steps: 4", graph, "model: {\(model.joined(separator: ", "))}",
      ]
      if !seeds.isEmpty { lines.append("seeds: \(seeds)") }
      lines += top
      if !arms.isEmpty { lines.append("arms:\n  base: {}\n" + arms.map { "  \($0)" }.joined(separator: "\n")) }
      if !sweep.isEmpty { lines.append("sweep:\n" + sweep.map { "  \($0)" }.joined(separator: "\n")) }
      return lines.joined(separator: "\n") + "\n"
    }
  }

  /// Mutations that may or may not be valid depending on the graph; `{L}` is a layer of the
  /// graph (l1 generated, x loaded), `{S}` a side (b).
  static let mutationPool = [
    "model=lurkers: b", "model=lurkers: zz", "model=lambda: 0.2",
    "model=strength: {{L}: 2, nosuch: 1}", "model=strength: {{L}: 0.5}",
    "model=layers: [{L}]", "model=layers: [nosuch]",
    "seeds={nodes: [0, 3]}", "seeds={nodes: [0, 999]}", "seeds={policy: random, k: 2, side: b}",
    "seeds={policy: random, k: 2, side: zz}", "seeds={policy: random, k: 40, side: b}",
    "seeds={policy: degree, k: 3}",
    "arm=lurk: {model.lurkers: b}", "arm=lurkzz: {model.lurkers: zz}", "arm=side: {seeds.side: zz}",
    "arm=big: {seeds.k: 500}",
    "sweep=seeds.k: [1, 500]", "sweep=model.q: {range: [0, 1], steps: 2}",
    "sweep=graph.layers.l1.generate.ba.m: [2, 40]", "arm=dense: {graph.layers.l1.generate.ba.m: 50}",
    "arm=bside: {graph.sides.b.count: 2}", "model=chi: 2",
  ]

  static func generate(_ rng: inout SplitMix) -> Case {
    let loaded = rng.next(4) == 0
    var c = Case(
      loaded: loaded, model: rng.next(3) == 0 ? "ic" : "wom", columns: [rng.next(3) > 0, rng.next(3) == 0],
      mutations: [])
    for _ in 0..<rng.next(4) {
      let m = mutationPool[rng.next(mutationPool.count)].replacingOccurrences(of: "{L}", with: loaded ? "x" : "l1")
      if !c.mutations.contains(m) { c.mutations.append(m) }
    }
    return c
  }

  struct SplitMix {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Int((z ^ (z >> 31)) % UInt64(n))
    }
  }

  /// (validate accepted, run accepted, validate's stderr) for one case.
  func outcomes(_ c: Case, _ i: Int) throws -> (Bool, Bool, String) {
    let dir = scratch.appendingPathComponent("case\(i)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    // Loaded graph: sides a (nodes 0-3) and b (4-5); `activity` missing on side b's rows when
    // the case drops that column.
    let activity = c.columns[1] ? "0.5" : ""
    try "node,group,activity\n0,a,0.2\n1,a,0.4\n2,a,0.6\n3,a,0.8\n4,b,\(activity)\n5,b,\(activity)\n".write(
      to: dir.appendingPathComponent("nodes.csv"), atomically: true, encoding: .utf8)
    try "source,target,layer\n0,1,x\n1,2,x\n2,3,y\n3,4,y\n4,5,x\n5,0,y\n".write(
      to: dir.appendingPathComponent("edges.csv"), atomically: true, encoding: .utf8)
    let file = dir.appendingPathComponent("s.yaml")
    try c.text.write(to: file, atomically: true, encoding: .utf8)
    let v = try boca(["validate", file.path])
    let r = try boca(["run", file.path, "--out", dir.appendingPathComponent("out").path, "--quiet", "--threads", "1"])
    return (v.status == 0, r.status == 0, v.stderr + r.stderr)
  }

  /// For many generated scenarios, validate accepts exactly when run accepts. A mismatch is
  /// shrunk (mutations dropped while it persists) and the smallest scenario printed.
  /// `BOCA_GENERATED_CASES` sets the number of cases (default 40).
  func testValidateAcceptsExactlyWhatRunAccepts() throws {
    let count = ProcessInfo.processInfo.environment["BOCA_GENERATED_CASES"].flatMap(Int.init) ?? 40
    var rng = SplitMix(state: 20_261_130)
    var accepted = 0
    var refused = 0
    for i in 0..<count {
      var c = Self.generate(&rng)
      var (v, r, log) = try outcomes(c, i)
      if v == r {
        if r { accepted += 1 } else { refused += 1 }
        continue
      }
      var shrinking = true
      while shrinking {
        shrinking = false
        for k in c.mutations.indices {
          var smaller = c
          smaller.mutations.remove(at: k)
          let o = try outcomes(smaller, 10_000 + i)
          if o.0 != o.1 {
            (c, v, r, log) = (smaller, o.0, o.1, o.2)
            shrinking = true
            break
          }
        }
      }
      XCTFail(
        "case \(i): validate \(v ? "accepts" : "refuses") but run \(r ? "accepts" : "refuses")"
          + " (loaded: \(c.loaded)):\n\(c.text)\n\(log)")
    }
    print("validate ⇔ run: \(count) generated cases, \(accepted) accepted by both, \(refused) refused by both")
    // The generator must make both kinds, or the property says nothing.
    XCTAssertGreaterThan(accepted, count / 8, "accepted \(accepted), refused \(refused)")
    XCTAssertGreaterThan(refused, count / 8, "accepted \(accepted), refused \(refused)")
  }
}
