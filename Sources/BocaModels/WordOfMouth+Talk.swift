import BocaGraph
import BocaRandom
import Foundation

/// The rest of a ``WordOfMouth`` step after the adoption pass (docs/wom.md §3, §7): the viral
/// cascade, opinions, agitation and listening, lurkers, and what each node says to its
/// out-neighbours.
extension WordOfMouthSimulator {
  /// Phase 2: one chance per out-edge of `j`, IC-style with geometric skipping below p = 0.25,
  /// thinned by X_{s(i)} / max X when the cross-side effect differs between sides.
  func cascade(from j: UInt32, _ rng: RandomGenerator, credibility c: Double) {
    let w = graph.weight[Int(j)]
    guard w > 0, c > 0 else { return }
    let xMax = x.crossSide > 0 ? crossSide.max()! : 1
    let thin = x.crossSide > 0 && crossSide.min()! < xMax
    for channel in graph.channels {
      let base = x.pic * channel.strength * w * c
      let pRow = min(1, base * xMax)
      guard pRow > 0 else { continue }
      let edge = CascadeEdge(base: base, xMax: xMax, capped: base * xMax >= 1)
      let targets = channel.targets
      BernoulliTrials(p: pRow).forEachSuccess(in: channel.offsets[Int(j)]..<channel.offsets[Int(j) + 1], rng) { e in
        tryCascade(to: targets[e], rng, thin: thin, edge: edge)
      }
    }
  }

  /// One talker's message on one layer: base = π_c s_ℓ w_j C(t); edges are tried at
  /// min(1, base · X_max) and a target i accepted with probability min(1, base X_i) / that.
  struct CascadeEdge {
    let base: Double
    let xMax: Double
    /// Whether the rate is capped at 1 (base · X_max ≥ 1): the acceptance is then min(1, base X_i)
    /// itself, not X_i / X_max.
    let capped: Bool
  }

  /// A tried edge to `target`: thinned to the target side's probability (one uniform when X
  /// differs between sides), then the target adopts unless it has adopted or is a rejecter.
  @inline(__always) func tryCascade(to target: UInt32, _ rng: RandomGenerator, thin: Bool, edge: CascadeEdge) {
    let i = Int(target)
    let node = touch(i)
    guard node.pointee.status != .adopted, node.pointee.opinion >= 0 else { return }
    if thin {
      let u = rng.uniform()
      let xi = crossSide[Int(graph.side[i])]
      if edge.capped ? u >= min(1, edge.base * xi) : u * edge.xMax >= xi { return }
    }
    adopt(node, target)
  }

  /// Phase 3: promoter with probability π(R), else neutral.
  func assignOpinion(_ j: UInt32, _ rng: RandomGenerator) {
    let pi = policy.promoter
    let positive = pi >= 1 || (pi > 0 && rng.uniform() < pi)
    if let k = policy.incentive {
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
    let r = policy.responsiveness
    answers.removeAll(keepingCapacity: true)
    if r > 0 && tally.talkingAgitators > 0 {
      if agitatorList.count > 2 * tally.talkingAgitators {
        agitatorList.removeAll { j in
          let stale = nodes[Int(j)].voice >= 0
          if stale { nodes[Int(j)].flags.remove(.inAgitators) }
          return stale
        }
      }
      let rho = policy.recovery
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
      tally.responses += 1
      if let l = policy.listening { campaignUnits[campaign.listening[l].slot] += 1 }
      setOpinion(j, opinion)
    }
    let fMax = limits.maxForgetting
    guard fMax > 0, tally.talkingPromoters + tally.talkingAgitators > 0 else { return }
    if talkers.count > 2 * (tally.talkingPromoters + tally.talkingAgitators) {
      talkers.removeAll { j in
        let stale = nodes[Int(j)].voice == 0
        if stale { nodes[Int(j)].flags.remove(.inTalkers) }
        return stale
      }
    }
    talkers.withUnsafeBufferPointer { list in
      BernoulliTrials(p: fMax).forEachSuccess(in: 0..<list.count, rng) { e in
        let j = list[e]
        let node = nodes.pointer(Int(j))
        guard node.pointee.voice != 0, node.pointee.status == .adopted, !node.pointee.flags.contains(.recent) else {
          return
        }
        let f = graph.forgetting[Int(j)]
        if f < fMax && rng.uniform() * fMax >= f { return }
        node.pointee.flags.insert(.muted)
        updateVoice(j)
      }
    }
  }

  /// Phase 5: each lurker not yet converted converts with probability λ (geometric skipping over
  /// `lurkerList`, compacted when half stale).
  func convertLurkers(_ rng: RandomGenerator) {
    let unconverted = model.lurkers.count - tally.convertedLurkers
    if lurkerList.count > 2 * unconverted {
      lurkerList.removeAll { isCurrent(Int($0)) && nodes[Int($0)].flags.contains(.converted) }
    }
    lurkerList.withUnsafeBufferPointer { list in
      BernoulliTrials(p: x.lurkerConversion).forEachSuccess(in: 0..<list.count, rng) { e in
        let l = list[e]
        let node = touch(Int(l))
        guard !node.pointee.flags.contains(.converted) else { return }
        node.pointee.flags.insert(.converted)
        tally.convertedLurkers += 1
        if node.pointee.status == .adopted { updateVoice(l) }
      }
    }
  }

  /// Clears the `recent` mark of the adopters from `order[start...]`.
  func clearRecent(from start: Int) {
    for f in start..<order.count { nodes[Int(order[f])].flags.remove(.recent) }
  }

  /// Sets an adopter's opinion (a new opinion is something new to say: it unmutes).
  func setOpinion(_ j: UInt32, _ opinion: Int8) {
    let node = nodes.pointer(Int(j))
    let old = node.pointee.opinion
    if old > 0 { tally.promoters -= 1 } else if old < 0 { tally.agitators -= 1 }
    if opinion > 0 { tally.promoters += 1 } else if opinion < 0 { tally.agitators += 1 }
    node.pointee.opinion = opinion
    node.pointee.flags.remove(.muted)
    updateVoice(j)
  }

  /// Recomputes what `j` says and pushes the difference to its out-neighbours' pressures.
  func updateVoice(_ j: UInt32) {
    let node = nodes.pointer(Int(j))
    let n = node.pointee
    let silent =
      n.status != .adopted || n.flags.contains(.muted) || (graph.isLurker[Int(j)] && !n.flags.contains(.converted))
    let voice: Int8 = n.flags.contains(.advocate) ? 1 : (silent ? 0 : n.opinion)
    let old = n.voice
    guard voice != old else { return }
    node.pointee.voice = voice
    if voice != 0 && !node.pointee.flags.contains(.inTalkers) {
      node.pointee.flags.insert(.inTalkers)
      talkers.append(j)
    }
    if voice < 0 && !node.pointee.flags.contains(.inAgitators) {
      node.pointee.flags.insert(.inAgitators)
      agitatorList.append(j)
    }
    let w = graph.weight[Int(j)]
    let dPlus = Double((voice > 0 ? 1 : 0) - (old > 0 ? 1 : 0))
    let dMinus = Double((voice < 0 ? 1 : 0) - (old < 0 ? 1 : 0))
    tally.talkingPromoters += Int(dPlus)
    tally.talkingAgitators += Int(dMinus)
    // V± are floating sums too: with no talker of a sign left, the volume is exactly 0.
    tally.positiveVolume = tally.talkingPromoters > 0 ? tally.positiveVolume + dPlus * w * graph.capacity[Int(j)] : 0
    tally.negativeVolume = tally.talkingAgitators > 0 ? tally.negativeVolume + dMinus * w * graph.capacity[Int(j)] : 0
    guard w > 0, limits.tracksPressure else { return }
    // The hot loop works on locals (no class-property access per edge).
    var added: [UInt32] = []
    var negative: [UInt32] = []
    swap(&added, &fresh)
    if dMinus > 0 { swap(&negative, &negList) }
    let before = added.count
    let (epoch, replicateEpoch) = (self.epoch, self.replicateEpoch)
    for channel in graph.channels {
      let plusAmount = dPlus * channel.strength * w
      let minusAmount = dMinus * channel.strength * w
      // A layer of strength 0 carries nothing: it lists its targets but counts no talker.
      let dPromoters: Int32 = channel.strength > 0 ? Int32(dPlus) : 0
      let dAgitators: Int32 = channel.strength > 0 ? Int32(dMinus) : 0
      let offsets = channel.offsets
      let targets = channel.targets
      for e in offsets[Int(j)]..<offsets[Int(j) + 1] {
        let target = nodes.pointer(Int(targets[e]))
        // An adopter of this replicate needs no pressure (and no refresh).
        if target.pointee.status == .adopted && target.pointee.epoch >= replicateEpoch { continue }
        if target.pointee.epoch != epoch { refresh(target) }
        if target.pointee.status == .adopted { continue }
        if !target.pointee.flags.contains(.listed) {
          target.pointee.flags.insert(.listed)
          added.append(targets[e])
        }
        if minusAmount > 0 && !target.pointee.flags.contains(.inNeg) {
          target.pointee.flags.insert(.inNeg)
          negative.append(targets[e])
        }
        // Exact counts; a sum whose count is back to 0 is exactly 0 (no floating remainder).
        target.pointee.promoterEdges += dPromoters
        target.pointee.agitatorEdges += dAgitators
        target.pointee.plus = target.pointee.promoterEdges > 0 ? target.pointee.plus + plusAmount : 0
        target.pointee.minus = target.pointee.agitatorEdges > 0 ? target.pointee.minus + minusAmount : 0
      }
    }
    listedLive += added.count - before
    swap(&added, &fresh)
    if dMinus > 0 { swap(&negative, &negList) }
  }
}
