import BocaGraph
import BocaRandom
import Foundation

/// A growing collection of reverse-reachable (RR) sets, stored flat: set i is
/// `entries[offsets[i] ..< offsets[i + 1]]`, distinct node ids.
///
/// ## Definition
/// Under the independent cascade, draw a live-edge graph (keep edge u → v with probability
/// p_{uv}) and a uniform root v; the RR set is every node that reaches v in it. Then for any set S,
/// σ(S) = n · P(S meets a random RR set) (Borgs, Brautbar, Chayes & Lucier 2014, Observation 3.2),
/// so the fraction of RR sets a seed set covers estimates its spread.
///
/// Under the linear threshold model (Kempe et al. 2003, Claim 2.6), each node keeps at most one
/// of its in-edges, u → v with probability b_{uv}: an RR set is a reverse random walk from the
/// root that stops at a node that keeps no edge or at a node already visited.
///
/// ## Algorithm
/// IC: breadth-first search on the in-adjacency from the root; an in-edge is live with
/// probability p, sampled by geometric skipping (draw the gap to the next live edge,
/// ⌊ln U / ln(1 − p)⌋) when p < 0.25, so a set costs O(its size + its live edges) draws, or
/// one uniform per edge otherwise (and per weighted edge). Epoch-stamped marks: no O(n) reset.
/// LT: one uniform per step of the walk.
///
/// Memory: 4 bytes per entry plus 8 per set.
struct ReverseReachableSets {
  var offsets: [Int] = [0]
  var entries: [UInt32] = []

  var count: Int { offsets.count - 1 }

  mutating func removeAll() {
    offsets = [0]
    entries.removeAll(keepingCapacity: true)
  }
}

/// Which diffusion model the RR sets are sampled for.
public enum InfluenceModel: String, Sendable, CaseIterable {
  /// Independent cascade: uniform p per edge, or the edge's weight.
  case ic
  /// Linear threshold: b_{uv} = the edge's weight, or 1 / (in-degree of v) when unweighted.
  case lt
}

/// Samples RR sets on the chosen layers of a graph: one sampler per thread.
final class RRSampler {
  struct Channel {
    let offsets: [Int]
    let sources: [UInt32]
    let weights: [Float]?
    /// Uniform p; ignored when `weights` is used.
    let p: Double
    /// 1 / ln(1 − p) when skipping, else 0.
    let inverseLogQ: Double
  }

  let model: InfluenceModel
  let channels: [Channel]
  let nodeCount: Int
  /// LT with unweighted layers: total in-degree of each node over the channels.
  let inDegree: [Int]
  /// LT: whether the layers carry weights b_{uv} (then every layer must).
  let weighted: Bool
  var stamp: [UInt32]
  var epoch: UInt32 = 0
  var queue: [UInt32]

  /// - Parameter p: the IC probability of every edge, or `nil` to use edge weights (IC) /
  ///   1 / in-degree or weights (LT).
  init(graph: MultiplexGraph, layers: [Int], model: InfluenceModel, p: Double?) {
    self.model = model
    nodeCount = graph.nodeCount
    var channels: [Channel] = []
    for i in layers {
      let incoming = incomingCSR(graph.layers[i])
      let useWeights = model == .ic ? p == nil : incoming.weights != nil
      let q = p ?? 0
      let skip = model == .ic && !useWeights && q > 0 && q < 0.25
      channels.append(
        Channel(
          offsets: incoming.offsets, sources: incoming.targets, weights: useWeights ? incoming.weights : nil, p: q,
          inverseLogQ: skip ? 1 / log1p(-q) : 0))
    }
    self.channels = channels
    var inDegree = [Int](repeating: 0, count: graph.nodeCount)
    if model == .lt {
      for c in channels {
        for v in 0..<graph.nodeCount { inDegree[v] += c.offsets[v + 1] - c.offsets[v] }
      }
    }
    self.inDegree = inDegree
    weighted = model == .lt && channels.contains { $0.weights != nil }
    stamp = [UInt32](repeating: 0, count: graph.nodeCount)
    queue = [UInt32](repeating: 0, count: graph.nodeCount)
  }

  /// Appends one RR set from a uniform root to `sets`.
  func sample(into sets: inout ReverseReachableSets, rng: RandomGenerator) {
    if epoch == UInt32.max {
      for i in stamp.indices { stamp[i] = 0 }
      epoch = 0
    }
    epoch &+= 1
    let root = rng.uniformInt(nodeCount)
    switch model {
    case .ic: sampleIC(root: root, into: &sets, rng: rng)
    case .lt: sampleLT(root: root, into: &sets, rng: rng)
    }
    sets.offsets.append(sets.entries.count)
  }

  private func sampleIC(root: Int, into sets: inout ReverseReachableSets, rng: RandomGenerator) {
    let epoch = self.epoch
    var count = 1
    stamp.withUnsafeMutableBufferPointer { stamp in
      queue.withUnsafeMutableBufferPointer { queue in
        stamp[root] = epoch
        queue[0] = UInt32(root)
        var head = 0
        while head < count {
          let v = Int(queue[head])
          head += 1
          for c in channels {
            var i = c.offsets[v]
            let end = c.offsets[v + 1]
            guard i < end else { continue }
            c.sources.withUnsafeBufferPointer { sources in
              @inline(__always) func visit(_ u: Int) {
                if stamp[u] != epoch {
                  stamp[u] = epoch
                  queue[count] = UInt32(u)
                  count += 1
                }
              }
              if let weights = c.weights {
                while i < end {
                  if rng.uniform() < Double(weights[i]) { visit(Int(sources[i])) }
                  i += 1
                }
              } else if c.inverseLogQ != 0 {
                while true {
                  let gap = log(rng.uniformPositive()) * c.inverseLogQ
                  if gap >= Double(end - i) { break }
                  i += Int(gap)
                  visit(Int(sources[i]))
                  i += 1
                  if i >= end { break }
                }
              } else if c.p > 0 {
                while i < end {
                  if rng.uniform() < c.p { visit(Int(sources[i])) }
                  i += 1
                }
              }
            }
          }
        }
        sets.entries.append(contentsOf: queue[0..<count])
      }
    }
  }

  private func sampleLT(root: Int, into sets: inout ReverseReachableSets, rng: RandomGenerator) {
    var v = root
    while true {
      stamp[v] = epoch
      sets.entries.append(UInt32(v))
      // Pick at most one in-edge of v: edge j with probability b_j.
      var u = -1
      var x = rng.uniform()
      if !weighted {
        // b = 1 / in-degree on every in-edge: a uniform in-edge, located in O(layers).
        let d = inDegree[v]
        if d > 0 {
          var j = min(Int(x * Double(d)), d - 1)
          for c in channels {
            let row = c.offsets[v + 1] - c.offsets[v]
            if j < row {
              u = Int(c.sources[c.offsets[v] + j])
              break
            }
            j -= row
          }
        }
      } else {
        scan: for c in channels {
          for j in c.offsets[v]..<c.offsets[v + 1] {
            let b = c.weights.map { Double($0[j]) } ?? 0
            if x < b {
              u = Int(c.sources[j])
              break scan
            }
            x -= b
          }
        }
      }
      if u < 0 || stamp[u] == epoch { return }
      v = u
    }
  }
}
