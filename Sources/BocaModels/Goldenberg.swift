import BocaGraph
import BocaRandom
import Foundation

/// The Goldenberg–Libai–Muller "talk of the network" model: adoption from advertising plus word
/// of mouth over strong and weak ties, in discrete time.
///
/// ## Model
/// Time runs in steps 1, 2, …; seeds (optional) have adopted at step 0. At each step every
/// non-adopter i adopts, independently, with probability
///
///     P_i(t) = 1 − (1 − α) (1 − β_w)^{j_i(t)} (1 − β_s)^{m_i(t)},
///
/// where j_i(t) and m_i(t) are the numbers of i's weak and strong in-ties from nodes that had
/// adopted at the start of step t (Goldenberg, Libai & Muller 2001, eq. 1). Adopters stay
/// adopted. The spread is the number of adopters after the last step, seeds included.
///
/// In plain words: every period a person may adopt because of advertising (α, the external
/// influence) or because one of the adopters they know talks them into it; each adopted
/// acquaintance is an independent chance, β_s for a strong tie (family, close friends), β_w for
/// a weak one. Word of mouth reaches a person only through ties, so adopters act on the
/// following step; a person's chance does not depend on how long the acquaintances have been
/// adopters (no forgetting, no thresholds).
///
/// Ties: an edge of a layer named as strong is a strong tie; an edge of any other selected
/// layer is a weak tie. An edge present on two selected layers counts twice (two channels, as
/// in IC). Edge weights are ignored. A directed edge u → v lets u talk to v, not back.
///
/// Horizon: the model runs in time; when no horizon is given it runs ``defaultHorizon`` (50)
/// steps, or fewer when everyone has adopted or nothing can change any more (α = 0 and no
/// non-adopter has an adopted tie with a positive β). The step ends a trace records stop there;
/// the value after the last recorded step is final.
///
/// ## Algorithm
/// Counters j_i and m_i are kept per node and updated incrementally: each new adopter adds one
/// to its out-neighbours' counters after the step ends, so the counts a step uses are those of
/// its start. Each step visits only the non-adopters (a compacted list, kept in node order)
/// and draws one uniform each, comparing it with P = −expm1(ln(1−α) + j ln(1−β_w) + m ln(1−β_s))
/// (the logarithms precomputed; P = α without any exponential when j = m = 0).
///
/// Complexity per replicate: O(n) set-up, O(non-adopters) draws per step, and
/// O(Σ_{adopters} deg⁺) counter updates over the whole run.
///
/// Reference: J. Goldenberg, B. Libai, E. Muller, "Talk of the network: a complex systems look
/// at the underlying process of word-of-mouth", Marketing Letters 12(3), 211–223 (2001).
public struct Goldenberg: Sendable {
  /// Steps run when no horizon is given.
  public static let defaultHorizon = 50

  @usableFromInline let graph: MultiplexGraph
  @usableFromInline let ties: [Ties]
  /// α, β_w, β_s.
  public let alpha: Double
  public let betaWeak: Double
  public let betaStrong: Double
  /// ln(1 − α), ln(1 − β_w), ln(1 − β_s) (−∞ for a probability of 1).
  @usableFromInline let logAlpha: Double
  @usableFromInline let logWeak: Double
  @usableFromInline let logStrong: Double

  /// The ties of one layer.
  @usableFromInline struct Ties: Sendable {
    @usableFromInline let csr: CSR
    @usableFromInline let strong: Bool
  }

  /// Sets the model up on `layers` (indices into `graph.layers`); the layers in `strongLayers`
  /// carry strong ties, the others weak ties.
  ///
  /// - Throws: ``ModelError`` when a probability is outside [0, 1] or a strong layer is not
  ///   among `layers`.
  public init(
    graph: MultiplexGraph, layers: [Int], strongLayers: [Int] = [], alpha: Double, betaWeak: Double,
    betaStrong: Double = 0
  ) throws {
    for (key, value) in [("alpha", alpha), ("beta_w", betaWeak), ("beta_s", betaStrong)]
    where !(value >= 0 && value <= 1) {
      throw ModelError.invalidParameter(
        model: "goldenberg", key: key, expected: "a probability in [0, 1]", found: "\(value)")
    }
    if let stray = strongLayers.first(where: { !layers.contains($0) }) {
      throw ModelError.invalidParameter(
        model: "goldenberg", key: "strong", expected: "a layer the model uses",
        found: "'\(graph.layers.indices.contains(stray) ? graph.layers[stray].name : "#\(stray)")'")
    }
    self.graph = graph
    ties = layers.map { Ties(csr: graph.layers[$0].out, strong: strongLayers.contains($0)) }
    self.alpha = alpha
    self.betaWeak = betaWeak
    self.betaStrong = betaStrong
    logAlpha = log1p(-alpha)
    logWeak = log1p(-betaWeak)
    logStrong = log1p(-betaStrong)
  }

  /// Runs one replicate: seeds adopt at step 0, then `horizon` steps (``defaultHorizon`` when
  /// `nil`). Fills `trace` (order always; step ends when recording) and returns the spread.
  /// Duplicate seeds count once.
  @inlinable
  public func run(
    seeds: [UInt32], rng: RandomGenerator, horizon: Int?, workspace: inout GoldenbergWorkspace,
    trace: inout ReplicateTrace
  ) -> Int {
    trace.reset()
    let n = graph.nodeCount
    let steps = horizon ?? Self.defaultHorizon
    workspace.prepare(nodeCount: n)
    let alpha = self.alpha
    let logAlpha = self.logAlpha
    let logWeak = self.logWeak
    let logStrong = self.logStrong
    workspace.weak.withUnsafeMutableBufferPointer { weak in
      workspace.strong.withUnsafeMutableBufferPointer { strong in
        workspace.pending.withUnsafeMutableBufferPointer { pending in
          // Seeds, then the non-adopters in node order.
          for s in seeds where weak[Int(s)] != -1 {
            weak[Int(s)] = -1  // seed mark, cleared below
            trace.order.append(s)
          }
          var open = 0
          for v in 0..<n {
            if weak[v] == -1 {
              weak[v] = 0
            } else {
              pending[open] = UInt32(v)
              open += 1
            }
          }
          push(trace.order[...], weak, strong)
          trace.endStep()
          // Whether some non-adopter may still adopt: always with advertising; otherwise only
          // with an adopted tie whose β is positive (a new adopter may have added one).
          var live = !trace.order.isEmpty
          var step = 0
          while step < steps && open > 0 && (alpha > 0 || live) {
            step += 1
            let before = trace.order.count
            var keep = 0
            var exposed = 0
            for k in 0..<open {
              let v = pending[k]
              let j = weak[Int(v)]
              let m = strong[Int(v)]
              let adopts: Bool
              if j == 0 && m == 0 {
                adopts = alpha > 0 && rng.uniform() < alpha
              } else {
                var logQ = logAlpha
                if j > 0 { logQ += Double(j) * logWeak }
                if m > 0 { logQ += Double(m) * logStrong }
                adopts = rng.uniform() < -expm1(logQ)
              }
              if adopts {
                trace.order.append(v)
              } else {
                pending[keep] = v
                keep += 1
                if (j > 0 && logWeak < 0) || (m > 0 && logStrong < 0) { exposed += 1 }
              }
            }
            open = keep
            let adopted = trace.order.count - before
            if adopted > 0 { push(trace.order[before...], weak, strong) }
            live = exposed > 0 || adopted > 0
            trace.endStep()
          }
        }
      }
    }
    return trace.order.count
  }

  /// Adds one to the weak or strong counter of every out-neighbour of each of `adopters`.
  @inlinable
  func push(
    _ adopters: ArraySlice<UInt32>, _ weak: UnsafeMutableBufferPointer<Int32>,
    _ strong: UnsafeMutableBufferPointer<Int32>
  ) {
    for layer in ties {
      let counter = layer.strong ? strong : weak
      layer.csr.offsets.withUnsafeBufferPointer { offsets in
        layer.csr.targets.withUnsafeBufferPointer { targets in
          for u in adopters {
            for i in offsets[Int(u)]..<offsets[Int(u) + 1] { counter[Int(targets[i])] += 1 }
          }
        }
      }
    }
  }
}

/// Scratch space for ``Goldenberg``: per-node tie counters and the list of non-adopters.
/// One per thread.
public struct GoldenbergWorkspace {
  /// Adopted weak and strong in-ties per node.
  @usableFromInline var weak: [Int32] = []
  @usableFromInline var strong: [Int32] = []
  /// Non-adopters; the first `open` entries are valid during a run.
  @usableFromInline var pending: [UInt32] = []

  public init() {}

  /// Zeroes the counters for a replicate on `nodeCount` nodes: O(n), like a step.
  @inlinable mutating func prepare(nodeCount: Int) {
    if weak.count != nodeCount {
      weak = [Int32](repeating: 0, count: nodeCount)
      strong = [Int32](repeating: 0, count: nodeCount)
      pending = [UInt32](repeating: 0, count: nodeCount)
    } else {
      weak.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
      strong.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
  }
}
