import BocaGraph
import BocaRandom
import XCTest

@testable import BocaModels

/// The word-of-mouth model: its reductions to Bass (replicate for replicate) and to IC (in law),
/// the monotone brand credibility without negative word of mouth, and the direction of each
/// mechanism.
///
/// Mechanism tests compare two arms on common random numbers (replicate r of both arms uses the
/// same seed) and look at the paired differences d_r of the final adopted fraction. Their mean has
/// standard error SE = sd(d)/√R; each test asserts the documented sign with |d̄| > 4 SE. With no
/// effect d̄/SE is about N(0, 1) (R = 400, CLT), so a false pass has probability 3·10⁻⁵; the effects
/// chosen are large (mechanism at a clearly non-zero value), so a correct model passes by a wide
/// margin, and a mechanism wired with the wrong sign fails.
final class WordOfMouthTests: XCTestCase {
  static let stepsRun = 10

  /// ER graph, n = 1,000, mean degree 8, two sides: nodes 0..<800 `consumer`, 800..<1000 `prosumer`.
  static func twoSidedGraph(n: Int = 1000, meanDegree: Double = 8, seed: UInt32 = 42) throws -> MultiplexGraph {
    let rng = try RandomGenerator(seed: seed)
    let edges = try Generators.erdosRenyi(n: n, p: meanDegree / Double(n - 1), rng: rng)
    let sides = (0..<n).map { UInt16($0 < n * 4 / 5 ? 0 : 1) }
    var g = MultiplexGraph(nodeCount: n, sideNames: ["consumer", "prosumer"], nodeSide: sides)
    try edges.addLayer(to: &g, name: "er")
    return g
  }

  static func base() -> WordOfMouth.Parameters {
    var x = WordOfMouth.Parameters()
    x.p = 0.01
    x.q = 0.4
    return x
  }

  /// Final adopted fraction of each replicate, replicate r seeded with RandomSeedDerivation(root, r).
  static func finals(
    _ model: any DiffusionModel, seeds: [UInt32] = [], steps: Int = stepsRun, replicates: Int = 400, root: UInt64 = 3,
    check: ((ReplicateTrace) -> Void)? = nil
  ) throws -> [Double] {
    let simulator = model.makeSimulator()
    var trace = ReplicateTrace(recording: check != nil)
    let rng = try RandomGenerator(seed: 1)
    var values: [Double] = []
    for r in 0..<replicates {
      rng.reseed(RandomSeedDerivation.seed(root: root, scenarioHash: 0, point: 0, replicate: r))
      values.append(Double(simulator.run(seeds: seeds, rng: rng, horizon: steps, trace: &trace)))
      check?(trace)
    }
    return values
  }

  /// Mean and standard error of the paired differences (arm b − arm a) of the final adopted fraction.
  static func paired(
    _ a: WordOfMouth.Parameters, _ b: WordOfMouth.Parameters, graph: MultiplexGraph, strengthsB: [Double]? = nil,
    graphB: MultiplexGraph? = nil
  ) throws -> (mean: Double, se: Double) {
    let fa = try finals(try WordOfMouth(graph: graph, parameters: a))
    let gb = graphB ?? graph
    let fb = try finals(
      try WordOfMouth(graph: gb, layers: Array(gb.layers.indices), strengths: strengthsB, parameters: b))
    let n = Double(graph.nodeCount)
    let d = zip(fa, fb).map { ($1 - $0) / n }
    let mean = d.reduce(0, +) / Double(d.count)
    let variance = d.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / Double(d.count - 1)
    return (mean, (variance / Double(d.count)).squareRoot())
  }

  func assertRaises(_ d: (mean: Double, se: Double), _ what: String, file: StaticString = #filePath, line: UInt = #line)
  {
    XCTAssertGreaterThan(d.mean, 4 * d.se, "\(what): paired difference \(d.mean) ± \(d.se)", file: file, line: line)
  }

  func assertLowers(_ d: (mean: Double, se: Double), _ what: String, file: StaticString = #filePath, line: UInt = #line)
  {
    XCTAssertLessThan(d.mean, -4 * d.se, "\(what): paired difference \(d.mean) ± \(d.se)", file: file, line: line)
  }

  // MARK: - Reductions

  /// (a) With every mechanism off, `wom` is network Bass replicate for replicate: the same seed gives
  /// the same adopters in the same order and the same step ends, on an undirected and a directed
  /// layer together, with and without seeds, for an explicit horizon and for the default one.
  func testAllMechanismsOffIsBassReplicateForReplicate() throws {
    let rng = try RandomGenerator(seed: 9)
    var g = MultiplexGraph(nodeCount: 2000)
    try Generators.erdosRenyi(n: 2000, p: 0.003, rng: rng).addLayer(to: &g, name: "u")
    try Generators.erdosRenyi(n: 2000, p: 0.002, directed: true, rng: rng).addLayer(to: &g, name: "d")
    var tb = ReplicateTrace(recording: true)
    var tw = ReplicateTrace(recording: true)
    let rb = try RandomGenerator(seed: 1)
    let rw = try RandomGenerator(seed: 1)
    var total = 0
    // p > 0 (pressed non-adopters one by one, the others by skipping), p > 0 with p + q below
    // Bass.thinningThreshold (pressed non-adopters thinned too), and p = 0 (only pressed ones).
    for (p, q, seeds, horizon) in [
      (0.01, 0.35, [UInt32](), 25 as Int?), (0.01, 0.35, [0, 7, 7, 1999], nil), (0.01, 0.1, [0, 7], 40),
      (0, 0.35, [3, 50, 900], 30),
    ] {
      let bass = try Bass(graph: g, p: p, q: q).makeSimulator()
      let wom = try ModelRegistry.make(
        name: "wom", graph: g, parameters: ModelParameters(values: ["p": p, "q": q])
      ).makeSimulator()
      for r in 0..<200 {
        let seed = RandomSeedDerivation.seed(root: 17, scenarioHash: 0, point: 0, replicate: r)
        rb.reseed(seed)
        rw.reseed(seed)
        let sb = bass.run(seeds: seeds, rng: rb, horizon: horizon, trace: &tb)
        let sw = wom.run(seeds: seeds, rng: rw, horizon: horizon, trace: &tw)
        XCTAssertEqual(sb, sw, "p \(p), replicate \(r)")
        XCTAssertEqual(tb.order, tw.order, "p \(p), replicate \(r)")
        XCTAssertEqual(tb.stepEnds, tw.stepEnds, "p \(p), replicate \(r)")
        total += sb
      }
    }
    // Not a vacuous comparison: adoption happened, and both generators were left in the same state.
    XCTAssertGreaterThan(total, 3 * 200 * 2000 / 10)
    XCTAssertEqual(rb.next(), rw.next())
  }

  /// (b) With p = q = 0 and only the viral cascade on (π_c = 0.1), `wom` is IC with p = 0.1: mean
  /// spread on the peer BA graph (n = 10⁴) from the peer seeds agrees with ``IndependentCascade``
  /// (independent replicate seeds) at |z| < 4 with 10⁴ replicates each (the peer README's
  /// statistic and threshold; z ≈ N(0, 1) under agreement), and with cynetdiff's figure.
  func testCascadeOnlyIsIndependentCascade() throws {
    let row = try PeerFixtures.row("a2_ba10k_ic_p0.1.csv", tool: "cynetdiff", model: "IC")
    let (graph, _) = try EdgeListReader.read(path: PeerFixtures.graphPath, directed: false)
    let pic = try XCTUnwrap(row.parameter("p"))
    let seeds = graph.internalIDs(of: row.seedNodes).map { $0! }
    var x = WordOfMouth.Parameters()
    x.pic = pic
    let replicates = 10_000
    let wom = try Self.finals(
      try WordOfMouth(graph: graph, parameters: x), seeds: seeds, steps: 100_000, replicates: replicates, root: 21)
    let ic = try Self.finals(
      try IndependentCascade(graph: graph, p: pic), seeds: seeds, steps: 100_000, replicates: replicates, root: 22)
    func stats(_ v: [Double]) -> (Double, Double) {
      let m = v.reduce(0, +) / Double(v.count)
      return (m, (v.reduce(0.0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot())
    }
    let (mw, sw) = stats(wom)
    let (mi, si) = stats(ic)
    let z = (mw - mi) / (sw * sw / Double(replicates) + si * si / Double(replicates)).squareRoot()
    XCTAssertLessThan(abs(z), 4, "wom \(mw) ± \(sw) vs ic \(mi) ± \(si): z = \(z)")
    let zPeer = PeerFixtures.z(mean: mw, sd: sw, replicates: Double(replicates), against: row)
    XCTAssertLessThan(abs(zPeer), 4, "wom \(mw) vs cynetdiff \(row.mean): z = \(zPeer)")
    XCTAssertGreaterThan(mw, Double(seeds.count) * 2, "the cascade spreads")
    // Stronger than asked: the cascade phase draws exactly as `ic` does, so with the same seed the
    // two activate the same nodes in the same order.
    let womSim = try WordOfMouth(graph: graph, parameters: x).makeSimulator()
    let icSim = try IndependentCascade(graph: graph, p: pic).makeSimulator()
    var tw = ReplicateTrace(recording: false)
    var ti = ReplicateTrace(recording: false)
    let rw = try RandomGenerator(seed: 1)
    let ri = try RandomGenerator(seed: 1)
    for r in 0..<200 {
      rw.reseed(UInt32(r + 1))
      ri.reseed(UInt32(r + 1))
      _ = womSim.run(seeds: seeds, rng: rw, horizon: 100_000, trace: &tw)
      _ = icSim.run(seeds: seeds, rng: ri, horizon: 100_000, trace: &ti)
      XCTAssertEqual(tw.order, ti.order, "replicate \(r)")
    }
  }

  /// (c) With negative word of mouth off (ε = 0) and every other mechanism on — loss included —
  /// brand credibility never decreases on any step of any of 500 replicates, and it does rise. The
  /// same check with ε > 0 finds decreases, so it can fail.
  func testCredibilityNeverFallsWithoutNegativeWordOfMouth() throws {
    let g = try Self.twoSidedGraph()
    var x = Self.base()
    x.initialCredibility = 0.2
    x.gain = 0.3
    x.loss = 0.5
    x.pic = 0.02
    x.promoter = 0.5
    x.reward = 0.2
    x.crowding = 1
    x.crowdingThreshold = 0.1
    x.moderation = 0.5
    x.responsiveness = 0.5
    x.lurkerSide = "prosumer"
    x.lurkerConversion = 0.2
    x.crossSide = 1
    x.forgetting = 0.1
    let column = WordOfMouthSimulator.stateNames.firstIndex(of: "credibility_ppm")!
    let k = WordOfMouthSimulator.stateNames.count
    func credibilitySteps(_ trace: ReplicateTrace) -> [Int] {
      (0..<trace.stepCount).map { trace.stateCounts[$0 * k + column] }
    }
    var decreases = 0
    var finalSum = 0.0
    _ = try Self.finals(try WordOfMouth(graph: g, parameters: x), steps: 30, replicates: 500) { trace in
      let c = credibilitySteps(trace)
      XCTAssertEqual(c.first, 200_000)
      for t in 1..<c.count where c[t] < c[t - 1] { decreases += 1 }
      finalSum += Double(c.last!) / 1e6
    }
    XCTAssertEqual(decreases, 0)
    XCTAssertGreaterThan(finalSum / 500, 0.3, "credibility rises from 0.2")
    // ε = 0.3: about one decrease per replicate (ε = 0.1 gives about one per 300 replicates, too
    // rare for 100 replicates to show reliably).
    x.agitation = 0.3
    var withNegatives = 0
    _ = try Self.finals(try WordOfMouth(graph: g, parameters: x), steps: 30, replicates: 100) { trace in
      let c = credibilitySteps(trace)
      for t in 1..<c.count where c[t] < c[t - 1] { withNegatives += 1 }
    }
    XCTAssertGreaterThan(withNegatives, 0)
  }

  // MARK: - Mechanisms, one at a time against the Bass baseline

  /// Brand credibility: a low C(0) lowers adoption (it scales q); the gain feedback raises it back.
  func testCredibilityScalesWordOfMouthAndGainFeedsBack() throws {
    let g = try Self.twoSidedGraph()
    var low = Self.base()
    low.initialCredibility = 0.3
    assertLowers(try Self.paired(Self.base(), low, graph: g), "C0 = 0.3 vs 1")
    var feedback = low
    feedback.gain = 0.5
    assertRaises(try Self.paired(low, feedback, graph: g), "gain 0.5 vs 0 at C0 = 0.3")
  }

  /// Negative word of mouth: agitators (ε = 0.05) lower final adoption; credibility loss lowers it
  /// further.
  func testAgitatorsAndCredibilityLossLowerAdoption() throws {
    let g = try Self.twoSidedGraph()
    var negative = Self.base()
    negative.agitation = 0.05
    assertLowers(try Self.paired(Self.base(), negative, graph: g), "eps 0.05 vs 0")
    var lossy = negative
    lossy.loss = 0.8
    assertLowers(try Self.paired(negative, lossy, graph: g), "loss 0.8 vs 0 with agitators")
  }

  /// Promoter moderation (μ = 1) and listening (r = 0.5) each raise adoption when agitators talk.
  func testModerationAndListeningRaiseAdoption() throws {
    let g = try Self.twoSidedGraph()
    var negative = Self.base()
    negative.agitation = 0.05
    var moderated = negative
    moderated.moderation = 1
    assertRaises(try Self.paired(negative, moderated, graph: g), "mu 1 vs 0")
    var listening = negative
    listening.responsiveness = 0.5
    assertRaises(try Self.paired(negative, listening, graph: g), "r 0.5 vs 0")
    var responses = 0
    let column = WordOfMouthSimulator.stateNames.firstIndex(of: "responses")!
    _ = try Self.finals(try WordOfMouth(graph: g, parameters: listening), replicates: 20) { trace in
      responses += trace.stateCounts[(trace.stepCount - 1) * WordOfMouthSimulator.stateNames.count + column]
    }
    XCTAssertGreaterThan(responses, 0, "answers are counted")
  }

  /// Rewards: π(R) = clamp(π + R − κ (R − R*)⁺) exactly; a reward raises adoption when few adopters
  /// promote (π = 0.3), and crowding-out (κ = 1.5 past R* = 0.3) lowers it at a high reward.
  func testRewardsRaiseAdoptionAndCrowdingOutLowersIt() throws {
    var x = WordOfMouth.Parameters()
    x.promoter = 0.3
    x.crowdingThreshold = 0.3
    x.crowding = 1.5
    x.reward = 0.3
    XCTAssertEqual(x.promoterProbability, 0.6, accuracy: 1e-12)
    x.reward = 0.8
    XCTAssertEqual(x.promoterProbability, 0.35, accuracy: 1e-12)
    x.reward = 1
    XCTAssertEqual(x.promoterProbability, 0.25, accuracy: 1e-12)

    let g = try Self.twoSidedGraph()
    var few = Self.base()
    few.promoter = 0.3
    var rewarded = few
    rewarded.reward = 0.3
    assertRaises(try Self.paired(few, rewarded, graph: g), "R 0.3 vs 0 at pi 0.3")
    var high = few
    high.reward = 0.8
    high.crowdingThreshold = 0.3
    var crowded = high
    crowded.crowding = 1.5
    assertLowers(try Self.paired(high, crowded, graph: g), "kappa 1.5 vs 0 at R 0.8")
  }

  /// Lurkers: a silent side lowers adoption; conversion to talking (λ = 0.3) raises it again.
  func testLurkersListenWithoutTalkingUntilTheyConvert() throws {
    let g = try Self.twoSidedGraph()
    var lurking = Self.base()
    lurking.lurkerSide = "prosumer"
    assertLowers(try Self.paired(Self.base(), lurking, graph: g), "prosumers lurk vs talk")
    var converting = lurking
    converting.lurkerConversion = 0.3
    assertRaises(try Self.paired(lurking, converting, graph: g), "lambda 0.3 vs 0")
    lurking.lurkerSide = "nobody"
    XCTAssertInvalidParameter(try WordOfMouth(graph: g, parameters: lurking), model: "wom", key: "lurkers")
  }

  /// Cross-side network effect: χ = 3 raises adoption on a two-sided graph.
  func testCrossSideEffectRaisesAdoption() throws {
    let g = try Self.twoSidedGraph()
    var cross = Self.base()
    cross.crossSide = 3
    assertRaises(try Self.paired(Self.base(), cross, graph: g), "chi 3 vs 0")
  }

  /// Forgetting (f = 0.3: talkers stop talking) lowers adoption.
  func testForgettingLowersAdoption() throws {
    let g = try Self.twoSidedGraph()
    var forgetful = Self.base()
    forgetful.forgetting = 0.3
    assertLowers(try Self.paired(Self.base(), forgetful, graph: g), "f 0.3 vs 0")
  }

  /// Node activity from the graph's `activity` column (0.3 everywhere) lowers adoption; channel
  /// strength 2 on the layer raises it; the viral cascade (π_c = 0.05) raises it.
  func testActivityStrengthAndCascadeMoveAdoption() throws {
    let g = try Self.twoSidedGraph()
    var quiet = g
    quiet.setAttribute("activity", values: [Double](repeating: 0.3, count: g.nodeCount))
    assertLowers(try Self.paired(Self.base(), Self.base(), graph: g, graphB: quiet), "activity 0.3 vs 1")
    assertRaises(try Self.paired(Self.base(), Self.base(), graph: g, strengthsB: [2]), "strength 2 vs 1")
    var viral = Self.base()
    viral.pic = 0.05
    assertRaises(try Self.paired(Self.base(), viral, graph: g), "pic 0.05 vs 0")
  }

  // MARK: - Trace and registry

  /// The counters that the simulator keeps incrementally (aware, rejecters, promoters, agitators,
  /// talking) equal a recount from the node records after every replicate, with every mechanism
  /// on, p > 0 (awareness applied lazily per pass) and a forgetting column that varies by node
  /// (forgetting thinned by f_i / max f), and with p = 0.
  func testCountersMatchARecountOfTheNodes() throws {
    var g = try Self.twoSidedGraph()
    g.setAttribute("forgetting", values: (0..<g.nodeCount).map { [0, 0.05, 0.2][$0 % 3] })
    var x = Self.base()
    x.pic = 0.05
    x.initialCredibility = 0.6
    x.gain = 0.2
    x.loss = 0.3
    x.promoter = 0.7
    x.agitation = 0.05
    x.moderation = 0.5
    x.responsiveness = 0.3
    x.reward = 0.3
    x.crowding = 0.5
    x.crowdingThreshold = 0.2
    x.lurkerSide = "prosumer"
    x.lurkerConversion = 0.2
    x.crossSide = 1
    // q = 0.1: the pass over the pressed non-adopters is thinned (X (p + q C) < 0.15).
    for (p, q) in [(0.01, 0.4), (0.01, 0.1), (0, 0.4)] {
      x.p = p
      x.q = q
      let simulator = WordOfMouthSimulator(try WordOfMouth(graph: g, parameters: x))
      var trace = ReplicateTrace(recording: false)
      let rng = try RandomGenerator(seed: 5)
      var sawForgetting = false
      for r in 0..<100 {
        rng.reseed(UInt32(r + 1))
        _ = simulator.run(seeds: [1, 2, 3, 900], rng: rng, horizon: 25, trace: &trace)
        let recounted = simulator.recount()
        var aware = 0
        var rejecters = 0
        var promoters = 0
        var agitators = 0
        var talking = 0
        for i in 0..<g.nodeCount {
          let node = simulator.touch(i).pointee
          if node.status == .aware { aware += 1 }
          if node.status != .adopted && node.opinion < 0 { rejecters += 1 }
          if node.status == .adopted && node.opinion > 0 { promoters += 1 }
          if node.status == .adopted && node.opinion < 0 { agitators += 1 }
          if node.voice != 0 { talking += 1 }
        }
        XCTAssertEqual(
          recounted,
          .init(aware: aware, rejecters: rejecters, promoters: promoters, agitators: agitators, talking: talking),
          "the simulator's own recount (what BOCA_CHECK_INVARIANTS checks every step)")
        XCTAssertEqual(simulator.tally.aware, aware, "p \(p), q \(q), replicate \(r)")
        XCTAssertEqual(simulator.tally.rejecters, rejecters, "p \(p), replicate \(r)")
        XCTAssertEqual(simulator.tally.promoters, promoters, "p \(p), replicate \(r)")
        XCTAssertEqual(simulator.tally.agitators, agitators, "p \(p), replicate \(r)")
        XCTAssertEqual(
          simulator.tally.talkingPromoters + simulator.tally.talkingAgitators, talking, "p \(p), replicate \(r)")
        if aware + trace.order.count < g.nodeCount && p > 0 { sawForgetting = true }
      }
      if p > 0 { XCTAssertTrue(sawForgetting, "some non-adopters forgot") }
    }
  }

  /// The trace's states are consistent on every step: `adopted` equals the step end, promoters and
  /// agitators are adopters, talkers are promoters or agitators, rejecters are aware.
  func testTraceStatesAreConsistent() throws {
    let g = try Self.twoSidedGraph()
    var x = Self.base()
    x.agitation = 0.05
    x.promoter = 0.6
    x.responsiveness = 0.3
    x.forgetting = 0.1
    x.lurkerSide = "prosumer"
    x.lurkerConversion = 0.1
    let names = WordOfMouthSimulator.stateNames
    func at(_ trace: ReplicateTrace, _ t: Int, _ name: String) -> Int {
      trace.stateCounts[t * names.count + names.firstIndex(of: name)!]
    }
    var sawAgitators = false
    _ = try Self.finals(try WordOfMouth(graph: g, parameters: x), steps: 20, replicates: 50) { trace in
      XCTAssertEqual(trace.stateNames, names)
      for t in 0..<trace.stepCount {
        XCTAssertEqual(at(trace, t, "adopted"), trace.stepEnds[t])
        XCTAssertLessThanOrEqual(at(trace, t, "promoters") + at(trace, t, "agitators"), trace.stepEnds[t])
        XCTAssertLessThanOrEqual(at(trace, t, "talking"), at(trace, t, "promoters") + at(trace, t, "agitators"))
        XCTAssertLessThanOrEqual(at(trace, t, "rejecters"), at(trace, t, "aware"))
        XCTAssertLessThanOrEqual(at(trace, t, "aware") + trace.stepEnds[t], g.nodeCount)
        if at(trace, t, "agitators") > 0 { sawAgitators = true }
      }
      XCTAssertEqual(Set(trace.order).count, trace.order.count, "each node adopts once")
    }
    XCTAssertTrue(sawAgitators)
  }

  /// The registry reads the documented keys, per-layer strength and the `lurkers` option, and
  /// rejects unknown keys and out-of-range values.
  func testRegistryEntry() throws {
    let g = try Self.twoSidedGraph()
    let parameters = ModelParameters(
      values: ["p": 0.01, "q": 0.3, "eps": 0.1, "mu": 0.5, "chi": 2, "lambda": 0.1],
      perLayer: ["strength": ["er": 0.5]], options: ["lurkers": "prosumer"])
    let model = try XCTUnwrap(try ModelRegistry.make(name: "wom", graph: g, parameters: parameters) as? WordOfMouth)
    XCTAssertEqual(model.parameters.agitation, 0.1)
    XCTAssertEqual(model.parameters.lurkerSide, "prosumer")
    XCTAssertEqual(model.channels.map(\.strength), [0.5])
    XCTAssertFalse(model.needsSeeds)
    XCTAssertInvalidParameter(
      try ModelRegistry.make(name: "wom", graph: g, parameters: ModelParameters(values: ["beta": 0.1])),
      model: "wom", key: "beta")
    XCTAssertInvalidParameter(
      try ModelRegistry.make(name: "wom", graph: g, parameters: ModelParameters(values: ["eps": 1.5])),
      model: "wom", key: "eps")
  }
}
