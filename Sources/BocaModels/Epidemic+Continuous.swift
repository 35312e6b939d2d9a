import BocaRandom
import Foundation

extension Epidemic {
  /// One continuous-time SIR replicate by the event-driven method of EoN's `fast_SIR` (see the
  /// type's documentation). Reports at unit times 0, 1, …, horizon (or ⌈last recovery⌉).
  func runContinuousSIR(
    tau: Double, gamma: Double, seeds: [UInt32], rng: RandomGenerator, horizon: Int?, workspace ws: EpidemicWorkspace,
    trace: inout ReplicateTrace
  ) -> Int {
    let epoch = ws.nextEpoch()
    let ever = ws.ever
    let predicted = ws.time
    let predictedStamp = ws.timeStamp
    let n = network.nodeCount
    let limit = horizon.map(Double.init) ?? .infinity
    let recording = trace.recording
    var heap = ws.heap
    var recoveries = ws.recoveries
    ws.heap = EventHeap()
    ws.recoveries = []
    defer {
      ws.heap = heap
      ws.recoveries = recoveries
    }
    recoveries.removeAll(keepingCapacity: true)
    var lastRecovery = 0.0
    var reported = 0
    var recovered = 0

    /// Reports the state at unit time `reported`, then moves on.
    func report(_ trace: inout ReplicateTrace) {
      let everCount = trace.order.count
      if reported < recoveries.count { recovered += recoveries[reported] }
      trace.stepEnds.append(everCount)
      trace.stateCounts.append(n - everCount)
      trace.stateCounts.append(everCount - recovered)
      trace.stateCounts.append(recovered)
      reported += 1
    }

    network.offsets.withUnsafeBufferPointer { offsets in
      network.targets.withUnsafeBufferPointer { targets in
        /// Infects `v` at time `t`: draws its recovery and queues its transmissions.
        func infect(_ v: Int, at t: Double, _ trace: inout ReplicateTrace) {
          ever[v] = epoch
          trace.order.append(UInt32(v))
          let duration = -log(rng.uniformPositive()) / gamma
          let recovery = t + duration
          lastRecovery = max(lastRecovery, recovery)
          if recording {
            let bucket = Int(clamping: recovery.rounded(.up), to: 0...(Int.max / 4))
            if Double(bucket) <= limit {
              if bucket >= recoveries.count {
                recoveries.append(contentsOf: repeatElement(0, count: bucket - recoveries.count + 1))
              }
              recoveries[bucket] += 1
            }
          }
          guard tau > 0 else { return }
          // Each out-edge transmits before recovery with p = 1 − e^{−τD}, at time X ~ Exp(τ) | X < D.
          let p = -expm1(-tau * duration)
          @inline(__always) func transmit(_ w: Int) {
            guard ever[w] != epoch else { return }
            let s = t - log1p(-rng.uniformPositive() * p) / tau
            guard s <= limit, predictedStamp[w] != epoch || s < predicted[w] else { return }
            predictedStamp[w] = epoch
            predicted[w] = s
            heap.push(s, UInt32(w))
          }
          BernoulliTrials(p: p).forEachSuccess(in: offsets[v]..<offsets[v + 1], rng) { transmit(Int(targets[$0])) }
        }

        for s in seeds where ever[Int(s)] != epoch {
          infect(Int(s), at: 0, &trace)
        }
        while !heap.isEmpty {
          let (s, w) = heap.pop()
          if ever[Int(w)] == epoch { continue }
          if recording {
            while Double(reported) < s { report(&trace) }
          }
          infect(Int(w), at: s, &trace)
        }
      }
    }
    if recording {
      let end = horizon ?? Int(clamping: lastRecovery.rounded(.up), to: 0...(Int.max / 4))
      while reported <= end { report(&trace) }
    }
    return trace.order.count
  }

  /// One continuous-time SIS replicate: every infected node holds one event in the heap, the
  /// earlier of its recovery and its next contact (contacts at rate τ·deg⁺, each to a uniformly
  /// chosen out-edge). Reports at unit times 0, 1, …, horizon (default ``defaultSISHorizon``).
  func runContinuousSIS(
    tau: Double, gamma: Double, seeds: [UInt32], rng: RandomGenerator, horizon: Int?, workspace ws: EpidemicWorkspace,
    trace: inout ReplicateTrace
  ) -> Int {
    let epoch = ws.nextEpoch()
    let ever = ws.ever
    let infected = ws.infected
    let recoveryTime = ws.time
    let n = network.nodeCount
    let end = horizon ?? Epidemic.defaultSISHorizon
    let limit = Double(end)
    let recording = trace.recording
    var heap = ws.heap
    ws.heap = EventHeap()
    defer { ws.heap = heap }
    var infectedCount = 0
    var reported = 0

    func report(_ trace: inout ReplicateTrace) {
      trace.stepEnds.append(trace.order.count)
      trace.stateCounts.append(n - infectedCount)
      trace.stateCounts.append(infectedCount)
      reported += 1
    }

    network.offsets.withUnsafeBufferPointer { offsets in
      network.targets.withUnsafeBufferPointer { targets in
        /// Queues u's next event after time t: its next contact or its recovery.
        @inline(__always) func schedule(_ u: Int, after t: Double) {
          let degree = offsets[u + 1] - offsets[u]
          let rate = tau * Double(degree)
          let contact = rate > 0 ? t - log(rng.uniformPositive()) / rate : .infinity
          let event = min(contact, recoveryTime[u])
          if event <= limit { heap.push(event, UInt32(u)) }
        }
        func infect(_ v: Int, at t: Double, _ trace: inout ReplicateTrace) {
          infected[v] = epoch
          if ever[v] != epoch {
            ever[v] = epoch
            trace.order.append(UInt32(v))
          }
          infectedCount += 1
          recoveryTime[v] = gamma > 0 ? t - log(rng.uniformPositive()) / gamma : .infinity
          schedule(v, after: t)
        }

        for s in seeds where infected[Int(s)] != epoch {
          infect(Int(s), at: 0, &trace)
        }
        while !heap.isEmpty {
          let (s, node) = heap.pop()
          let u = Int(node)
          if recording {
            while Double(reported) < s { report(&trace) }
          }
          if s == recoveryTime[u] {
            infected[u] = 0
            infectedCount -= 1
          } else {
            let first = offsets[u]
            let v = Int(targets[first + rng.uniformInt(offsets[u + 1] - first)])
            if infected[v] != epoch { infect(v, at: s, &trace) }
            schedule(u, after: s)
          }
        }
      }
    }
    if recording {
      while reported <= end { report(&trace) }
    }
    return trace.order.count
  }
}
