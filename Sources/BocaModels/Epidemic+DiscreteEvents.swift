import BocaRandom
import Foundation

extension Epidemic {
  /// Discrete-time SIR with the `neighbour` rule, event-driven: the same law as the synchronous
  /// step (see the type's documentation), computed once per infected node instead of once per
  /// node and step.
  ///
  /// A node u infected at step t stays infectious for D ~ Geometric(γ) ≥ 1 steps and tries each
  /// out-edge once per step; the edge's first success comes after K ~ Geometric(β) ≥ 1 steps,
  /// independently of D and of the other edges, so it transmits iff K ≤ D, with probability
  /// p = 1 − (1 − β)^D, at step t + K where K | K ≤ D = ⌈ln(1 − U p) / ln(1 − β)⌉. The target is
  /// infected at the earliest step any transmission reaches it while susceptible. Transmissions
  /// wait in one bucket per step (a calendar queue: O(1) per event), and only those earlier than
  /// the target's earliest queued one are queued (as in EoN's `fast_SIR`).
  ///
  /// Cost per infected node: one logarithm for D, one for p, and the out-edge scan (geometric
  /// skipping for p < 0.25) plus one logarithm per transmission; no work per step.
  func runDiscreteSIREvents(
    beta: Double, gamma: Double, seeds: [UInt32], rng: RandomGenerator, horizon: Int?, workspace ws: EpidemicWorkspace,
    trace: inout ReplicateTrace
  ) -> Int {
    let epoch = ws.nextEpoch()
    let ever = ws.ever
    let predicted = ws.time
    let predictedStamp = ws.timeStamp
    let n = network.nodeCount
    let maxStep = horizon ?? .max
    let recording = trace.recording
    var buckets = ws.buckets
    var recoveries = ws.recoveries
    ws.buckets = []
    ws.recoveries = []
    defer {
      ws.buckets = buckets
      ws.recoveries = recoveries
    }
    recoveries.removeAll(keepingCapacity: true)
    let logQ = log1p(-beta)  // −∞ when β = 1: every edge transmits at K = 1
    let logR = log1p(-gamma)  // −∞ when γ = 1: D = 1
    var lastRecovery = 0
    var lastBucket = 0

    network.offsets.withUnsafeBufferPointer { offsets in
      network.targets.withUnsafeBufferPointer { targets in
        func infect(_ v: Int, at t: Int, _ trace: inout ReplicateTrace) {
          ever[v] = epoch
          trace.order.append(UInt32(v))
          let duration = gamma >= 1 ? 1 : 1 + Int(clamping: log(rng.uniformPositive()) / logR, to: 0...(Int.max / 4))
          let recovery = t &+ duration
          lastRecovery = max(lastRecovery, recovery)
          if recording && recovery <= maxStep {
            if recovery >= recoveries.count {
              recoveries.append(contentsOf: repeatElement(0, count: recovery - recoveries.count + 1))
            }
            recoveries[recovery] += 1
          }
          guard beta > 0 else { return }
          let p = beta >= 1 ? 1 : -expm1(Double(duration) * logQ)
          @inline(__always) func transmit(_ w: Int) {
            guard ever[w] != epoch else { return }
            let k =
              beta >= 1 ? 1 : Int(clamping: (log1p(-rng.uniformPositive() * p) / logQ).rounded(.up), to: 1...duration)
            let s = t + k
            guard s <= maxStep, predictedStamp[w] != epoch || Double(s) < predicted[w] else { return }
            predictedStamp[w] = epoch
            predicted[w] = Double(s)
            if s >= buckets.count { buckets.append(contentsOf: repeatElement([], count: s - buckets.count + 1)) }
            buckets[s].append(UInt32(w))
            lastBucket = max(lastBucket, s)
          }
          BernoulliTrials(p: p).forEachSuccess(in: offsets[v]..<offsets[v + 1], rng) { transmit(Int(targets[$0])) }
        }

        for s in seeds where ever[Int(s)] != epoch {
          infect(Int(s), at: 0, &trace)
        }
        var recovered = 0
        func record(_ step: Int, _ trace: inout ReplicateTrace) {
          guard recording else { return }
          if step < recoveries.count { recovered += recoveries[step] }
          let everCount = trace.order.count
          trace.stepEnds.append(everCount)
          trace.stateCounts.append(n - everCount)
          trace.stateCounts.append(everCount - recovered)
          trace.stateCounts.append(recovered)
        }
        record(0, &trace)
        var step = 1
        while step <= lastBucket {
          if step < buckets.count {
            var index = 0
            // Infections at this step only queue later steps (K ≥ 1), so the bucket is stable.
            while index < buckets[step].count {
              let w = Int(buckets[step][index])
              if ever[w] != epoch { infect(w, at: step, &trace) }
              index += 1
            }
            buckets[step].removeAll(keepingCapacity: true)
          }
          record(step, &trace)
          step += 1
        }
        // The synchronous step ends when nobody is infected: at the last recovery.
        while recording && step <= min(lastRecovery, maxStep) {
          record(step, &trace)
          step += 1
        }
      }
    }
    return trace.order.count
  }
}
