import BocaGraph
import BocaRandom
import Foundation

/// One node's state in a ``WordOfMouth`` replicate; valid only when `epoch` is of the current
/// replicate (otherwise the node is unaware, neutral, silent, with no pressure). When p > 0 the
/// epoch also advances at every adoption pass, and a non-adopter's status is brought up to date
/// when it is first touched in a pass's epoch (every non-adopter becomes aware in a pass when
/// p > 0; the ones that forget in it are set unaware by the pass itself).
@usableFromInline struct WomNode {
  var epoch: UInt32 = 0
  /// 0 unaware, 1 aware, 2 adopted.
  var status: UInt8 = 0
  /// −1 negative, 0 neutral, +1 positive.
  var opinion: Int8 = 0
  /// The sign of the messages this node currently sends (0 = silent), as pushed to its out-neighbours.
  var voice: Int8 = 0
  /// Bit 0: muted (forgot to talk); bit 1: converted lurker.
  var flags: UInt8 = 0
  /// P⁺ and P⁻: floating sums of what the talkers push (exactly 0 when their count below is 0).
  var plus = 0.0
  var minus = 0.0
  /// The exact number of in-edge entries (over the model layers with s_ℓ > 0) from talking
  /// promoters and from talking agitators: whether P⁺ > 0 and P⁻ > 0 is read from these, not from
  /// the floating sums, whose additions and removals in different orders leave remainders.
  var promoterEdges: Int32 = 0
  var agitatorEdges: Int32 = 0
}

/// Scratch state of ``WordOfMouth`` on one thread. See the model's doc comment and `docs/wom.md`
/// for the step; the phases below follow its numbering.
final class WordOfMouthSimulator: CampaignSimulator {
  static let stateNames = [
    "aware", "adopted", "promoters", "agitators", "rejecters", "talking", "responses", "credibility_ppm",
  ]
  static let muted: UInt8 = 1
  static let converted: UInt8 = 2
  /// Bit 2: in `nonAdopters` or `fresh` (it has felt pressure, or p = 0 and a broadcast reached it).
  static let listed: UInt8 = 4
  /// Bit 3: an advocate of a running advocacy action (talks positively, whatever its status).
  static let advocate: UInt8 = 8
  /// Bit 4: adopted in the current step (not an earlier adopter for phase 4).
  static let recent: UInt8 = 16
  /// Bit 5: in `talkers`; bit 6: in `agitatorList`.
  static let inTalkers: UInt8 = 32
  static let inAgitators: UInt8 = 64
  /// Bit 7: in `negList` (a non-adopter that felt negative pressure).
  static let inNeg: UInt8 = 128

  let model: WordOfMouth
  let x: WordOfMouth.Parameters
  let nodes: UnsafeMutablePointer<WomNode>
  var epoch: UInt32 = 0
  /// The epoch of the current replicate's start: a node with an older epoch is reset on touch.
  var replicateEpoch: UInt32 = 0
  /// Whether a pass with p > 0 has run: every non-adopter is aware except those that forgot in the
  /// latest pass (applied lazily by `touch`).
  var awareByDefault = false
  var order: [UInt32] = []
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
  /// Nodes that talk or did (voice ≠ 0 when listed), talking agitators or did, and lurkers not yet
  /// converted or just converted: lists with lazy deletion for geometric skipping.
  var talkers: [UInt32] = []
  var agitatorList: [UInt32] = []
  var lurkerList: [UInt32] = []
  /// Non-adopters that felt negative pressure (ν may be > 0), for the thinned pass.
  var negList: [UInt32] = []
  /// max s_ℓ · max w_j: a bound on P⁺_i / k_i.
  let shareMax: Double
  /// Scratch for the adopters of the pass over the listed non-adopters.
  var passAdopters: [UInt32] = []
  /// Listening answers of a step, applied after the agitation draws.
  var answers: [(node: UInt32, opinion: Int8)] = []
  /// The largest f_i (forgetting is sampled at this rate and thinned by f_i / max).
  let maxForgetting: Double
  /// Whether pressures are kept: only q and negative capture read them.
  let tracksPressure: Bool
  var crossSide: [Double]
  var adoptedBySide: [Int]
  // Counts over the current replicate.
  var aware = 0
  var rejecters = 0
  var promoters = 0
  var agitators = 0
  var talkingPromoters = 0
  var talkingAgitators = 0
  var responses = 0
  var convertedLurkers = 0
  var positiveVolume = 0.0
  var negativeVolume = 0.0
  var credibility = 1.0
  // Campaigns (all idle when the model has none).
  let campaign: WordOfMouth.Campaign
  let hasCampaign: Bool
  var scheduledSeeds: [(step: Int, nodes: [UInt32])] = []
  var campaignUnits: [Double] = []
  var seededAdopters = 0
  /// The advocates recruited by each advocacy action, and a scratch copy of a pool.
  var advocates: [[UInt32]] = []
  var scratch: [UInt32] = []
  /// This step's promoter probability, incentive (index) and listening values.
  var promoterNow = 1.0
  var incentiveNow: Int? = nil
  var responsivenessNow = 0.0
  var recoveryNow = 0.5
  var listeningNow: Int? = nil

  init(_ model: WordOfMouth) {
    self.model = model
    x = model.parameters
    tracksPressure = x.q > 0 || x.agitation > 0
    nodes = .allocate(capacity: max(model.nodeCount, 1))
    nodes.initialize(repeating: WomNode(), count: max(model.nodeCount, 1))
    order.reserveCapacity(model.nodeCount)
    nonAdopters.reserveCapacity(model.nodeCount)
    maxForgetting = model.forgetting.max() ?? 0
    shareMax = (model.channels.map(\.strength).max() ?? 0) * (model.weight.max() ?? 0)
    crossSide = [Double](repeating: 1, count: model.sideSizes.count)
    adoptedBySide = [Int](repeating: 0, count: model.sideSizes.count)
    campaign = model.campaign
    hasCampaign = !model.campaign.isEmpty
    campaignUnits = [Double](repeating: 0, count: model.campaign.slots)
    advocates = [[UInt32]](repeating: [], count: model.campaign.advocacy.count)
    promoterNow = x.promoterProbability
    responsivenessNow = x.responsiveness
    recoveryNow = x.recovery
  }

  deinit { nodes.deallocate() }

  /// The node's record, reset if it is from an earlier replicate, and made aware if p > 0 made
  /// every non-adopter aware in a pass since it was last touched.
  @inline(__always) func touch(_ i: Int) -> UnsafeMutablePointer<WomNode> {
    let node = nodes + i
    if node.pointee.epoch != epoch { refresh(node) }
    return node
  }

  @inline(__always) func refresh(_ node: UnsafeMutablePointer<WomNode>) {
    if node.pointee.epoch < replicateEpoch {
      node.pointee = WomNode(epoch: epoch)
    } else {
      node.pointee.epoch = epoch
    }
    if awareByDefault && node.pointee.status == 0 { node.pointee.status = 1 }
  }

  /// Whether the node's record is from the current replicate (without touching it).
  @inline(__always) func isCurrent(_ i: Int) -> Bool { nodes[i].epoch >= replicateEpoch }

  func run(seeds: [UInt32], rng: RandomGenerator, horizon: Int?, trace: inout ReplicateTrace) -> Int {
    trace.reset()
    trace.stateNames = Self.stateNames
    let steps = horizon ?? WordOfMouth.defaultHorizon
    startReplicate(steps: steps)
    for s in seeds { adopt(touch(Int(s)), s) }
    // X(0) = 1 + χ F₋ₛ(0) after the seeds adopt: what step 0's campaign actions read.
    updateCrossSide()
    if hasCampaign {
      setPolicies(step: 0)
      campaignStep(0, rng, credibility: credibility)
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
      let c = credibility
      let vPlus = positiveVolume
      let vMinus = negativeVolume
      updateCrossSide()
      if hasCampaign { setPolicies(step: step) }
      // 1. Bass pass over the non-adopters.
      if x.p > 0 || (x.q > 0 && c > 0 && talkingPromoters > 0) || talkingAgitators > 0
        || (model.anyForgetting && aware > 0)
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
      if responsivenessNow > 0 || x.agitation > 0 || model.anyForgetting { revise(earlier: start, rng) }
      // 5. Lurkers.
      if x.lurkerConversion > 0 && convertedLurkers < model.lurkers.count { convertLurkers(rng) }
      // 6. Brand credibility from the step's conversations.
      if model.totalCapacity > 0 {
        let next =
          c + x.gain * (1 - c) * max(0, vPlus) / model.totalCapacity - x.loss * c * max(0, vMinus) / model.totalCapacity
        credibility = min(1, max(0, next))
      }
      clearRecent(from: start)
      frontier = start..<order.count
      record(&trace)
    }
    #if DEBUG
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
    aware = 0
    rejecters = 0
    promoters = 0
    agitators = 0
    talkingPromoters = 0
    talkingAgitators = 0
    responses = 0
    convertedLurkers = 0
    positiveVolume = 0
    negativeVolume = 0
    credibility = x.initialCredibility
    if hasCampaign {
      for s in campaignUnits.indices { campaignUnits[s] = 0 }
      seededAdopters = 0
      for a in advocates.indices { advocates[a].removeAll(keepingCapacity: true) }
    }
  }

  /// Whether another step could change anything (conservative: true when unsure).
  func canChange(frontierEmpty: Bool) -> Bool {
    if order.count == model.nodeCount { return false }
    if x.p > 0 || talkingAgitators > 0 { return true }
    if x.pic > 0 && !frontierEmpty { return true }
    if talkingPromoters > 0 && ((x.q > 0 && credibility > 0) || (x.gain > 0 && credibility < 1)) { return true }
    if x.agitation > 0 && order.count > agitators { return true }
    if x.lurkerConversion > 0 && convertedLurkers < model.lurkers.count { return true }
    if model.anyForgetting && (aware > 0 || talkingPromoters > 0) { return true }
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
    guard node.pointee.status != 2 else { return false }
    if node.pointee.status == 1 { aware -= 1 }
    if node.pointee.opinion < 0 {
      rejecters -= 1
      node.pointee.opinion = 0
    }
    if node.pointee.flags & Self.listed != 0 { listedLive -= 1 }
    node.pointee.status = 2
    node.pointee.flags |= Self.recent
    order.append(i)
    adoptedBySide[Int(model.side[Int(i)])] += 1
    return true
  }

  /// Debug builds: every adopter is in the adoption order once, and the counts by side add up.
  func checkEveryNodeAdoptedOnce() {
    precondition(Set(order).count == order.count, "wom: a node adopted twice")
    precondition(adoptedBySide.reduce(0, +) == order.count, "wom: adopters by side do not add up")
    precondition(
      order.allSatisfy { isCurrent(Int($0)) && nodes[Int($0)].status == 2 }, "wom: an adopter lost its status")
  }

  func record(_ trace: inout ReplicateTrace) {
    guard trace.recording else { return }
    // The adopters are in `order` until the end of the run, so the step end is recorded here.
    trace.stepEnds.append(order.count)
    trace.stateCounts.append(contentsOf: [
      aware, order.count, promoters, agitators, rejecters, talkingPromoters + talkingAgitators, responses,
      Int((credibility * 1e6).rounded()),
    ])
  }
}
