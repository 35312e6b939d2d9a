import BocaGraph
import BocaRandom

extension BassSimulator {
  /// A replicate of ``Bass`` with market potential m < 1 or population weight w < 1 (see the
  /// model's documentation): eligibility drawn once per node (when m < 1), then each step one
  /// uniform per eligible non-adopter in increasing id order, with hazard
  /// p + q (w a_i/k_i + (1 − w) A/N). Seeds adopt at step 0 whether eligible or not.
  /// O(N) per step, O(Σ deg⁺) pushes per replicate; no allocation once the arrays have grown.
  func mixedRun(seeds: [UInt32], rng: RandomGenerator, horizon: Int?, trace: inout ReplicateTrace) -> Int {
    trace.reset()
    let n = model.nodeCount
    let p = model.p
    let q = model.q
    let w = model.w
    let m = model.m
    let network = model.field == .network
    let steps = horizon ?? Bass.defaultHorizon
    if eligible.count != n { eligible = [Bool](repeating: true, count: n) }
    var eligibleLeft = 0
    for i in 0..<n {
      adoptedNeighbours[i] = 0
      adopted[i] = false
      eligible[i] = m >= 1 || rng.uniform() < m
      if eligible[i] { eligibleLeft += 1 }
    }
    for s in seeds where !adopted[Int(s)] {
      adopted[Int(s)] = true
      if eligible[Int(s)] { eligibleLeft -= 1 }
      trace.order.append(s)
    }
    mixedPush(trace.order[...])
    trace.endStep()
    var step = 0
    while step < steps && eligibleLeft > 0 && !(p == 0 && (q == 0 || trace.order.isEmpty)) {
      step += 1
      let start = trace.order.count
      let population = n > 0 ? Double(start) / Double(n) : 0
      adopted.withUnsafeBufferPointer { adopted in
        eligible.withUnsafeBufferPointer { eligible in
          adoptedNeighbours.withUnsafeBufferPointer { counts in
            model.inDegree.withUnsafeBufferPointer { degree in
              for i in 0..<n where eligible[i] && !adopted[i] {
                let k = degree[i]
                let local = network ? (k > 0 ? Double(counts[i]) / k : 0) : population
                let h = Bass.hazard(p: p, q: q, share: w * local + (1 - w) * population)
                if h > 0 && rng.uniform() < h { trace.order.append(UInt32(i)) }
              }
            }
          }
        }
      }
      eligibleLeft -= trace.order.count - start
      for i in trace.order[start...] { adopted[Int(i)] = true }
      mixedPush(trace.order[start...])
      trace.endStep()
    }
    return trace.order.count
  }

  /// Adds each new adopter to its out-neighbours' counters (network field, q > 0, w > 0).
  func mixedPush(_ newAdopters: ArraySlice<UInt32>) {
    guard model.field == .network, model.q > 0, model.w > 0, !newAdopters.isEmpty else { return }
    adoptedNeighbours.withUnsafeMutableBufferPointer { counts in
      for csr in model.channels {
        csr.offsets.withUnsafeBufferPointer { offsets in
          csr.targets.withUnsafeBufferPointer { targets in
            for u in newAdopters {
              for e in offsets[Int(u)]..<offsets[Int(u) + 1] { counts[Int(targets[e])] &+= 1 }
            }
          }
        }
      }
    }
  }
}
