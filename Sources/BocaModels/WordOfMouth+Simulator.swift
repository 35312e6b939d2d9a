import BocaGraph
import BocaRandom
import Foundation

/// Scratch state of ``WordOfMouth`` on one thread. See the model's doc comment and `docs/wom.md`
/// for the step; the phases below follow its numbering.
///
/// The state is grouped by owner: the model's constants (``WordOfMouth/Parameters`` `x`,
/// ``Limits``), the node records (``WomNodeStore``, one per simulator), the graph's arrays as
/// pointers taken once per replicate (``WomGraphView``), the epochs and the adoption order, the
/// lists of each phase, the replicate's counts (``Tallies``), and the campaign's state with the
/// step's policy (``StepPolicy``).
final class WordOfMouthSimulator: CampaignSimulator {
  static let stateNames = [
    "aware", "adopted", "promoters", "agitators", "rejecters", "talking", "responses", "credibility_ppm",
  ]

  /// Bounds the draws are thinned by, fixed by the model.
  struct Limits {
    /// max s_ℓ · max w_j: a bound on P⁺_i / k_i.
    let shareMax: Double
    /// The largest f_i (forgetting is sampled at this rate and thinned by f_i / max).
    let maxForgetting: Double
    /// Whether pressures are kept: only q and negative capture read them.
    let tracksPressure: Bool

    init(_ model: WordOfMouth) {
      let x = model.parameters
      tracksPressure = x.q > 0 || x.agitation > 0
      maxForgetting = model.forgetting.max() ?? 0
      shareMax = (model.channels.map(\.strength).max() ?? 0) * (model.weight.max() ?? 0)
    }
  }

  /// The counts of the current replicate (what the trace records), kept exact by every change of
  /// a node's status, opinion and voice.
  struct Tallies {
    var aware = 0
    var rejecters = 0
    var promoters = 0
    var agitators = 0
    var talkingPromoters = 0
    var talkingAgitators = 0
    var responses = 0
    var convertedLurkers = 0
    /// V⁺ and V⁻: the volume of positive and negative talk (floating sums, exactly 0 when no
    /// talker of the sign is left).
    var positiveVolume = 0.0
    var negativeVolume = 0.0
    /// C(t).
    var credibility = 1.0

    /// The counts at the start of a replicate, with C(0) = `credibility`.
    init(credibility: Double = 1) { self.credibility = credibility }
  }

  /// The incentive and listening policy of the current step (`setPolicies`): the model's values
  /// unless a campaign action is active.
  struct StepPolicy {
    /// π(R).
    var promoter = 1.0
    /// The active incentive (index in the campaign's incentives).
    var incentive: Int? = nil
    /// r and ρ, and the active listening action (index).
    var responsiveness = 0.0
    var recovery = 0.5
    var listening: Int? = nil

    init(_ x: WordOfMouth.Parameters) {
      promoter = x.promoterProbability
      responsiveness = x.responsiveness
      recovery = x.recovery
    }
  }

  let model: WordOfMouth
  let x: WordOfMouth.Parameters
  let limits: Limits
  /// Owns the node records; `nodes` reaches them.
  let store: WomNodeStore
  let nodes: WomNodeStore.Handle
  /// The model's arrays, during a replicate (``withGraph(_:)``).
  var graph = WomGraphView.empty
  var epoch: UInt32 = 0
  /// The epoch of the current replicate's start: a node with an older epoch is reset on touch.
  var replicateEpoch: UInt32 = 0
  /// Whether a pass with p > 0 has run: every non-adopter is aware except those that forgot in the
  /// latest pass (applied lazily by `touch`).
  var awareByDefault = false
  var order: [UInt32] = []
  // MARK: Phase 1's lists
  /// The non-adopters the pass visits one by one, in increasing id order: those that ever felt
  /// pressure (the others have ν = 0 and h = X p, and are sampled from `pool` when p > 0).
  var nonAdopters: [UInt32] = []
  /// Nodes that felt pressure for the first time since the last pass, unsorted.
  var fresh: [UInt32] = []
  var merged: [UInt32] = []
  /// p > 0: the candidates for the external hazard X p, in increasing id order, with stale
  /// entries (adopted or listed since) skipped when drawn; `0..<N` itself until first compacted.
  var pool = SkipPool()
  /// Listed nodes that have not adopted (the pool's live size is N − adopters − this; read only
  /// when p > 0, where only pressure lists nodes).
  var listedLive = 0
  /// Non-adopters that felt negative pressure (ν may be > 0), for the thinned pass.
  var negList: [UInt32] = []
  /// Scratch for the adopters of the pass over the listed non-adopters.
  var passAdopters: [UInt32] = []
  // MARK: Phase 4 and 5's lists
  /// Nodes that talk or did (voice ≠ 0 when listed), talking agitators or did, and lurkers not yet
  /// converted or just converted: lists with lazy deletion for geometric skipping.
  var talkers: [UInt32] = []
  var agitatorList: [UInt32] = []
  var lurkerList: [UInt32] = []
  /// Listening answers of a step, applied after the agitation draws.
  var answers: [(node: UInt32, opinion: Int8)] = []
  // MARK: Counts
  /// X_s per side, and the adopters per side.
  var crossSide: [Double]
  var adoptedBySide: [Int]
  var tally = Tallies()
  // MARK: Campaigns (all idle when the model has none)
  let campaign: WordOfMouth.Campaign
  let hasCampaign: Bool
  var scheduledSeeds: [(step: Int, nodes: [UInt32])] = []
  var campaignUnits: [Double] = []
  var seededAdopters = 0
  /// The advocates recruited by each advocacy action, and a scratch copy of a pool.
  var advocates: [[UInt32]] = []
  var scratch: [UInt32] = []
  var policy: StepPolicy

  init(_ model: WordOfMouth) {
    self.model = model
    x = model.parameters
    limits = Limits(model)
    store = WomNodeStore(count: model.nodeCount)
    nodes = store.handle
    order.reserveCapacity(model.nodeCount)
    nonAdopters.reserveCapacity(model.nodeCount)
    crossSide = [Double](repeating: 1, count: model.sideSizes.count)
    adoptedBySide = [Int](repeating: 0, count: model.sideSizes.count)
    campaign = model.campaign
    hasCampaign = !model.campaign.isEmpty
    campaignUnits = [Double](repeating: 0, count: model.campaign.slots)
    advocates = [[UInt32]](repeating: [], count: model.campaign.advocacy.count)
    policy = StepPolicy(model.parameters)
  }

  /// Runs `body` with ``graph`` holding the model's arrays (``WomGraphView``); every phase runs
  /// inside it.
  func withGraph<R>(_ body: () throws -> R) rethrows -> R {
    try model.withGraphView { view in
      graph = view
      defer { graph = .empty }
      return try body()
    }
  }

  /// The node's record, reset if it is from an earlier replicate, and made aware if p > 0 made
  /// every non-adopter aware in a pass since it was last touched.
  @inline(__always) func touch(_ i: Int) -> UnsafeMutablePointer<WomNode> {
    let node = nodes.pointer(i)
    if node.pointee.epoch != epoch { refresh(node) }
    return node
  }

  @inline(__always) func refresh(_ node: UnsafeMutablePointer<WomNode>) {
    if node.pointee.epoch < replicateEpoch {
      node.pointee = WomNode(epoch: epoch)
    } else {
      node.pointee.epoch = epoch
    }
    if awareByDefault && node.pointee.status == .unaware { node.pointee.status = .aware }
  }

  /// Whether the node's record is from the current replicate (without touching it).
  @inline(__always) func isCurrent(_ i: Int) -> Bool { nodes[i].epoch >= replicateEpoch }

  func run(seeds: [UInt32], rng: RandomGenerator, horizon: Int?, trace: inout ReplicateTrace) -> Int {
    withGraph { runReplicate(seeds: seeds, rng: rng, horizon: horizon, trace: &trace) }
  }

  /// One replicate, inside ``withGraph(_:)``.
  func runReplicate(seeds: [UInt32], rng: RandomGenerator, horizon: Int?, trace: inout ReplicateTrace) -> Int {
    trace.reset()
    trace.stateNames = Self.stateNames
    let steps = horizon ?? WordOfMouth.defaultHorizon
    startReplicate(steps: steps)
    for s in seeds { adopt(touch(Int(s)), s) }
    // X(0) = 1 + χ F₋ₛ(0) after the seeds adopt: what step 0's campaign actions read.
    updateCrossSide()
    if hasCampaign {
      setPolicies(step: 0)
      campaignStep(0, rng, credibility: tally.credibility)
    }
    for j in order { assignOpinion(j, rng) }
    clearRecent(from: 0)
    record(&trace)
    var frontier = 0..<order.count
    var step = 0
    while step < steps && (canChange(frontierEmpty: frontier.isEmpty) || (hasCampaign && campaignPending(after: step)))
    {
      step += 1
      let start = order.count
      let c = tally.credibility
      let vPlus = tally.positiveVolume
      let vMinus = tally.negativeVolume
      updateCrossSide()
      if hasCampaign { setPolicies(step: step) }
      // 1. Bass pass over the non-adopters.
      if x.p > 0 || (x.q > 0 && c > 0 && tally.talkingPromoters > 0) || tally.talkingAgitators > 0
        || (model.anyForgetting && tally.aware > 0)
      {
        pass(rng, credibility: c)
      }
      // 1b. Campaign actions of this step (docs/wom.md §10).
      if hasCampaign { campaignStep(step, rng, credibility: c) }
      // 2. Viral cascade from last step's adopters.
      if x.pic > 0 {
        for f in frontier { cascade(from: order[f], rng, credibility: c) }
      }
      // 3. Opinions of this step's adopters.
      for f in start..<order.count { assignOpinion(order[f], rng) }
      // 4. Listening, agitation, forgetting for earlier adopters.
      if policy.responsiveness > 0 || x.agitation > 0 || model.anyForgetting { revise(earlier: start, rng) }
      // 5. Lurkers.
      if x.lurkerConversion > 0 && tally.convertedLurkers < model.lurkers.count { convertLurkers(rng) }
      // 6. Brand credibility from the step's conversations.
      if model.totalCapacity > 0 {
        let next =
          c + x.gain * (1 - c) * max(0, vPlus) / model.totalCapacity - x.loss * c * max(0, vMinus) / model.totalCapacity
        tally.credibility = min(1, max(0, next))
      }
      clearRecent(from: start)
      frontier = start..<order.count
      record(&trace)
      #if BOCA_CHECK_INVARIANTS
        checkTallies(step: step)
      #endif
    }
    #if DEBUG || BOCA_CHECK_INVARIANTS
      checkEveryNodeAdoptedOnce()
    #endif
    trace.order.append(contentsOf: order)
    return order.count
  }

  /// Resets the counters and starts a new epoch: O(sides + lurkers when λ > 0), O(N) once the
  /// epochs (one per replicate, plus one per pass when p > 0) run out of 32 bits.
  func startReplicate(steps: Int) {
    let room = UInt32(min(max(steps, 0), 1 << 30)) + 2
    if epoch >= UInt32.max - room {
      for i in 0..<model.nodeCount { nodes[i].epoch = 0 }
      epoch = 0
    }
    epoch += 1
    replicateEpoch = epoch
    awareByDefault = false
    order.removeAll(keepingCapacity: true)
    nonAdopters.removeAll(keepingCapacity: true)
    fresh.removeAll(keepingCapacity: true)
    pool.reset()
    listedLive = 0
    talkers.removeAll(keepingCapacity: true)
    agitatorList.removeAll(keepingCapacity: true)
    lurkerList.removeAll(keepingCapacity: true)
    negList.removeAll(keepingCapacity: true)
    if x.lurkerConversion > 0 { lurkerList.append(contentsOf: model.lurkers) }
    for s in adoptedBySide.indices { adoptedBySide[s] = 0 }
    for s in crossSide.indices { crossSide[s] = 1 }
    tally = Tallies(credibility: x.initialCredibility)
    if hasCampaign {
      for s in campaignUnits.indices { campaignUnits[s] = 0 }
      seededAdopters = 0
      for a in advocates.indices { advocates[a].removeAll(keepingCapacity: true) }
    }
  }

  /// Whether another step could change anything (conservative: true when unsure).
  func canChange(frontierEmpty: Bool) -> Bool {
    if order.count == model.nodeCount { return false }
    if x.p > 0 || tally.talkingAgitators > 0 { return true }
    if x.pic > 0 && !frontierEmpty { return true }
    if tally.talkingPromoters > 0 && ((x.q > 0 && tally.credibility > 0) || (x.gain > 0 && tally.credibility < 1)) {
      return true
    }
    if x.agitation > 0 && order.count > tally.agitators { return true }
    if x.lurkerConversion > 0 && tally.convertedLurkers < model.lurkers.count { return true }
    if model.anyForgetting && (tally.aware > 0 || tally.talkingPromoters > 0) { return true }
    return false
  }

  /// X_s = 1 + χ F_{−s}: the adopted fraction of the nodes on the other sides.
  func updateCrossSide() {
    guard x.crossSide > 0 else { return }
    let total = order.count
    for s in crossSide.indices {
      let others = model.nodeCount - model.sideSizes[s]
      crossSide[s] = others > 0 ? 1 + x.crossSide * Double(total - adoptedBySide[s]) / Double(others) : 1
    }
  }

  /// The one way a node adopts, whatever adopts it (seeds, the pass, the pool, the cascade, a
  /// broadcast, a campaign's seeds): `node` is node i's record, touched in this replicate. A node
  /// that has adopted is left as it is (a node adopts at most once per replicate); returns whether
  /// it adopted now. Only seeds reach a rejecter (every other path skips them): a seeded rejecter
  /// adopts, stops being a rejecter, and gets its opinion as every new adopter does (phase 3).
  @discardableResult @inline(__always)
  func adopt(_ node: UnsafeMutablePointer<WomNode>, _ i: UInt32) -> Bool {
    guard node.pointee.status != .adopted else { return false }
    if node.pointee.status == .aware { tally.aware -= 1 }
    if node.pointee.opinion < 0 {
      tally.rejecters -= 1
      node.pointee.opinion = 0
    }
    if node.pointee.flags.contains(.listed) { listedLive -= 1 }
    node.pointee.status = .adopted
    node.pointee.flags.insert(.recent)
    order.append(i)
    adoptedBySide[Int(graph.side[Int(i)])] += 1
    return true
  }

  /// Debug builds and `BOCA_CHECK_INVARIANTS`: every adopter is in the adoption order once, and the
  /// counts by side add up.
  func checkEveryNodeAdoptedOnce() {
    precondition(Set(order).count == order.count, "wom: a node adopted twice")
    precondition(adoptedBySide.reduce(0, +) == order.count, "wom: adopters by side do not add up")
    precondition(
      order.allSatisfy { isCurrent(Int($0)) && nodes[Int($0)].status == .adopted }, "wom: an adopter lost its status")
  }

  /// The counts the node records determine (those of ``Tallies`` that are kept incrementally).
  struct Recount: Equatable {
    var aware = 0
    var rejecters = 0
    var promoters = 0
    var agitators = 0
    var talking = 0
  }

  /// What ``tally`` holds, as a ``Recount``.
  var kept: Recount {
    Recount(
      aware: tally.aware, rejecters: tally.rejecters, promoters: tally.promoters, agitators: tally.agitators,
      talking: tally.talkingPromoters + tally.talkingAgitators)
  }

  /// Node i's record as ``touch(_:)`` would make it, without writing it.
  func current(_ i: Int) -> WomNode {
    var node = nodes[i]
    guard node.epoch != epoch else { return node }
    if node.epoch < replicateEpoch { node = WomNode(epoch: epoch) } else { node.epoch = epoch }
    if awareByDefault && node.status == .unaware { node.status = .aware }
    return node
  }

  /// The counts recomputed from every node's record, reading without touching: O(N).
  func recount() -> Recount {
    var r = Recount()
    for i in 0..<model.nodeCount {
      let node = current(i)
      if node.status == .aware { r.aware += 1 }
      if node.status != .adopted && node.opinion < 0 { r.rejecters += 1 }
      if node.status == .adopted && node.opinion > 0 { r.promoters += 1 }
      if node.status == .adopted && node.opinion < 0 { r.agitators += 1 }
      if node.voice != 0 { r.talking += 1 }
    }
    return r
  }

  /// `BOCA_CHECK_INVARIANTS` builds, after every step: the kept counts equal a recount (O(N) a step).
  func checkTallies(step: Int) {
    let found = recount()
    precondition(found == kept, "wom: counts drifted by step \(step): kept \(kept), recounted \(found)")
  }

  func record(_ trace: inout ReplicateTrace) {
    guard trace.recording else { return }
    // The adopters are in `order` until the end of the run, so the step end is recorded here.
    trace.stepEnds.append(order.count)
    trace.stateCounts.append(contentsOf: [
      tally.aware, order.count, tally.promoters, tally.agitators, tally.rejecters,
      tally.talkingPromoters + tally.talkingAgitators, tally.responses,
      Int((tally.credibility * 1e6).rounded()),
    ])
  }
}
