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
  /// P⁺ and P⁻.
  var plus = 0.0
  var minus = 0.0
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
  var pool: [UInt32] = []
  var poolIsIdentity = true
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
    for s in seeds {
      let node = touch(Int(s))
      if node.pointee.status != 2 { adopt(node, s) }
    }
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
    pool.removeAll(keepingCapacity: true)
    poolIsIdentity = true
    listedLive = 0
    talkers.removeAll(keepingCapacity: true)
    agitatorList.removeAll(keepingCapacity: true)
    lurkerList.removeAll(keepingCapacity: true)
    negList.removeAll(keepingCapacity: true)
    if x.lurkerConversion > 0 { lurkerList.append(contentsOf: model.lurkers) }
    for s in adoptedBySide.indices { adoptedBySide[s] = 0 }
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

  @inline(__always) func adopt(_ node: UnsafeMutablePointer<WomNode>, _ i: UInt32) {
    if node.pointee.status == 1 { aware -= 1 }
    if node.pointee.flags & Self.listed != 0 { listedLive -= 1 }
    node.pointee.status = 2
    node.pointee.flags |= Self.recent
    order.append(i)
    adoptedBySide[Int(model.side[Int(i)])] += 1
  }

  /// Phase 1: one draw per listed non-adopter (one that felt pressure) with a positive hazard or
  /// negative capture, in id order; then, when p > 0, the unlisted non-adopters (hazard X p, no
  /// capture) by geometric skipping over `pool`, and forgetting (every non-adopter is aware then)
  /// by geometric skipping over both lists at max f, thinned by f_i / max f.
  func pass(_ rng: RandomGenerator, credibility c: Double) {
    let p = x.p
    if p > 0 {
      // A new epoch: every non-adopter touched from now on is aware (see `refresh`).
      epoch += 1
      awareByDefault = true
    }
    if !fresh.isEmpty { mergeFresh() }
    let qc = x.q * c
    let keepModeration = 1 - x.moderation
    var write = 0
    var dAware = 0
    var dRejecters = 0
    var adopters: [UInt32] = []
    swap(&adopters, &passAdopters)
    let xMax = x.crossSide > 0 ? crossSide.max()! : 1
    let rate = p > 0 ? Bass.thinningRate(x: xMax, p: p, q: qc, share: shareMax) : 1
    if rate < Bass.thinningThreshold {
      thinnedPass(rng, rate: rate, qc: qc, keepModeration: keepModeration, adopters: &adopters, rejecters: &dRejecters)
    } else {
      model.inDegree.withUnsafeBufferPointer { degree in
        model.side.withUnsafeBufferPointer { side in
          model.forgetting.withUnsafeBufferPointer { forgetting in
            crossSide.withUnsafeBufferPointer { crossSide in
              nonAdopters.withUnsafeMutableBufferPointer { list in
                for r in 0..<list.count {
                  let i = Int(list[r])
                  let node = touch(i)
                  if node.pointee.status == 2 { continue }
                  if node.pointee.opinion >= 0 {
                    let plus = max(0, node.pointee.plus)
                    let minus = max(0, node.pointee.minus)
                    let k = degree[i]
                    var share = 0.0
                    var nu = 0.0
                    if k > 0 {
                      share = plus / k
                      if minus > 0 { nu = min(1, (plus > 0 ? keepModeration * minus : minus) / k) }
                    }
                    let h = min(1, crossSide[Int(side[i])] * Bass.hazard(p: p, q: qc, share: share))
                    if h > 0 || nu > 0 {
                      let u = rng.uniform()
                      if u < nu {
                        node.pointee.opinion = -1
                        dRejecters += 1
                      } else if u < nu + (1 - nu) * h {
                        adopters.append(UInt32(i))
                        continue
                      }
                    }
                    if node.pointee.status == 0 && (p > 0 || plus > 0 || minus > 0) {
                      node.pointee.status = 1
                      dAware += 1
                    }
                  }
                  let f = forgetting[i]
                  if p == 0 && f > 0 && node.pointee.status == 1 && rng.uniform() < f {
                    node.pointee.status = 0
                    dAware -= 1
                    if node.pointee.opinion < 0 {
                      node.pointee.opinion = 0
                      dRejecters -= 1
                    }
                  }
                  list[write] = UInt32(i)
                  write += 1
                }
              }
            }
          }
        }
      }
      nonAdopters.removeLast(nonAdopters.count - write)
    }
    // Adopted in id order, as drawn (the loop above read only each node's own record).
    aware += dAware
    rejecters += dRejecters
    for i in adopters { adopt(nodes + Int(i), i) }
    adopters.removeAll(keepingCapacity: true)
    swap(&adopters, &passAdopters)
    guard p > 0 else { return }
    poolPass(rng, credibility: c)
    let forgotten = maxForgetting > 0 ? forgetNonAdopters(rng) : 0
    aware = model.nodeCount - order.count - forgotten
  }

  /// p > 0 and a bound `rate` = X_max (p + q C · max share) on the hazard below the skipping
  /// threshold: the listed non-adopters without negative pressure are sampled at `rate` by
  /// geometric skipping over the list (stale entries skipped) and adopt with probability
  /// h_i / rate; those with negative pressure (ν_i > 0) draw one uniform each from `negList`.
  /// Each node's law is that of the one-by-one pass.
  func thinnedPass(
    _ rng: RandomGenerator, rate: Double, qc: Double, keepModeration: Double, adopters: inout [UInt32],
    rejecters dRejecters: inout Int
  ) {
    let p = x.p
    if nonAdopters.count > 2 * listedLive { nonAdopters.removeAll { nodes[Int($0)].status == 2 } }
    var taken: [UInt32] = []
    swap(&taken, &adopters)
    var newRejecters = 0
    model.inDegree.withUnsafeBufferPointer { degree in
      model.side.withUnsafeBufferPointer { side in
        crossSide.withUnsafeBufferPointer { crossSide in
          nonAdopters.withUnsafeBufferPointer { list in
            BernoulliTrials(p: rate).forEachSuccess(in: 0..<list.count, rng) { r in
              let i = Int(list[r])
              let node = touch(i)
              guard node.pointee.status != 2, node.pointee.opinion >= 0, !(node.pointee.minus > 0) else { return }
              let k = degree[i]
              let share = k > 0 ? max(0, node.pointee.plus) / k : 0
              let h = min(1, crossSide[Int(side[i])] * Bass.hazard(p: p, q: qc, share: share))
              if h >= rate || rng.uniform() * rate < h { taken.append(UInt32(i)) }
            }
          }
          // Negative pressure: one uniform each (U < ν rejecter, else adopt with h), as one by one.
          var write = 0
          negList.withUnsafeMutableBufferPointer { list in
            for r in 0..<list.count {
              let i = Int(list[r])
              let node = touch(i)
              if node.pointee.status == 2 || !(node.pointee.minus > 0) {
                node.pointee.flags &= ~Self.inNeg
                continue
              }
              list[write] = UInt32(i)
              write += 1
              guard node.pointee.opinion >= 0 else { continue }
              let plus = max(0, node.pointee.plus)
              let minus = node.pointee.minus
              let k = degree[i]
              var share = 0.0
              var nu = 0.0
              if k > 0 {
                share = plus / k
                nu = min(1, (plus > 0 ? keepModeration * minus : minus) / k)
              }
              let h = min(1, crossSide[Int(side[i])] * Bass.hazard(p: p, q: qc, share: share))
              if h > 0 || nu > 0 {
                let u = rng.uniform()
                if u < nu {
                  node.pointee.opinion = -1
                  newRejecters += 1
                } else if u < nu + (1 - nu) * h {
                  taken.append(UInt32(i))
                }
              }
            }
          }
          negList.removeLast(negList.count - write)
        }
      }
    }
    dRejecters += newRejecters
    swap(&taken, &adopters)
  }

  /// p > 0: each unlisted non-adopter adopts with probability h = min(1, X_s p) (its pressures are
  /// 0), sampled at rate min(1, max X · p) by geometric skipping over `pool` and thinned by
  /// h / rate; stale entries are skipped. O(adoptions + pool / compaction).
  func poolPass(_ rng: RandomGenerator, credibility c: Double) {
    let n = model.nodeCount
    let live = n - order.count - listedLive
    if (poolIsIdentity ? n : pool.count) - live > live { compactPool() }
    let hazard = Bass.hazard(p: x.p, q: x.q * c, share: 0)
    let xMax = x.crossSide > 0 ? crossSide.max()! : 1
    let rate = min(1, xMax * hazard)
    let thin = x.crossSide > 0 && crossSide.min()! < xMax
    let identity = poolIsIdentity
    let count = identity ? n : pool.count
    pool.withUnsafeBufferPointer { list in
      BernoulliTrials(p: rate).forEachSuccess(in: 0..<count, rng) { r in
        let i = identity ? r : Int(list[r])
        let node = touch(i)
        guard node.pointee.status != 2, node.pointee.flags & Self.listed == 0 else { return }
        if thin {
          let h = min(1, crossSide[Int(model.side[i])] * hazard)
          if h < rate && rng.uniform() * rate >= h { return }
        }
        adopt(node, UInt32(i))
      }
    }
  }

  /// Drops the pool's stale entries (adopters and listed nodes), keeping id order: O(pool).
  func compactPool() {
    if poolIsIdentity {
      pool.removeAll(keepingCapacity: true)
      for i in 0..<model.nodeCount
      where !isCurrent(i) || (nodes[i].status != 2 && nodes[i].flags & Self.listed == 0) {
        pool.append(UInt32(i))
      }
      poolIsIdentity = false
    } else {
      pool.removeAll { isCurrent(Int($0)) && (nodes[Int($0)].status == 2 || nodes[Int($0)].flags & Self.listed != 0) }
    }
  }

  /// p > 0, after the adoption draws: each non-adopter (all aware) forgets with probability f_i —
  /// back to unaware, and a rejecter back to neutral. Returns how many forgot.
  func forgetNonAdopters(_ rng: RandomGenerator) -> Int {
    let fMax = maxForgetting
    let trials = BernoulliTrials(p: fMax)
    var forgotten = 0
    func forget(_ i: Int) {
      let node = touch(i)
      let f = model.forgetting[i]
      if f < fMax && rng.uniform() * fMax >= f { return }
      node.pointee.status = 0
      if node.pointee.opinion < 0 {
        node.pointee.opinion = 0
        rejecters -= 1
      }
      forgotten += 1
    }
    // The listed list holds non-adopters and, after a thinned pass, stale adopters.
    nonAdopters.withUnsafeBufferPointer { list in
      trials.forEachSuccess(in: 0..<list.count, rng) { r in
        if nodes[Int(list[r])].status != 2 { forget(Int(list[r])) }
      }
    }
    let identity = poolIsIdentity
    let count = identity ? model.nodeCount : pool.count
    pool.withUnsafeBufferPointer { list in
      trials.forEachSuccess(in: 0..<count, rng) { r in
        let i = identity ? r : Int(list[r])
        if isCurrent(i) && (nodes[i].status == 2 || nodes[i].flags & Self.listed != 0) { return }
        forget(i)
      }
    }
    return forgotten
  }

  /// Merges the newly pressed nodes into the sorted visiting list: O(list + fresh log fresh).
  func mergeFresh() { mergeSortedIDs(&nonAdopters, &fresh, scratch: &merged) }

  /// Phase 2: one chance per out-edge of `j`, IC-style with geometric skipping below p = 0.25,
  /// thinned by X_{s(i)} / max X when the cross-side effect differs between sides.
  func cascade(from j: UInt32, _ rng: RandomGenerator, credibility c: Double) {
    let w = model.weight[Int(j)]
    guard w > 0, c > 0 else { return }
    let xMax = x.crossSide > 0 ? crossSide.max()! : 1
    let thin = x.crossSide > 0 && crossSide.min()! < xMax
    for channel in model.channels {
      let pRow = min(1, x.pic * channel.strength * w * c * xMax)
      guard pRow > 0 else { continue }
      channel.csr.offsets.withUnsafeBufferPointer { offsets in
        channel.csr.targets.withUnsafeBufferPointer { targets in
          BernoulliTrials(p: pRow).forEachSuccess(in: offsets[Int(j)]..<offsets[Int(j) + 1], rng) { e in
            tryCascade(to: targets[e], rng, thin: thin, xMax: xMax)
          }
        }
      }
    }
  }

  @inline(__always) func tryCascade(to target: UInt32, _ rng: RandomGenerator, thin: Bool, xMax: Double) {
    let i = Int(target)
    let node = touch(i)
    guard node.pointee.status != 2, node.pointee.opinion >= 0 else { return }
    if thin && rng.uniform() * xMax >= crossSide[Int(model.side[i])] { return }
    adopt(node, target)
  }

  /// Phase 3: promoter with probability π(R), else neutral.
  func assignOpinion(_ j: UInt32, _ rng: RandomGenerator) {
    let pi = promoterNow
    let positive = pi >= 1 || (pi > 0 && rng.uniform() < pi)
    if let k = incentiveNow {
      let incentive = campaign.incentives[k]
      if positive || !incentive.promotersOnly { campaignUnits[incentive.slot] += 1 }
    }
    setOpinion(j, positive ? 1 : 0)
  }

  /// Phase 4 for the adopters of before step t (the first `earlier` of `order`): each talking
  /// agitator is answered with probability r (then promoter with probability ρ, else neutral); each
  /// other non-agitator turns agitator with probability ε; then each that talks stops talking with
  /// probability f_j. Each draw is made by geometric skipping over a list (talking agitators,
  /// earlier adopters, talkers; stale entries skipped), so a step costs O(events + lists / r).
  func revise(earlier: Int, _ rng: RandomGenerator) {
    let r = responsivenessNow
    answers.removeAll(keepingCapacity: true)
    if r > 0 && talkingAgitators > 0 {
      if agitatorList.count > 2 * talkingAgitators {
        agitatorList.removeAll { j in
          let stale = nodes[Int(j)].voice >= 0
          if stale { nodes[Int(j)].flags &= ~Self.inAgitators }
          return stale
        }
      }
      let rho = recoveryNow
      agitatorList.withUnsafeBufferPointer { list in
        BernoulliTrials(p: r).forEachSuccess(in: 0..<list.count, rng) { e in
          let j = list[e]
          guard nodes[Int(j)].voice < 0 else { return }
          answers.append((j, rho >= 1 || (rho > 0 && rng.uniform() < rho) ? 1 : 0))
        }
      }
    }
    // Agitation is for nodes with opinion ≥ 0: the answered agitators are not, until applied below.
    if x.agitation > 0 {
      order.withUnsafeBufferPointer { list in
        BernoulliTrials(p: x.agitation).forEachSuccess(in: 0..<earlier, rng) { e in
          if nodes[Int(list[e])].opinion >= 0 { setOpinion(list[e], -1) }
        }
      }
    }
    for (j, opinion) in answers {
      responses += 1
      if let l = listeningNow { campaignUnits[campaign.listening[l].slot] += 1 }
      setOpinion(j, opinion)
    }
    let fMax = maxForgetting
    guard fMax > 0, talkingPromoters + talkingAgitators > 0 else { return }
    if talkers.count > 2 * (talkingPromoters + talkingAgitators) {
      talkers.removeAll { j in
        let stale = nodes[Int(j)].voice == 0
        if stale { nodes[Int(j)].flags &= ~Self.inTalkers }
        return stale
      }
    }
    talkers.withUnsafeBufferPointer { list in
      BernoulliTrials(p: fMax).forEachSuccess(in: 0..<list.count, rng) { e in
        let j = list[e]
        let node = nodes + Int(j)
        guard node.pointee.voice != 0, node.pointee.status == 2, node.pointee.flags & Self.recent == 0 else { return }
        let f = model.forgetting[Int(j)]
        if f < fMax && rng.uniform() * fMax >= f { return }
        node.pointee.flags |= Self.muted
        updateVoice(j)
      }
    }
  }

  /// Phase 5: each lurker not yet converted converts with probability λ (geometric skipping over
  /// `lurkerList`, compacted when half stale).
  func convertLurkers(_ rng: RandomGenerator) {
    let unconverted = model.lurkers.count - convertedLurkers
    if lurkerList.count > 2 * unconverted {
      lurkerList.removeAll { isCurrent(Int($0)) && nodes[Int($0)].flags & Self.converted != 0 }
    }
    lurkerList.withUnsafeBufferPointer { list in
      BernoulliTrials(p: x.lurkerConversion).forEachSuccess(in: 0..<list.count, rng) { e in
        let l = list[e]
        let node = touch(Int(l))
        guard node.pointee.flags & Self.converted == 0 else { return }
        node.pointee.flags |= Self.converted
        convertedLurkers += 1
        if node.pointee.status == 2 { updateVoice(l) }
      }
    }
  }

  /// Clears the `recent` mark of the adopters from `order[start...]`.
  func clearRecent(from start: Int) {
    for f in start..<order.count { nodes[Int(order[f])].flags &= ~Self.recent }
  }

  /// Sets an adopter's opinion (a new opinion is something new to say: it unmutes).
  func setOpinion(_ j: UInt32, _ opinion: Int8) {
    let node = nodes + Int(j)
    let old = node.pointee.opinion
    if old > 0 { promoters -= 1 } else if old < 0 { agitators -= 1 }
    if opinion > 0 { promoters += 1 } else if opinion < 0 { agitators += 1 }
    node.pointee.opinion = opinion
    node.pointee.flags &= ~Self.muted
    updateVoice(j)
  }

  /// Recomputes what `j` says and pushes the difference to its out-neighbours' pressures.
  func updateVoice(_ j: UInt32) {
    let node = nodes + Int(j)
    let n = node.pointee
    let silent = n.status != 2 || n.flags & Self.muted != 0 || (model.isLurker[Int(j)] && n.flags & Self.converted == 0)
    let voice: Int8 = n.flags & Self.advocate != 0 ? 1 : (silent ? 0 : n.opinion)
    let old = n.voice
    guard voice != old else { return }
    node.pointee.voice = voice
    if voice != 0 && node.pointee.flags & Self.inTalkers == 0 {
      node.pointee.flags |= Self.inTalkers
      talkers.append(j)
    }
    if voice < 0 && node.pointee.flags & Self.inAgitators == 0 {
      node.pointee.flags |= Self.inAgitators
      agitatorList.append(j)
    }
    let w = model.weight[Int(j)]
    let dPlus = Double((voice > 0 ? 1 : 0) - (old > 0 ? 1 : 0))
    let dMinus = Double((voice < 0 ? 1 : 0) - (old < 0 ? 1 : 0))
    talkingPromoters += Int(dPlus)
    talkingAgitators += Int(dMinus)
    positiveVolume += dPlus * w * model.capacity[Int(j)]
    negativeVolume += dMinus * w * model.capacity[Int(j)]
    guard w > 0, tracksPressure else { return }
    // The hot loop works on locals (no class-property access per edge).
    var added: [UInt32] = []
    var negative: [UInt32] = []
    swap(&added, &fresh)
    if dMinus > 0 { swap(&negative, &negList) }
    let before = added.count
    for channel in model.channels {
      let plusAmount = dPlus * channel.strength * w
      let minusAmount = dMinus * channel.strength * w
      channel.csr.offsets.withUnsafeBufferPointer { offsets in
        channel.csr.targets.withUnsafeBufferPointer { targets in
          for e in offsets[Int(j)]..<offsets[Int(j) + 1] {
            let target = nodes + Int(targets[e])
            // An adopter of this replicate needs no pressure (and no refresh).
            if target.pointee.status == 2 && target.pointee.epoch >= replicateEpoch { continue }
            if target.pointee.epoch != epoch { refresh(target) }
            if target.pointee.status == 2 { continue }
            if target.pointee.flags & Self.listed == 0 {
              target.pointee.flags |= Self.listed
              added.append(targets[e])
            }
            if minusAmount > 0 && target.pointee.flags & Self.inNeg == 0 {
              target.pointee.flags |= Self.inNeg
              negative.append(targets[e])
            }
            target.pointee.plus += plusAmount
            target.pointee.minus += minusAmount
          }
        }
      }
    }
    listedLive += added.count - before
    swap(&added, &fresh)
    if dMinus > 0 { swap(&negative, &negList) }
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
