import BocaGraph
import BocaRandom
import Foundation

/// Phase 1 of a ``WordOfMouth`` step (docs/wom.md §3, §7): who adopts, and who forgets.
extension WordOfMouthSimulator {
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
    let rate = p > 0 ? Bass.thinningRate(x: xMax, p: p, q: qc, share: limits.shareMax) : 1
    if rate < Bass.thinningThreshold {
      thinnedPass(rng, rate: rate, qc: qc, keepModeration: keepModeration, adopters: &adopters, rejecters: &dRejecters)
    } else {
      let degree = graph.inDegree
      let side = graph.side
      let forgetting = graph.forgetting
      crossSide.withUnsafeBufferPointer { crossSide in
        nonAdopters.withUnsafeMutableBufferPointer { list in
          for r in 0..<list.count {
            let i = Int(list[r])
            let node = touch(i)
            if node.pointee.status == .adopted { continue }
            if node.pointee.opinion >= 0 {
              let plus = max(0, node.pointee.plus)
              let minus = max(0, node.pointee.minus)
              let heard = node.pointee.promoterEdges > 0
              let outcome = Self.draw(
                plus: plus, minus: minus, promoterTalks: heard, degree: degree[i], x: crossSide[Int(side[i])],
                p: p, qc: qc, keepModeration: keepModeration, rng)
              if outcome > 0 {
                adopters.append(UInt32(i))
                continue
              } else if outcome < 0 {
                node.pointee.opinion = -1
                dRejecters += 1
              }
              if node.pointee.status == .unaware && (p > 0 || heard || node.pointee.agitatorEdges > 0) {
                node.pointee.status = .aware
                dAware += 1
              }
            }
            let f = forgetting[i]
            if p == 0 && f > 0 && node.pointee.status == .aware && rng.uniform() < f {
              node.pointee.status = .unaware
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
      nonAdopters.removeLast(nonAdopters.count - write)
    }
    // Adopted in id order, as drawn (the loop above read only each node's own record).
    tally.aware += dAware
    tally.rejecters += dRejecters
    for i in adopters { adopt(nodes.pointer(Int(i)), i) }
    adopters.removeAll(keepingCapacity: true)
    swap(&adopters, &passAdopters)
    guard p > 0 else { return }
    poolPass(rng, credibility: c)
    let forgotten = limits.maxForgetting > 0 ? forgetNonAdopters(rng) : 0
    tally.aware = model.nodeCount - order.count - forgotten
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
    if nonAdopters.count > 2 * listedLive { nonAdopters.removeAll { nodes[Int($0)].status == .adopted } }
    var taken: [UInt32] = []
    swap(&taken, &adopters)
    var newRejecters = 0
    let degree = graph.inDegree
    let side = graph.side
    crossSide.withUnsafeBufferPointer { crossSide in
      nonAdopters.withUnsafeBufferPointer { list in
        BernoulliTrials(p: rate).forEachSuccess(in: 0..<list.count, rng) { r in
          let i = Int(list[r])
          let node = touch(i)
          guard node.pointee.status != .adopted, node.pointee.opinion >= 0, node.pointee.agitatorEdges == 0 else {
            return
          }
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
          if node.pointee.status == .adopted || node.pointee.agitatorEdges == 0 {
            node.pointee.flags.remove(.inNeg)
            continue
          }
          list[write] = UInt32(i)
          write += 1
          guard node.pointee.opinion >= 0 else { continue }
          let outcome = Self.draw(
            plus: max(0, node.pointee.plus), minus: max(0, node.pointee.minus),
            promoterTalks: node.pointee.promoterEdges > 0, degree: degree[i], x: crossSide[Int(side[i])], p: p,
            qc: qc, keepModeration: keepModeration, rng)
          if outcome > 0 {
            taken.append(UInt32(i))
          } else if outcome < 0 {
            node.pointee.opinion = -1
            newRejecters += 1
          }
        }
      }
      negList.removeLast(negList.count - write)
    }
    dRejecters += newRejecters
    swap(&taken, &adopters)
  }

  /// p > 0: each unlisted non-adopter adopts with probability h = min(1, X_s p) (its pressures are
  /// 0), sampled at rate min(1, max X · p) by geometric skipping over `pool` and thinned by
  /// h / rate; stale entries are skipped. O(adoptions + pool / compaction).
  func poolPass(_ rng: RandomGenerator, credibility c: Double) {
    let n = model.nodeCount
    pool.compact(nodeCount: n, live: n - order.count - listedLive, isStale: leftPool)
    let hazard = Bass.hazard(p: x.p, q: x.q * c, share: 0)
    let xMax = x.crossSide > 0 ? crossSide.max()! : 1
    let rate = min(1, xMax * hazard)
    let thin = x.crossSide > 0 && crossSide.min()! < xMax
    pool.forEachSuccess(BernoulliTrials(p: rate), nodeCount: n, rng) { i in
      let node = touch(i)
      guard node.pointee.status != .adopted, !node.pointee.flags.contains(.listed) else { return }
      if thin {
        let h = min(1, crossSide[Int(graph.side[i])] * hazard)
        if h < rate && rng.uniform() * rate >= h { return }
      }
      adopt(node, UInt32(i))
    }
  }

  /// One listed non-adopter's draw in a pass (docs/wom.md §3): with share P⁺/k and negative
  /// capture ν = min(1, (1 − μ if a promoter talks to it else 1) · P⁻ / k), one uniform U: U < ν
  /// makes it a rejecter (−1), else U < ν + (1 − ν) h adopts (+1), h = min(1, X (p + q C share));
  /// 0 for neither. No draw when h = ν = 0. `promoterTalks` is the exact P⁺ > 0 (a count of
  /// talking-promoter in-edges), not the floating sum.
  @inline(__always) static func draw(
    plus: Double, minus: Double, promoterTalks: Bool, degree k: Double, x: Double, p: Double, qc: Double,
    keepModeration: Double, _ rng: RandomGenerator
  ) -> Int {
    var share = 0.0
    var nu = 0.0
    if k > 0 {
      share = plus / k
      if minus > 0 { nu = min(1, (promoterTalks ? keepModeration * minus : minus) / k) }
    }
    let h = min(1, x * Bass.hazard(p: p, q: qc, share: share))
    guard h > 0 || nu > 0 else { return 0 }
    let u = rng.uniform()
    return u < nu ? -1 : u < nu + (1 - nu) * h ? 1 : 0
  }

  /// Whether node i has left the pool of unlisted non-adopters (adopted, or listed since).
  func leftPool(_ i: Int) -> Bool {
    isCurrent(i) && (nodes[i].status == .adopted || nodes[i].flags.contains(.listed))
  }

  /// p > 0, after the adoption draws: each non-adopter (all aware) forgets with probability f_i —
  /// back to unaware, and a rejecter back to neutral. Returns how many forgot.
  func forgetNonAdopters(_ rng: RandomGenerator) -> Int {
    let fMax = limits.maxForgetting
    let trials = BernoulliTrials(p: fMax)
    var forgotten = 0
    func forget(_ i: Int) {
      let node = touch(i)
      let f = graph.forgetting[i]
      if f < fMax && rng.uniform() * fMax >= f { return }
      node.pointee.status = .unaware
      if node.pointee.opinion < 0 {
        node.pointee.opinion = 0
        tally.rejecters -= 1
      }
      forgotten += 1
    }
    // The listed list holds non-adopters and, after a thinned pass, stale adopters.
    nonAdopters.withUnsafeBufferPointer { list in
      trials.forEachSuccess(in: 0..<list.count, rng) { r in
        if nodes[Int(list[r])].status != .adopted { forget(Int(list[r])) }
      }
    }
    pool.forEachSuccess(trials, nodeCount: model.nodeCount, rng) { i in
      if !leftPool(i) { forget(i) }
    }
    return forgotten
  }

  /// Merges the newly pressed nodes into the sorted visiting list: O(list + fresh log fresh).
  func mergeFresh() { mergeSortedIDs(&nonAdopters, &fresh, scratch: &merged) }
}
