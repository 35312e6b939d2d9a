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
/// Memory: 4 bytes per entry plus 8 per set.
struct ReverseReachableSets {
  var offsets: [Int] = [0]
  var entries: [UInt32] = []

  var count: Int { offsets.count - 1 }

  /// Bytes the collection and what is built from it take: 4 per entry and 4 more for the
  /// cover's inverted index, 8 per set for its offset and 8 for the cover's per-set state.
  var byteCount: Int { entries.count * 8 + offsets.count * 16 }

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

/// Samples RR sets on the chosen layers of a graph, whole or *hit-and-stop*: one sampler per thread.
///
/// ## Algorithm
/// IC: breadth-first search on the in-adjacency from the root; an in-edge is live with
/// probability p, sampled by geometric skipping (draw the gap to the next live edge,
/// ⌊ln U / ln(1 − p)⌋) when p < 0.25, so a set costs O(its size + its live edges) draws, or
/// one uniform per edge otherwise (and per weighted edge). Epoch-stamped marks: no O(n) reset.
/// LT: one uniform per step of the walk.
///
/// Hit-and-stop (Guo, Wang, Wei & Chen 2020, "HIST"): with a stop set S, the search ends as soon
/// as it reaches a node of S. Whether a set meets S is then known exactly, and a set that misses S
/// is complete, so coverage by S ∪ T is exact for every T while the search stops early in the
/// sets that S covers — in a supercritical cascade, almost all of them.
///
/// The in-adjacency is copied once into buffers the sampler owns (so the search touches raw
/// memory only). Memory: 4 bytes per edge (8 weighted) and 8 per node and layer, plus 9 bytes per node.
final class RRSampler {
  struct Channel {
    let offsets: UnsafeMutableBufferPointer<Int>
    let sources: UnsafeMutableBufferPointer<UInt32>
    let weights: UnsafeMutableBufferPointer<Float>?
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
  private let stamp: UnsafeMutableBufferPointer<UInt32>
  private var epoch: UInt32 = 0
  private let queue: UnsafeMutableBufferPointer<UInt32>
  /// `stop[v] != 0` iff v is in the stop set.
  private let stop: UnsafeMutableBufferPointer<UInt8>
  private var stopNodes: [UInt32] = []

  /// - Parameter p: the IC probability of every edge, or `nil` to use edge weights (IC) /
  ///   1 / in-degree or weights (LT).
  init(graph: MultiplexGraph, layers: [Int], model: InfluenceModel, p: Double?) {
    func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
      let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, array.count))
      _ = buffer.initialize(from: array)
      return buffer
    }
    self.model = model
    nodeCount = graph.nodeCount
    var channels: [Channel] = []
    var inDegree = [Int](repeating: 0, count: model == .lt ? graph.nodeCount : 0)
    for i in layers {
      let incoming = incomingCSR(graph.layers[i])
      let useWeights = model == .ic ? p == nil : incoming.weights != nil
      let q = p ?? 0
      let skip = model == .ic && !useWeights && q > 0 && q < 0.25
      if model == .lt {
        for v in 0..<graph.nodeCount { inDegree[v] += incoming.offsets[v + 1] - incoming.offsets[v] }
      }
      channels.append(
        Channel(
          offsets: copy(incoming.offsets), sources: copy(incoming.targets),
          weights: useWeights ? incoming.weights.map(copy) : nil, p: q, inverseLogQ: skip ? 1 / log1p(-q) : 0))
    }
    self.channels = channels
    self.inDegree = inDegree
    weighted = model == .lt && channels.contains { $0.weights != nil }
    stamp = .allocate(capacity: max(1, nodeCount))
    stamp.initialize(repeating: 0)
    queue = .allocate(capacity: max(1, nodeCount))
    queue.initialize(repeating: 0)
    stop = .allocate(capacity: max(1, nodeCount))
    stop.initialize(repeating: 0)
  }

  deinit {
    for c in channels {
      c.offsets.deallocate()
      c.sources.deallocate()
      c.weights?.deallocate()
    }
    stamp.deallocate()
    queue.deallocate()
    stop.deallocate()
  }

  /// Makes `nodes` the stop set of ``sampleTruncated(into:rng:)`` and ``meetsStopSet(rng:)``.
  func setStopSet(_ nodes: [UInt32]) {
    for v in stopNodes { stop[Int(v)] = 0 }
    for v in nodes { stop[Int(v)] = 1 }
    stopNodes = nodes
  }

  /// Appends one RR set from a uniform root to `sets`.
  func sample(into sets: inout ReverseReachableSets, rng: RandomGenerator) {
    let count = search(stopping: false, rng: rng)
    sets.entries.append(contentsOf: UnsafeBufferPointer(rebasing: queue[0..<count]))
    sets.offsets.append(sets.entries.count)
  }

  /// Samples one RR set hit-and-stop: returns `true` when it meets the stop set (and stores
  /// nothing), else appends the whole set to `sets` and returns `false`.
  func sampleTruncated(into sets: inout ReverseReachableSets, rng: RandomGenerator) -> Bool {
    let count = search(stopping: true, rng: rng)
    if count < 0 { return true }
    sets.entries.append(contentsOf: UnsafeBufferPointer(rebasing: queue[0..<count]))
    sets.offsets.append(sets.entries.count)
    return false
  }

  /// Whether a fresh RR set meets the stop set (sampled hit-and-stop; nothing stored).
  func meetsStopSet(rng: RandomGenerator) -> Bool { search(stopping: true, rng: rng) < 0 }

  /// Draws a root and searches from it, leaving the set in `queue[0 ..< count]`; returns the
  /// count, or −1 when `stopping` and the search reached the stop set.
  private func search(stopping: Bool, rng: RandomGenerator) -> Int {
    if epoch == UInt32.max {
      stamp.update(repeating: 0)
      epoch = 0
    }
    epoch &+= 1
    let root = rng.uniformInt(nodeCount)
    switch model {
    case .ic: return searchIC(root: root, stopping: stopping, rng: rng)
    case .lt: return walkLT(root: root, stopping: stopping, rng: rng)
    }
  }

  private func searchIC(root: Int, stopping: Bool, rng: RandomGenerator) -> Int {
    let epoch = self.epoch
    let stamp = self.stamp
    let queue = self.queue
    let stop = self.stop
    if stopping && stop[root] != 0 { return -1 }
    var count = 1
    stamp[root] = epoch
    queue[0] = UInt32(root)
    // Marks u reached; false when u is in the stop set (the search then ends).
    @inline(__always) func visit(_ u: Int) -> Bool {
      if stamp[u] != epoch {
        if stopping && stop[u] != 0 { return false }
        stamp[u] = epoch
        queue[count] = UInt32(u)
        count += 1
      }
      return true
    }
    var head = 0
    while head < count {
      let v = Int(queue[head])
      head += 1
      for c in channels {
        var i = c.offsets[v]
        let end = c.offsets[v + 1]
        guard i < end else { continue }
        let sources = c.sources
        if let weights = c.weights {
          while i < end {
            if rng.uniform() < Double(weights[i]), !visit(Int(sources[i])) { return -1 }
            i += 1
          }
        } else if c.inverseLogQ != 0 {
          while true {
            let gap = log(rng.uniformPositive()) * c.inverseLogQ
            if gap >= Double(end - i) { break }
            i += Int(gap)
            if !visit(Int(sources[i])) { return -1 }
            i += 1
            if i >= end { break }
          }
        } else if c.p > 0 {
          while i < end {
            if rng.uniform() < c.p, !visit(Int(sources[i])) { return -1 }
            i += 1
          }
        }
      }
    }
    return count
  }

  private func walkLT(root: Int, stopping: Bool, rng: RandomGenerator) -> Int {
    var v = root
    var count = 0
    while true {
      if stopping && stop[v] != 0 { return -1 }
      stamp[v] = epoch
      queue[count] = UInt32(v)
      count += 1
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
      if u < 0 || stamp[u] == epoch { return count }
      v = u
    }
  }
}
