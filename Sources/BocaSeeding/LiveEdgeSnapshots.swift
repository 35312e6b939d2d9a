import BocaGraph
import BocaModels
import BocaRandom

/// R live-edge samples ("snapshots") of the independent cascade, for CELF with IC: the spread
/// of a seed set in replicate r is the number of nodes it reaches over the edges live in r.
///
/// ## Model
/// IC's final active set has the law of the set reachable from the seeds in a random subgraph
/// that keeps each edge entry u → v independently with probability p_{uv} (Kempe et al. 2003,
/// Claim 2.3; the bond-percolation view ``BocaModels/IndependentCascade`` also documents). Here
/// replicate r keeps entry i of layer ℓ iff
///
///     U_{r,ℓ,i} = mix(b_{r,ℓ} ⊕ (i + 1)·γ) / 2⁶⁴ < p_{uv},   b_{r,ℓ} = mix(s_r ⊕ (ℓ + 1)·γ)
///
/// with s_r the replicate seed (from the policy's GSL generator through ``BocaRandom/RandomSeedDerivation``),
/// `mix` the SplitMix64 finaliser, γ its golden-ratio increment and ⊕ wrapping addition — the
/// SplitMix64 stream (Steele, Lea & Flood 2014) keyed by the edge rather than drawn in visiting
/// order. Each U is uniform on [0, 1) (53-bit) and independent across entries and replicates for
/// all practical purposes.
///
/// This is the strongest form of common random numbers: every candidate is evaluated on the very
/// same R live-edge graphs, so σ̂ is exactly monotone and submodular (CELF's lazy evaluation is
/// then exact) and a marginal gain is computed by a search that stops at nodes the chosen seeds
/// already reach (Cheng et al. 2013, "StaticGreedy").
///
/// ## Algorithm
/// The live edges of every replicate are drawn once, up front (O(R·m) hashes), into one CSR per
/// replicate. Per replicate, a mark per node for "reached by the chosen seeds". A gain is the
/// size of the search from v over live edges through unmarked nodes (epoch stamps, no reset);
/// choosing a seed runs the same search and marks what it finds. Memory: R·(5n + 4·p·m) bytes.
///
/// References: D. Kempe, J. Kleinberg, É. Tardos, KDD 2003; S. Cheng, H. Shen, J. Huang, G. Zhang,
/// X. Cheng, "StaticGreedy: solving the scalability-accuracy dilemma in influence maximization",
/// CIKM 2013; G. L. Steele, D. Lea, C. H. Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014.
final class LiveEdgeSnapshots {
  let nodeCount: Int
  let replicates: Int
  /// Live out-edges of replicate r: targets[base[r] + offsets[r·(n+1) + u] ..< base[r] + offsets[r·(n+1) + u + 1]].
  let offsets: [UInt32]
  let base: [Int]
  let targets: [UInt32]
  /// reached[r·n + v]: v is reached by the chosen seeds in replicate r.
  var reached: [Bool]
  var stamp: [UInt32]
  var epoch: UInt32 = 0
  var queue: [UInt32]

  init(graph: MultiplexGraph, layers: [Int], probabilities: [IndependentCascade.Probability], seeds: [UInt32]) {
    let n = graph.nodeCount
    nodeCount = n
    replicates = seeds.count
    let golden: UInt64 = 0x9E37_79B9_7F4A_7C15
    let scale = 1.0 / 9_007_199_254_740_992.0  // 2^-53
    var offsets = [UInt32](repeating: 0, count: seeds.count * (n + 1))
    var base = [Int](repeating: 0, count: seeds.count)
    var targets: [UInt32] = []
    for (r, s) in seeds.enumerated() {
      base[r] = targets.count
      let bases = (0..<layers.count).map { RandomSeedDerivation.mix(UInt64(s) &+ UInt64($0 + 1) &* golden) }
      for u in 0..<n {
        for (l, (index, rule)) in zip(layers, probabilities).enumerated() {
          let csr = graph.layers[index].out
          for i in csr.offsets[u]..<csr.offsets[u + 1] {
            let p: Double
            switch rule {
            case .uniform(let q): p = q
            case .edgeWeight: p = Double(csr.weights![i])
            }
            let coin = Double(RandomSeedDerivation.mix(bases[l] &+ UInt64(i + 1) &* golden) >> 11) * scale
            if coin < p { targets.append(csr.targets[i]) }
          }
        }
        offsets[r * (n + 1) + u + 1] = UInt32(targets.count - base[r])
      }
    }
    self.offsets = offsets
    self.base = base
    self.targets = targets
    reached = [Bool](repeating: false, count: seeds.count * n)
    stamp = [UInt32](repeating: 0, count: n)
    queue = [UInt32](repeating: 0, count: n)
  }

  /// Σ_r (nodes v reaches in replicate r that the chosen seeds do not): R × the marginal gain.
  func gain(_ v: UInt32) -> Int {
    var total = 0
    for r in 0..<replicates { total += search(from: v, replicate: r, mark: false) }
    return total
  }

  /// Adds `v` to the chosen seeds; returns R × its gain.
  @discardableResult
  func choose(_ v: UInt32) -> Int {
    var total = 0
    for r in 0..<replicates { total += search(from: v, replicate: r, mark: true) }
    return total
  }

  private func search(from source: UInt32, replicate r: Int, mark: Bool) -> Int {
    let n = nodeCount
    let offset = r * n
    if reached[offset + Int(source)] { return 0 }
    if epoch == UInt32.max {
      for i in stamp.indices { stamp[i] = 0 }
      epoch = 0
    }
    epoch &+= 1
    let epoch = self.epoch
    let rowBase = r * (n + 1)
    let targetBase = base[r]
    var count = 1
    reached.withUnsafeMutableBufferPointer { reached in
      stamp.withUnsafeMutableBufferPointer { stamp in
        queue.withUnsafeMutableBufferPointer { queue in
          offsets.withUnsafeBufferPointer { offsets in
            targets.withUnsafeBufferPointer { targets in
              stamp[Int(source)] = epoch
              queue[0] = source
              var head = 0
              while head < count {
                let u = Int(queue[head])
                head += 1
                let lo = targetBase + Int(offsets[rowBase + u])
                let hi = targetBase + Int(offsets[rowBase + u + 1])
                for i in lo..<hi {
                  let v = Int(targets[i])
                  if stamp[v] == epoch || reached[offset + v] { continue }
                  stamp[v] = epoch
                  queue[count] = UInt32(v)
                  count += 1
                }
              }
              if mark {
                for j in 0..<count { reached[offset + Int(queue[j])] = true }
              }
            }
          }
        }
      }
    }
    return count
  }
}
