import BocaGraph
import BocaRandom

/// The Bass diffusion model in discrete time, on a network or in mean field.
///
/// ## Model
/// Time runs in steps; the seeds (optional) have adopted at step 0. In step t every node i that
/// has not adopted adopts, independently, with probability
///
///     network:     h_i(t) = p + q · a_i(t) / k_i        (h_i = p when k_i = 0)
///     mean field:  h(t)   = p + q · A(t) / N
///
/// where a_i(t) is the number of adopted in-neighbours of i at the start of the step, counted over
/// the model's layers (an undirected layer's neighbours; a node linked to i on two layers counts
/// twice), k_i the number of in-neighbour entries over the same layers (its degree), A(t) the
/// adopters among all N nodes at the start of the step. Edge weights are ignored. Adopters stay
/// adopted. `p` is the coefficient of innovation (external influence: advertising, media) and `q`
/// the coefficient of imitation (internal influence: word of mouth). h is capped at 1.
///
/// In plain words: every step each non-adopter has a fixed chance p to adopt on its own, plus a
/// chance proportional to the share of its contacts who already adopted. Mean field ignores the
/// edges: everyone "sees" the whole population.
///
/// Mean field is the classic Bass model: each non-adopter adopts with probability p + q F(t), so
/// the expected adoption fraction follows the recursion
///
///     F(t+1) = F(t) + (p + q F(t)) (1 − F(t))
///
/// (exactly in conditional expectation; up to the O(1/N) variance of F for the mean), the
/// discrete-time counterpart of Bass's dF/dt = (p + q F)(1 − F), whose solution from F(0) = 0 is
///
///     F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p) e^{−(p+q)t}).
///
/// On a complete graph the network version follows the same recursion: a non-adopter sees
/// a_i / k_i = A / (N − 1), which differs from A / N by a factor 1 + O(1/N). (The discrete
/// recursion and the continuous closed form differ by O(p + q) per step; the tests compare with
/// the recursion.)
///
/// ## Market potential and population-wide influence (optional)
/// Two optional parameters extend the network version (both default to 1, which is the model
/// above, drawn by the same numbers):
///
///     h_i(t) = e_i · [ p + q · ( w · a_i(t)/k_i + (1 − w) · A(t)/N ) ]
///
/// - `m` ∈ [0, 1], the market potential of Bass (1969) on the network: at the start of each
///   replicate every node is eligible (e_i = 1) independently with probability m, else it never
///   adopts (e_i = 0). The expected final share of adopters is then at most m, as in the
///   mean-field Bass curve F(t) = m(1 − e^{−(p+q)t})/(1 + (q/p)e^{−(p+q)t}).
/// - `w` ∈ [0, 1], the weight of the network share a_i/k_i against the share of adopters in the
///   whole population A/N: w = 1 is pure network influence, w = 0 the mean field. The
///   population term stands for influence that does not travel along the recorded ties (media,
///   extension agents, talk with people not named), which grows with the number of adopters.
///
/// With m < 1 or w < 1 a replicate draws one uniform per node for e_i (only when m < 1) and then,
/// each step, one uniform per eligible non-adopter in increasing id order (no skipping): a
/// different stream of numbers from the default path, so ``WordOfMouth`` has no counterpart.
///
/// `horizon` nil runs 50 steps. A replicate stops early once every node has adopted or nothing can
/// change (p = 0 and no adopter, or p = q = 0).
///
/// ## Algorithm
/// Each node keeps a counter of adopted in-neighbours; a new adopter adds 1 to each out-neighbour's
/// counter (a "push") at the end of its step. Network field: a step visits the non-adopters with
/// an adopted in-neighbour (a_i > 0) in increasing id order, drawing one uniform each; when p > 0
/// the others, whose hazard is exactly p, are sampled by geometric skipping (the gap to the next
/// success, as in ``IndependentCascade``) over a compact pool of their ids, so a step costs
/// O(pressed non-adopters + p · pool + pushes) instead of one draw per non-adopter. Mean field:
/// one uniform per non-adopter. O(Σ deg⁺) pushes over a replicate, O(N) per replicate to reset.
/// The word-of-mouth model ``WordOfMouth`` with its mechanisms off keeps the same lists by the
/// same rules and draws the same numbers in the same order, so that the two give identical
/// replicates.
///
/// Reference: F. M. Bass, "A new product growth for model consumer durables", Management Science
/// 15(5) (1969) 215–227. Network version: e.g. J. Goldenberg, B. Libai, E. Muller, "Talk of the
/// network", Marketing Letters 12 (2001); R. Peres, E. Muller, V. Mahajan, "Innovation diffusion
/// and new product growth models: a critical review", IJRM 27 (2010).
public struct Bass: Sendable {
  /// Who a node listens to.
  public enum Field: String, Sendable, CaseIterable {
    /// Adopted in-neighbours over the degree.
    case network
    /// Adopters among all nodes (ignores edges).
    case mean
  }

  /// Steps run when `horizon` is nil.
  public static let defaultHorizon = 50

  /// Coefficient of innovation (external influence), per step.
  public let p: Double
  /// Coefficient of imitation (internal influence), per step.
  public let q: Double
  /// Network or mean field.
  public let field: Field
  /// Market potential: the chance that a node is eligible to adopt at all (drawn per replicate).
  public let m: Double
  /// Weight of the network share a_i/k_i against the population share A/N (network field only).
  public let w: Double
  /// Whether `m` or `w` is below 1: replicates take the plain path of `Bass+Mixed.swift`.
  @usableFromInline var isMixed: Bool { m < 1 || w < 1 }
  @usableFromInline let nodeCount: Int
  /// Out-adjacency of each model layer, for the pushes.
  @usableFromInline let channels: [CSR]
  /// In-degree over the model layers, k_i.
  @usableFromInline let inDegree: [Double]

  /// Sets the model up on `layers` (indices into `graph.layers`).
  ///
  /// - Throws: ``ModelError`` when p or q is outside [0, 1].
  public init(
    graph: MultiplexGraph, layers: [Int], p: Double, q: Double, field: Field = .network, m: Double = 1,
    w: Double = 1
  ) throws {
    for (key, v) in [("p", p), ("q", q), ("m", m), ("w", w)] where !(v >= 0 && v <= 1) {
      throw ModelError.invalidParameter(model: "bass", key: key, expected: "a probability in [0, 1]", found: "\(v)")
    }
    self.p = p
    self.q = q
    self.field = field
    self.m = m
    self.w = field == .mean ? 1 : w
    nodeCount = graph.nodeCount
    channels = layers.map { graph.layers[$0].out }
    inDegree = Bass.inDegree(nodeCount: graph.nodeCount, channels: channels)
  }

  /// Convenience: every layer of `graph`.
  public init(
    graph: MultiplexGraph, p: Double, q: Double, field: Field = .network, m: Double = 1, w: Double = 1
  ) throws {
    try self.init(graph: graph, layers: Array(graph.layers.indices), p: p, q: q, field: field, m: m, w: w)
  }

  /// k_i: in-neighbour entries over the channels, counted from the out-adjacency. O(n + m).
  static func inDegree(nodeCount: Int, channels: [CSR]) -> [Double] {
    var k = [Int](repeating: 0, count: nodeCount)
    for csr in channels { for v in csr.targets { k[Int(v)] += 1 } }
    return k.map(Double.init)
  }

  /// The hazard of a node with `share` = a_i / k_i (or A / N): p + q · share. ``WordOfMouth``
  /// evaluates the same expression (times factors that are exactly 1 when its mechanisms are off).
  @inlinable @inline(__always)
  static func hazard(p: Double, q: Double, share: Double) -> Double { p + q * share }

  /// The pass over the pressed non-adopters is thinned (geometric skipping at a bound on their
  /// hazard, then acceptance) only when the bound is below this: measured on BA n = 10⁴ with every
  /// `wom` mechanism on, thinning saved 15–25% at bounds around 0.1 and cost about 15% at
  /// 0.2–0.28, where one uniform per node is cheaper than a logarithm and a second draw per
  /// candidate (Benchmarks/README.md).
  @usableFromInline static let thinningThreshold = 0.15

  /// A bound on the hazard of every node with share ≤ `share` under multiplier x, for thinning:
  /// min(1, x (p + q · share)), widened by 10⁻⁹ so that rounding in the sums of pressures cannot
  /// put a node's hazard above it. ``WordOfMouth`` computes its bound with the same expression.
  @inlinable @inline(__always)
  static func thinningRate(x: Double, p: Double, q: Double, share: Double) -> Double {
    min(1, x * hazard(p: p, q: q, share: share) * (1 + 1e-9))
  }
}

/// Scratch state of ``Bass`` on one thread.
///
/// Network field: the non-adopters with an adopted in-neighbour (a_i > 0, "listed") are visited
/// one by one in increasing id order; when p > 0 the others, whose hazard is p, are sampled by
/// geometric skipping over `pool` (their ids in increasing order, `0..<N` until first compacted,
/// stale entries skipped). ``WordOfMouthSimulator`` keeps the same lists by the same rules, so the
/// two draw the same numbers for the same nodes.
final class BassSimulator: ReplicateSimulator {
  let model: Bass
  /// Whether each node is eligible in this replicate (only with m < 1).
  var eligible: [Bool] = []
  /// Adopted in-neighbours of each node.
  var adoptedNeighbours: [Int32]
  var adopted: [Bool]
  /// Mean field: every non-adopter. Network: the listed non-adopters, in increasing id order.
  var nonAdopters: [UInt32] = []
  /// Network: nodes listed since the last pass (unsorted), and scratch for the merge.
  var fresh: [UInt32] = []
  var merged: [UInt32] = []
  var pool = SkipPool()
  var listedLive = 0

  init(_ model: Bass) {
    self.model = model
    adoptedNeighbours = [Int32](repeating: 0, count: model.nodeCount)
    adopted = [Bool](repeating: false, count: model.nodeCount)
    nonAdopters.reserveCapacity(model.nodeCount)
  }

  func run(seeds: [UInt32], rng: RandomGenerator, horizon: Int?, trace: inout ReplicateTrace) -> Int {
    if model.isMixed { return mixedRun(seeds: seeds, rng: rng, horizon: horizon, trace: &trace) }
    trace.reset()
    let n = model.nodeCount
    let p = model.p
    let q = model.q
    let network = model.field == .network
    let steps = horizon ?? Bass.defaultHorizon
    for i in 0..<n {
      adoptedNeighbours[i] = 0
      adopted[i] = false
    }
    nonAdopters.removeAll(keepingCapacity: true)
    fresh.removeAll(keepingCapacity: true)
    pool.reset()
    listedLive = 0
    for s in seeds where !adopted[Int(s)] {
      adopted[Int(s)] = true
      trace.order.append(s)
    }
    push(trace.order[...])
    trace.endStep()
    if !network { for i in 0..<n where !adopted[i] { nonAdopters.append(UInt32(i)) } }
    var step = 0
    while step < steps && trace.order.count < n && !(p == 0 && (q == 0 || trace.order.isEmpty)) {
      step += 1
      let start = trace.order.count
      let meanShare = n > 0 ? Double(start) / Double(n) : 0
      if network && !fresh.isEmpty { mergeFresh() }
      let rate = network && p > 0 ? Bass.thinningRate(x: 1, p: p, q: q, share: 1) : 1
      if rate < Bass.thinningThreshold {
        thinnedPass(rng, rate: rate, order: &trace.order)
      } else {
        onePass(rng, meanShare: meanShare, order: &trace.order)
      }
      if network {
        listedLive -= trace.order.count - start
        if p > 0 { poolPass(rng, order: &trace.order) }
      }
      for i in trace.order[start...] { adopted[Int(i)] = true }
      if network { push(trace.order[start...]) }
      trace.endStep()
    }
    return trace.order.count
  }
  /// One uniform per visited non-adopter with a positive hazard, in list order; keeps the others.
  func onePass(_ rng: RandomGenerator, meanShare: Double, order: inout [UInt32]) {
    let p = model.p
    let q = model.q
    let network = model.field == .network
    var write = 0
    adopted.withUnsafeBufferPointer { adopted in
      adoptedNeighbours.withUnsafeBufferPointer { counts in
        model.inDegree.withUnsafeBufferPointer { degree in
          nonAdopters.withUnsafeMutableBufferPointer { list in
            for r in 0..<list.count {
              let i = list[r]
              // (Adopters left in the list by a thinned pass; none while the rate p + q is fixed.)
              if adopted[Int(i)] { continue }
              let share: Double
              if network {
                let k = degree[Int(i)]
                share = k > 0 ? Double(counts[Int(i)]) / k : 0
              } else {
                share = meanShare
              }
              let h = Bass.hazard(p: p, q: q, share: share)
              if h > 0 && rng.uniform() < h {
                order.append(i)
              } else {
                list[write] = i
                write += 1
              }
            }
          }
        }
      }
    }
    nonAdopters.removeLast(nonAdopters.count - write)
  }

  /// Network, p > 0, hazard bound `rate` = p + q below the skipping threshold: the listed
  /// non-adopters are sampled at `rate` by geometric skipping (stale adopters skipped; the list is
  /// compacted when more than half stale) and adopt with probability h_i / rate. As
  /// ``WordOfMouthSimulator/thinnedPass``.
  func thinnedPass(_ rng: RandomGenerator, rate: Double, order: inout [UInt32]) {
    let p = model.p
    let q = model.q
    if nonAdopters.count > 2 * listedLive { nonAdopters.removeAll { adopted[Int($0)] } }
    adopted.withUnsafeBufferPointer { adopted in
      adoptedNeighbours.withUnsafeBufferPointer { counts in
        model.inDegree.withUnsafeBufferPointer { degree in
          nonAdopters.withUnsafeBufferPointer { list in
            BernoulliTrials(p: rate).forEachSuccess(in: 0..<list.count, rng) { r in
              let i = Int(list[r])
              guard !adopted[i] else { return }
              let k = degree[i]
              let share = k > 0 ? Double(counts[i]) / k : 0
              let h = Bass.hazard(p: p, q: q, share: share)
              if h >= rate || rng.uniform() * rate < h { order.append(UInt32(i)) }
            }
          }
        }
      }
    }
  }

  /// Network, p > 0: each unlisted non-adopter (a_i = 0, hazard p) adopts with probability p,
  /// by geometric skipping over `pool`; stale entries (adopted or listed) are skipped. Compacts
  /// the pool first when more than half of it is stale. As ``WordOfMouthSimulator/poolPass``.
  func poolPass(_ rng: RandomGenerator, order: inout [UInt32]) {
    let n = model.nodeCount
    pool.compact(nodeCount: n, live: n - order.count - listedLive) { adopted[$0] || adoptedNeighbours[$0] != 0 }
    let rate = min(1, Bass.hazard(p: model.p, q: model.q, share: 0))
    adopted.withUnsafeBufferPointer { adopted in
      adoptedNeighbours.withUnsafeBufferPointer { counts in
        pool.forEachSuccess(BernoulliTrials(p: rate), nodeCount: n, rng) { i in
          if !adopted[i] && counts[i] == 0 { order.append(UInt32(i)) }
        }
      }
    }
  }

  /// Merges the newly listed nodes into the sorted visiting list.
  func mergeFresh() { mergeSortedIDs(&nonAdopters, &fresh, scratch: &merged) }

  /// Adds each new adopter to its out-neighbours' counters; a non-adopter whose counter leaves 0
  /// is listed (only when q > 0: otherwise no hazard reads the counters, as in ``WordOfMouth``).
  func push(_ newAdopters: ArraySlice<UInt32>) {
    guard model.field == .network, model.q > 0, !newAdopters.isEmpty else { return }
    var listed = 0
    adopted.withUnsafeBufferPointer { adopted in
      adoptedNeighbours.withUnsafeMutableBufferPointer { counts in
        for csr in model.channels {
          csr.offsets.withUnsafeBufferPointer { offsets in
            csr.targets.withUnsafeBufferPointer { targets in
              for u in newAdopters {
                for e in offsets[Int(u)]..<offsets[Int(u) + 1] {
                  let v = Int(targets[e])
                  if counts[v] == 0 && !adopted[v] {
                    fresh.append(UInt32(v))
                    listed += 1
                  }
                  counts[v] &+= 1
                }
              }
            }
          }
        }
      }
    }
    listedLive += listed
  }
}

/// Merges the unsorted `added` into the sorted `list` and empties `added`; `scratch` is a buffer
/// to reuse. Works on locals (no class-property access per element). O(list + added log added).
func mergeSortedIDs(_ list: inout [UInt32], _ added: inout [UInt32], scratch: inout [UInt32]) {
  var out: [UInt32] = []
  var old: [UInt32] = []
  var new: [UInt32] = []
  swap(&out, &scratch)
  swap(&old, &list)
  swap(&new, &added)
  new.sort()
  out.removeAll(keepingCapacity: true)
  out.reserveCapacity(old.count + new.count)
  old.withUnsafeBufferPointer { a in
    new.withUnsafeBufferPointer { b in
      var i = 0
      var k = 0
      while i < a.count && k < b.count {
        if a[i] < b[k] {
          out.append(a[i])
          i += 1
        } else {
          out.append(b[k])
          k += 1
        }
      }
      out.append(contentsOf: a[i...])
      out.append(contentsOf: b[k...])
    }
  }
  old.removeAll(keepingCapacity: true)
  new.removeAll(keepingCapacity: true)
  list = out
  scratch = old
  added = new
}
