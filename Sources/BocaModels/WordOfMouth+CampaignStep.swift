import BocaRandom
import Foundation

/// The campaign phase of a ``WordOfMouth`` step (`docs/wom.md` §10): after the adoption pass of
/// step t (at step 0: after the seeds), in this order: advocacy starts or stops, scheduled seeds
/// adopt, later seed waves are drawn and adopt, broadcasts reach their audiences. Incentives and listening only change the values that
/// phases 3 and 4 read (`setPolicies`). Nothing here runs when the model has no campaign.
extension WordOfMouthSimulator {
  /// The incentive and listening policy of step t.
  func setPolicies(step t: Int) {
    policy.incentive = campaign.incentives.firstIndex { $0.schedule.isActive(t) }
    policy.promoter =
      policy.incentive.map { campaign.incentives[$0].promoterProbability(base: x.promoter) } ?? x.promoterProbability
    policy.listening = campaign.listening.firstIndex { $0.schedule.isActive(t) }
    policy.responsiveness = policy.listening.map { campaign.listening[$0].responsiveness } ?? x.responsiveness
    policy.recovery = policy.listening.map { campaign.listening[$0].recovery } ?? x.recovery
  }

  /// Whether a campaign action or a scheduled seed may still act after step t.
  func campaignPending(after t: Int) -> Bool {
    campaign.pending(after: t) || scheduledSeeds.contains { $0.step > t }
  }

  func campaignStep(_ t: Int, _ rng: RandomGenerator, credibility c: Double) {
    for (a, action) in campaign.advocacy.enumerated() {
      if t == action.schedule.start && action.schedule.covers(t) { recruit(a, rng) }
      if let end = action.schedule.end, t == end { dismiss(a) }
      if action.schedule.covers(t) { campaignUnits[action.slot] += Double(advocates[a].count) }
    }
    let beforeSeeds = order.count
    for batch in scheduledSeeds where batch.step == t && t > 0 {
      for s in batch.nodes { adopt(touch(Int(s)), s) }
    }
    for w in campaign.seedWaves where w.schedule.isActive(t) { seedWave(w, rng) }
    seededAdopters += order.count - beforeSeeds
    for b in campaign.broadcasts where b.schedule.isActive(t) { broadcast(b, rng, credibility: c) }
  }

  /// One later wave of a seed action: picks in the action's order past the nodes that have
  /// adopted in this replicate, however they adopted (so never a node chosen by an earlier wave),
  /// and the picks adopt now. A record is of this replicate when its epoch is at least the
  /// replicate's first (passes with p > 0 advance the epoch, so it need not be the current one).
  func seedWave(_ w: WordOfMouth.SeedWaves, _ rng: RandomGenerator) {
    var picked: [UInt32] = []
    let first = replicateEpoch
    let nodes = nodes
    campaignUnits[w.slot] += w.draw.pick(
      rng, sideOf: model.side, scratch: &scratch,
      skipping: { v in
        let node = nodes.pointer(Int(v))
        return node.pointee.epoch >= first && node.pointee.status == .adopted
      }, into: &picked)
    for v in picked { adopt(touch(Int(v)), v) }
  }

  /// Reaches each audience member with probability `reach` (geometric skipping: O(reached)).
  func broadcast(_ b: WordOfMouth.Broadcast, _ rng: RandomGenerator, credibility c: Double) {
    let n = b.audience.count
    guard b.reach > 0, n > 0 else { return }
    if b.reach >= 1 {
      for v in b.audience { reach(v, b, rng, credibility: c) }
      return
    }
    let invLogQ = 1 / log1p(-b.reach)
    var e = 0
    while true {
      let gap = log(rng.uniformPositive()) * invLogQ
      if gap >= Double(n - e) { break }
      e += Int(gap)
      reach(b.audience[e], b, rng, credibility: c)
      e += 1
      if e >= n { break }
    }
  }

  /// One impression on `v`: it becomes aware and, unless it is a rejecter, adopts with the
  /// broadcast's conversion probability.
  func reach(_ v: UInt32, _ b: WordOfMouth.Broadcast, _ rng: RandomGenerator, credibility c: Double) {
    let i = Int(v)
    let node = touch(i)
    guard node.pointee.status != .adopted else { return }
    campaignUnits[b.slot] += 1
    if node.pointee.status == .unaware {
      node.pointee.status = .aware
      tally.aware += 1
      if x.p == 0 && !node.pointee.flags.contains(.listed) {
        node.pointee.flags.insert(.listed)
        fresh.append(v)
      }
    }
    guard node.pointee.opinion >= 0 else { return }
    let h = b.conversion(credibility: c, crossSide: crossSide[Int(graph.side[i])])
    if h >= 1 || (h > 0 && rng.uniform() < h) { adopt(node, v) }
  }

  /// Draws round(fraction · |pool|) advocates without replacement (partial Fisher–Yates).
  func recruit(_ a: Int, _ rng: RandomGenerator) {
    let action = campaign.advocacy[a]
    let m = min(action.count, action.pool.count)
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: action.pool)
    for r in 0..<m {
      let k = r + rng.uniformInt(scratch.count - r)
      scratch.swapAt(r, k)
      let v = scratch[r]
      let node = touch(Int(v))
      guard !node.pointee.flags.contains(.advocate) else { continue }
      node.pointee.flags.insert(.advocate)
      advocates[a].append(v)
      updateVoice(v)
    }
  }

  /// Ends an advocacy action: its advocates go back to their own voice.
  func dismiss(_ a: Int) {
    for v in advocates[a] {
      nodes[Int(v)].flags.remove(.advocate)
      updateVoice(v)
    }
    advocates[a].removeAll(keepingCapacity: true)
  }
}
