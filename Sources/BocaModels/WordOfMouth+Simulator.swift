import BocaGraph
import BocaRandom
import Foundation

/// One node's state in a ``WordOfMouth`` replicate; valid only when `epoch` is the current one
/// (otherwise the node is unaware, neutral, silent, with no pressure).
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
  /// Bit 2: in `nonAdopters` or `fresh` (p = 0 only).
  static let listed: UInt8 = 4
  /// Bit 3: an advocate of a running advocacy action (talks positively, whatever its status).
  static let advocate: UInt8 = 8

  let model: WordOfMouth
  let x: WordOfMouth.Parameters
  let nodes: UnsafeMutablePointer<WomNode>
  var epoch: UInt32 = 0
  var order: [UInt32] = []
  /// The non-adopters the pass visits, in increasing id order: all of them when p > 0; when p = 0
  /// only those that ever felt pressure (the others have h = ν = 0 and nothing to forget).
  var nonAdopters: [UInt32] = []
  var listBuilt = false
  /// Nodes that felt pressure for the first time since the last pass (p = 0), unsorted.
  var fresh: [UInt32] = []
  var merged: [UInt32] = []
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

  /// The node's record, reset if it is from an earlier replicate.
  @inline(__always) func touch(_ i: Int) -> UnsafeMutablePointer<WomNode> {
    let node = nodes + i
    if node.pointee.epoch != epoch { node.pointee = WomNode(epoch: epoch) }
    return node
  }

  func run(seeds: [UInt32], rng: RandomGenerator, horizon: Int?, trace: inout ReplicateTrace) -> Int {
    trace.reset()
    trace.stateNames = Self.stateNames
    startReplicate()
    let steps = horizon ?? WordOfMouth.defaultHorizon
    for s in seeds {
      let node = touch(Int(s))
      if node.pointee.status != 2 { adopt(node, s) }
    }
    if hasCampaign {
      setPolicies(step: 0)
      campaignStep(0, rng, credibility: credibility)
    }
    for j in order { assignOpinion(j, rng) }
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
      if responsivenessNow > 0 || x.agitation > 0 || model.anyForgetting {
        for f in 0..<start { revise(order[f], rng) }
      }
      // 5. Lurkers.
      if x.lurkerConversion > 0 && convertedLurkers < model.lurkers.count {
        for l in model.lurkers { convertLurker(l, rng) }
      }
      // 6. Brand credibility from the step's conversations.
      if model.totalCapacity > 0 {
        let next =
          c + x.gain * (1 - c) * max(0, vPlus) / model.totalCapacity - x.loss * c * max(0, vMinus) / model.totalCapacity
        credibility = min(1, max(0, next))
      }
      frontier = start..<order.count
      record(&trace)
    }
    trace.order.append(contentsOf: order)
    return order.count
  }

  /// Resets the counters and starts a new epoch: O(sides), O(N) once every 2³² − 1 replicates.
  func startReplicate() {
    if epoch == UInt32.max {
      for i in 0..<model.nodeCount { nodes[i].epoch = 0 }
      epoch = 0
    }
    epoch &+= 1
    order.removeAll(keepingCapacity: true)
    nonAdopters.removeAll(keepingCapacity: true)
    fresh.removeAll(keepingCapacity: true)
    listBuilt = false
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
    node.pointee.status = 2
    order.append(i)
    adoptedBySide[Int(model.side[Int(i)])] += 1
  }

  /// Phase 1: one draw per non-adopter with a positive hazard or negative capture, in id order.
  func pass(_ rng: RandomGenerator, credibility c: Double) {
    if x.p > 0 {
      if !listBuilt {
        for i in 0..<model.nodeCount where touch(i).pointee.status != 2 { nonAdopters.append(UInt32(i)) }
        listBuilt = true
      }
    } else if !fresh.isEmpty {
      mergeFresh()
    }
    let p = x.p
    let qc = x.q * c
    let keepModeration = 1 - x.moderation
    var write = 0
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
                      rejecters += 1
                    } else if u < nu + (1 - nu) * h {
                      adopt(node, UInt32(i))
                      continue
                    }
                  }
                  if node.pointee.status == 0 && (p > 0 || plus > 0 || minus > 0) {
                    node.pointee.status = 1
                    aware += 1
                  }
                }
                let f = forgetting[i]
                if f > 0 && node.pointee.status == 1 && rng.uniform() < f {
                  node.pointee.status = 0
                  aware -= 1
                  if node.pointee.opinion < 0 {
                    node.pointee.opinion = 0
                    rejecters -= 1
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

  /// Merges the newly pressed nodes into the sorted visiting list: O(list + fresh log fresh).
  func mergeFresh() {
    fresh.sort()
    merged.removeAll(keepingCapacity: true)
    var a = 0
    var b = 0
    while a < nonAdopters.count || b < fresh.count {
      if b == fresh.count || (a < nonAdopters.count && nonAdopters[a] < fresh[b]) {
        merged.append(nonAdopters[a])
        a += 1
      } else {
        merged.append(fresh[b])
        b += 1
      }
    }
    swap(&nonAdopters, &merged)
    fresh.removeAll(keepingCapacity: true)
  }

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

  /// Phase 4 for one earlier adopter: listening, else agitation; then forgetting to talk.
  func revise(_ j: UInt32, _ rng: RandomGenerator) {
    let node = nodes + Int(j)
    if responsivenessNow > 0 && node.pointee.voice < 0 {
      if rng.uniform() < responsivenessNow {
        responses += 1
        if let l = listeningNow { campaignUnits[campaign.listening[l].slot] += 1 }
        let rho = recoveryNow
        setOpinion(j, rho >= 1 || (rho > 0 && rng.uniform() < rho) ? 1 : 0)
      }
    } else if x.agitation > 0 && node.pointee.opinion >= 0 && rng.uniform() < x.agitation {
      setOpinion(j, -1)
    }
    let f = model.forgetting[Int(j)]
    if f > 0 && node.pointee.voice != 0 && rng.uniform() < f {
      node.pointee.flags |= Self.muted
      updateVoice(j)
    }
  }

  /// Phase 5 for one lurker.
  func convertLurker(_ l: UInt32, _ rng: RandomGenerator) {
    let node = touch(Int(l))
    guard node.pointee.flags & Self.converted == 0, rng.uniform() < x.lurkerConversion else { return }
    node.pointee.flags |= Self.converted
    convertedLurkers += 1
    if node.pointee.status == 2 { updateVoice(l) }
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
    let w = model.weight[Int(j)]
    let dPlus = Double((voice > 0 ? 1 : 0) - (old > 0 ? 1 : 0))
    let dMinus = Double((voice < 0 ? 1 : 0) - (old < 0 ? 1 : 0))
    talkingPromoters += Int(dPlus)
    talkingAgitators += Int(dMinus)
    positiveVolume += dPlus * w * model.capacity[Int(j)]
    negativeVolume += dMinus * w * model.capacity[Int(j)]
    guard w > 0, tracksPressure else { return }
    let listing = x.p == 0
    for channel in model.channels {
      let amount = channel.strength * w
      channel.csr.offsets.withUnsafeBufferPointer { offsets in
        channel.csr.targets.withUnsafeBufferPointer { targets in
          for e in offsets[Int(j)]..<offsets[Int(j) + 1] {
            let target = touch(Int(targets[e]))
            if target.pointee.status == 2 { continue }
            if listing && target.pointee.flags & Self.listed == 0 {
              target.pointee.flags |= Self.listed
              fresh.append(targets[e])
            }
            if dPlus != 0 { target.pointee.plus += dPlus * amount }
            if dMinus != 0 { target.pointee.minus += dMinus * amount }
          }
        }
      }
    }
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
