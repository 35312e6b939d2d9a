import BocaGraph
import BocaRandom
import XCTest

@testable import BocaModels

/// Regression tests for figures that were silently wrong (issue 10): the cross-side multiplier at
/// step 0 and after a reused simulator, double adoption in seed waves, promoter moderation
/// switched on by a floating remainder, and the viral cascade's acceptance when the cap binds;
/// plus the invariant that a simulator reused across replicates gives what a fresh one gives,
/// for every model.
final class WordOfMouthTrustTests: XCTestCase {
  /// Two sides without edges: `a` = 0..<50, `b` = 50..<100 (one empty layer, so the model runs).
  static func twoSides() throws -> MultiplexGraph {
    var g = MultiplexGraph(
      nodeCount: 100, sideNames: ["a", "b"], nodeSide: (0..<100).map { UInt16($0 < 50 ? 0 : 1) })
    try g.addLayer(name: "none", directed: false, sources: [], targets: [])
    return g
  }

  /// A broadcast to side b at step 0 only: reach 1, conversion min(1, X_b · β).
  static func stepZeroBroadcast(persuasion: Double) -> WordOfMouth.Campaign {
    var campaign = WordOfMouth.Campaign()
    campaign.broadcasts = [
      WordOfMouth.Broadcast(
        schedule: WordOfMouth.Schedule(start: 0, end: 1), audience: (50..<100).map(UInt32.init), reach: 1,
        persuasion: persuasion, sourceCredibility: 1, layerStrength: 1, slot: 0)
    ]
    campaign.slots = 1
    return campaign
  }

  // MARK: - Item 2: X(0) after the seeds, reset per replicate

  /// X_b(0) = 1 + χ F_a(0) with F_a(0) the seeds' share of side a: with every node of a seeded,
  /// χ = 3 and β = 0.25, a step-0 broadcast converts every node of b (min(1, 4 · 0.25) = 1), on
  /// a fresh simulator and on one that ran other replicates before.
  func testCrossSideMultiplierAtStepZeroIsThatOfTheSeeds() throws {
    var x = WordOfMouth.Parameters()
    x.crossSide = 3
    let model = try WordOfMouth(graph: try Self.twoSides(), parameters: x).with(
      campaign: Self.stepZeroBroadcast(persuasion: 0.25))
    let simulator = model.makeSimulator()
    let rng = try RandomGenerator(seed: 9)
    var trace = ReplicateTrace(recording: true)
    let all: [UInt32] = (0..<50).map(UInt32.init)
    let seedSets: [[UInt32]] = [all, [], [3], all]
    for seeds in seedSets {
      let spread = simulator.run(seeds: seeds, rng: rng, horizon: 3, trace: &trace)
      if seeds.count == 50 {
        XCTAssertEqual(spread, 100, "every node of b converts at step 0 (X_b(0) = 4)")
        XCTAssertEqual(trace.stepEnds.first, 100)
      } else {
        // F_a(0) ≤ 1/50: X_b(0) ≤ 1.06, so not every node of b can convert with certainty.
        XCTAssertLessThan(trace.stepEnds.first ?? 0, 100, "seeds \(seeds)")
      }
    }
  }

  /// Replicate r gives the same trace on a fresh simulator and on one that ran replicates
  /// 0..<r before it, for every model of the registry and for `wom` with every mechanism and a
  /// campaign (including a step-0 broadcast under a cross-side effect): no per-thread state
  /// leaks from one replicate into the next, so tables cannot depend on the thread count.
  func testAReusedSimulatorGivesWhatAFreshOneGivesForEveryModel() throws {
    let n = 300
    let rng0 = try RandomGenerator(seed: 4)
    var g = MultiplexGraph(
      nodeCount: n, sideNames: ["a", "b"], nodeSide: (0..<n).map { UInt16($0 < 200 ? 0 : 1) })
    try Generators.erdosRenyi(n: n, p: 6.0 / Double(n - 1), rng: rng0).addLayer(to: &g, name: "er")
    g.setAttribute("activity", values: (0..<n).map { [0.2, 0.35, 0.5, 0.8, 1][$0 % 5] })
    g.setAttribute("forgetting", values: (0..<n).map { [0, 0.05, 0.2][$0 % 3] })
    let cases: [(String, ModelParameters)] = [
      ("ic", ModelParameters(values: ["p": 0.2])),
      ("lt", ModelParameters()),
      ("threshold", ModelParameters(values: ["theta": 2])),
      ("goldenberg", ModelParameters(values: ["alpha": 0.01, "beta_w": 0.05])),
      ("icn", ModelParameters(values: ["p": 0.2, "q_quality": 0.6])),
      ("competing-ic", ModelParameters(values: ["p_a": 0.2, "p_b": 0.2], options: ["seeds_b": "5,6"])),
      ("bass", ModelParameters(values: ["p": 0.01, "q": 0.4])),
      ("sir", ModelParameters(values: ["beta": 0.2, "gamma": 0.3])),
      ("sis", ModelParameters(values: ["beta": 0.2, "gamma": 0.3])),
      ("sir", ModelParameters(values: ["tau": 0.3, "gamma": 0.5], options: ["time": "continuous"])),
      ("sis", ModelParameters(values: ["tau": 0.3, "gamma": 0.5], options: ["time": "continuous"])),
      ("bass", ModelParameters(values: ["p": 0.01, "q": 0.4], options: ["field": "mean"])),
      (
        "wom",
        ModelParameters(
          values: [
            "p": 0.01, "q": 0.3, "pic": 0.05, "C0": 0.6, "gain": 0.2, "loss": 0.3, "pi": 0.7, "eps": 0.05, "mu": 0.5,
            "r": 0.3, "R": 0.2, "lambda": 0.2, "chi": 2,
          ], options: ["lurkers": "b"])
      ),
    ]
    var models: [(String, any DiffusionModel)] = try cases.map { name, parameters in
      (name, try ModelRegistry.make(name: name, graph: g, parameters: parameters))
    }
    var campaign = WordOfMouth.Campaign()
    campaign.broadcasts = [
      WordOfMouth.Broadcast(
        schedule: WordOfMouth.Schedule(start: 0, end: 4), audience: (200..<300).map(UInt32.init), reach: 0.3,
        persuasion: 0.3, sourceCredibility: 1, layerStrength: 1, slot: 0)
    ]
    campaign.advocacy = [
      WordOfMouth.Advocacy(
        schedule: WordOfMouth.Schedule(start: 1, end: 5), pool: (0..<50).map(UInt32.init), fraction: 0.2, slot: 1)
    ]
    campaign.slots = 2
    var x = WordOfMouth.Parameters()
    x.q = 0.3
    x.crossSide = 3
    models.append(("wom + campaign, p = 0", try WordOfMouth(graph: g, parameters: x).with(campaign: campaign)))
    x.p = 0.02
    x.pic = 0.1
    models.append(("wom + campaign, p > 0", try WordOfMouth(graph: g, parameters: x).with(campaign: campaign)))
    for (name, model) in models {
      let reused = model.makeSimulator()
      let rng = try RandomGenerator(seed: 1)
      var a = ReplicateTrace(recording: true)
      var b = ReplicateTrace(recording: true)
      for r in 0..<6 {
        let seeds: [UInt32] = r % 3 == 2 ? [] : [UInt32(r * 37 % n), UInt32((r * 91 + 250) % n)]
        let seed = RandomSeedDerivation.seed(root: 5, scenarioHash: 0, point: 0, replicate: r)
        rng.reseed(seed)
        let spreadA = reused.run(seeds: seeds, rng: rng, horizon: 12, trace: &a)
        rng.reseed(seed)
        let spreadB = model.makeSimulator().run(seeds: seeds, rng: rng, horizon: 12, trace: &b)
        XCTAssertEqual(spreadA, spreadB, "\(name), replicate \(r)")
        XCTAssertEqual(a.order, b.order, "\(name), replicate \(r)")
        XCTAssertEqual(a.stepEnds, b.stepEnds, "\(name), replicate \(r)")
        XCTAssertEqual(a.stateCounts, b.stateCounts, "\(name), replicate \(r)")
        if let ca = (reused as? any CampaignSimulator)?.campaignUnits {
          rng.reseed(seed)
          let fresh = model.makeSimulator() as! any CampaignSimulator
          _ = fresh.run(seeds: seeds, rng: rng, horizon: 12, trace: &b)
          XCTAssertEqual(ca, fresh.campaignUnits, "\(name), replicate \(r)")
        }
      }
    }
  }

  // MARK: - Item 3: every node adopts at most once

  /// Seed waves while advertising runs (p > 0 advances the adoption epoch every pass): a wave
  /// passes over every node that adopted, however it adopted, so no node is in the adoption order
  /// twice, and a degree-ranked wave takes the next non-adopters: after the wave of step t the
  /// first 4 (t + 1) nodes of the ranking have all adopted.
  func testSeedWavesNeverReseedAnAdopterAndTakeTheTopNonAdopters() throws {
    let n = 400
    let rng0 = try RandomGenerator(seed: 8)
    var g = MultiplexGraph(nodeCount: n, sideNames: ["a", "b"], nodeSide: (0..<n).map { UInt16($0 % 4 == 0 ? 1 : 0) })
    try Generators.erdosRenyi(n: n, p: 4.0 / Double(n - 1), rng: rng0).addLayer(to: &g, name: "er")
    let csr = g.layers[0].out
    let ranking: [UInt32] = (0..<n).map(UInt32.init).sorted { (u: UInt32, v: UInt32) -> Bool in
      let du = csr.degree(Int(u))
      let dv = csr.degree(Int(v))
      return du != dv ? du > dv : u < v
    }
    for (p, q) in [(0.05, 0.2), (0.01, 0), (0, 0.3)] {
      var x = WordOfMouth.Parameters()
      x.p = p
      x.q = q
      var campaign = WordOfMouth.Campaign()
      campaign.seedWaves = [
        WordOfMouth.SeedWaves(
          schedule: WordOfMouth.Schedule(start: 1, end: 10, every: 1),
          draw: SeedDraw(order: .ranked(ranking), k: 4, budget: nil, costOfSide: [1, 1], cheapest: 1), slot: 0)
      ]
      campaign.slots = 1
      let model = try WordOfMouth(graph: g, parameters: x).with(campaign: campaign)
      let simulator = model.makeSimulator() as! any CampaignSimulator
      var trace = ReplicateTrace(recording: true)
      let rng = try RandomGenerator(seed: 2)
      for r in 0..<40 {
        rng.reseed(UInt32(r + 1))
        let spread = simulator.run(seeds: Array(ranking.prefix(4)), rng: rng, horizon: 12, trace: &trace)
        XCTAssertEqual(Set(trace.order).count, trace.order.count, "p \(p), replicate \(r): a node adopted twice")
        XCTAssertEqual(spread, trace.order.count)
        XCTAssertLessThanOrEqual(spread, n)
        XCTAssertEqual(simulator.campaignUnits[0], 36, "9 waves of 4 new seeds, each paid once")
        // The first step (if any) after whose wave a top non-adopter is still waiting.
        let skipped = (1..<min(10, trace.stepEnds.count)).first { t in
          let adopted = Set(trace.order[..<trace.stepEnds[t]])
          return !ranking.prefix(4 * (t + 1)).allSatisfy(adopted.contains)
        }
        XCTAssertNil(skipped, "p \(p), replicate \(r): a wave passed over a top non-adopter")
      }
    }
  }

  /// A seeded rejecter adopts and stops being a rejecter (found by the generated suite: the
  /// seed paths adopted rejecters without lowering the rejecter count, and the old −1 opinion
  /// then counted as an agitator leaving, so `agitators` went negative and `rejecters` exceeded
  /// `aware`). With heavy agitation and random seed waves over the whole graph, at every step:
  /// every count ≥ 0, rejecters ≤ aware, promoters + agitators ≤ adopted, aware + adopted ≤ n.
  func testASeededRejecterAdoptsAndStopsBeingARejecter() throws {
    let n = 60
    let rng0 = try RandomGenerator(seed: 12)
    var g = MultiplexGraph(nodeCount: n, sideNames: ["a"], nodeSide: [UInt16](repeating: 0, count: n))
    try Generators.erdosRenyi(n: n, p: 0.15, rng: rng0).addLayer(to: &g, name: "er")
    var x = WordOfMouth.Parameters()
    x.q = 0.3
    x.agitation = 0.5
    var campaign = WordOfMouth.Campaign()
    campaign.seedWaves = [
      WordOfMouth.SeedWaves(
        schedule: WordOfMouth.Schedule(start: 1, end: 20, every: 1),
        draw: SeedDraw(
          order: .random(pool: (0..<n).map(UInt32.init)), k: 2, budget: nil, costOfSide: [1], cheapest: 1), slot: 0)
    ]
    campaign.slots = 1
    let model = try WordOfMouth(graph: g, parameters: x).with(campaign: campaign)
    let simulator = model.makeSimulator()
    var trace = ReplicateTrace(recording: true)
    let rng = try RandomGenerator(seed: 3)
    for r in 0..<60 {
      rng.reseed(UInt32(r + 1))
      _ = simulator.run(seeds: [UInt32(r % n)], rng: rng, horizon: 20, trace: &trace)
      let names = trace.stateNames
      let width = names.count
      func count(_ name: String, _ t: Int) -> Int { trace.stateCounts[t * width + names.firstIndex(of: name)!] }
      for t in 0..<(trace.stateCounts.count / width) {
        for name in names { XCTAssertGreaterThanOrEqual(count(name, t), 0, "replicate \(r), step \(t): \(name)") }
        XCTAssertLessThanOrEqual(count("rejecters", t), count("aware", t), "replicate \(r), step \(t)")
        XCTAssertLessThanOrEqual(
          count("promoters", t) + count("agitators", t), count("adopted", t), "replicate \(r), step \(t)")
        XCTAssertLessThanOrEqual(count("aware", t) + count("adopted", t), n, "replicate \(r), step \(t)")
      }
    }
  }

  // MARK: - Item 4: promoter moderation from an exact count

  /// Three promoters with weights 0.1, 0.2, 0.3 on a layer of strength 4 start talking and then
  /// fall silent in another order: P⁺ is back to 0 in exact arithmetic, but the floating sum
  /// leaves 4.4 · 10⁻¹⁶. An agitator with P⁻ = 4 on a listener of in-degree 4 then captures with
  /// ν = min(1, P⁻/k) = 1, unmoderated (μ = 1 applies only while a promoter talks to it).
  func testModerationNeedsATalkingPromoterNotAFloatingRemainder() throws {
    var g = MultiplexGraph(nodeCount: 5)
    try g.addLayer(name: "d", directed: true, sources: [0, 1, 2, 3], targets: [4, 4, 4, 4])
    g.setAttribute("activity", values: [0.1, 0.2, 0.3, 1, 1])
    var x = WordOfMouth.Parameters()
    x.q = 0.5
    x.moderation = 1
    let model = try WordOfMouth(graph: g, layers: [0], strengths: [4], parameters: x)
    let simulator = WordOfMouthSimulator(model)
    let rng = try RandomGenerator(seed: 3)
    for order in [[0, 2, 1], [1, 0, 2], [2, 1, 0]] {
      simulator.withGraph {
        simulator.startReplicate(steps: 5)
        for j in [0, 1, 2] {
          simulator.adopt(simulator.touch(j), UInt32(j))
          simulator.setOpinion(UInt32(j), 1)
        }
        simulator.adopt(simulator.touch(3), 3)
        simulator.setOpinion(3, -1)
        for j in order {
          simulator.nodes[j].flags.insert(.muted)
          simulator.updateVoice(UInt32(j))
        }
        XCTAssertEqual(simulator.tally.talkingPromoters, 0)
        simulator.pass(rng, credibility: 1)
        XCTAssertEqual(simulator.nodes[4].opinion, -1, "silenced in order \(order): the listener must be captured")
        XCTAssertEqual(simulator.tally.rejecters, 1)
      }
    }
  }

  // MARK: - Item 6: the cascade's acceptance law when the cap binds

  /// Side a: the source 0 and 99 isolated nodes; side b: 100 targets (ids 100..<200, each with
  /// the edge 0 → target) and 900 seeded nodes. At step 1, F_a = 1/100 and F_b = 0.9, so
  /// X_b = 1 + 0.03 and X_a = 1 + 2.7 (χ = 3) = X_max; each target adopts with probability
  /// min(1, π_c X_b). For π_c = 0.5 the cap binds on the bound (π_c X_max = 1.85 > 1), which
  /// thinned to 1 · X_b / X_max = 0.28 instead of 0.515. The count of adopting targets over
  /// R · 100 trials must be within 5 standard deviations of its binomial mean (false alarm
  /// ≈ 6 · 10⁻⁷ per case).
  func testCascadeAcceptsWithTheCappedProbabilityWhenTheBoundBinds() throws {
    let n = 1100
    var g = MultiplexGraph(nodeCount: n, sideNames: ["a", "b"], nodeSide: (0..<n).map { UInt16($0 < 100 ? 0 : 1) })
    try g.addLayer(
      name: "d", directed: true, sources: [UInt32](repeating: 0, count: 100), targets: (100..<200).map(UInt32.init))
    let seeds = [0] + (200..<1100).map(UInt32.init)
    for pic in [0.5, 0.2, 0.9] {
      var x = WordOfMouth.Parameters()
      x.pic = pic
      x.crossSide = 3
      let simulator = try WordOfMouth(graph: g, parameters: x).makeSimulator()
      var trace = ReplicateTrace(recording: false)
      let rng = try RandomGenerator(seed: 17)
      let replicates = 400
      var adopted = 0
      for r in 0..<replicates {
        rng.reseed(UInt32(r + 1))
        adopted += simulator.run(seeds: seeds, rng: rng, horizon: 1, trace: &trace) - seeds.count
      }
      let xb = 1 + 3 * (1.0 / 100)
      let expected = min(1, pic * xb)
      let trials = Double(replicates * 100)
      let sd = (trials * expected * (1 - expected)).squareRoot()
      XCTAssertLessThan(
        abs(Double(adopted) - trials * expected), 5 * sd,
        "pi_c \(pic): \(adopted) of \(Int(trials)) accepted, expected \(trials * expected) ± \(sd)")
    }
  }
}
