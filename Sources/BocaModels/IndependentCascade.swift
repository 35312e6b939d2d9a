import BocaGraph
import BocaRandom
@preconcurrency import CGSL
import Foundation

/// The independent cascade model (IC) on one or several layers of a multiplex graph.
///
/// ## Model
/// Time runs in steps. The seeds are active at step 0. A node that becomes active at step t gets
/// one chance, at step t + 1, to activate each out-neighbour v along each selected layer ℓ that
/// joins them; it succeeds independently with probability p_{uv}^ℓ (the layer's uniform p, or
/// the edge's weight when the layer is weighted and `probability` is `.edgeWeight`). Active
/// nodes stay active; the cascade ends when a step activates nobody. The spread is the number of
/// nodes ever active, seeds included.
///
/// In plain words: every conversation is a single, independent chance; a person told by two
/// friends gets two chances; being told again later does not help (no memory, no thresholds).
/// On several layers, an edge present in two layers is two chances (two channels).
///
/// The final active set has the law of the set reached from the seeds in the random subgraph
/// that keeps edge (u, v) with probability p_{uv} (bond percolation; Kempe et al. 2003, §2),
/// which the percolation tests use.
///
/// ## Algorithm
/// Breadth-first over the activated nodes, visited marks in a bit set (n/8 bytes, cache-resident)
/// cleared through the activation list, and prefetching of the rows a few nodes ahead. For a
/// uniform p below ``skipThreshold`` the kernel does not draw once per edge: it draws the gap to
/// the next successful edge, G = ⌊ln U / ln(1 − p)⌋ ~ Geometric₀(p) (the inversion method,
/// as `gsl_ran_geometric`), so a replicate costs O(successes + active nodes) draws rather than
/// O(edges examined). Above the threshold one uniform per edge is cheaper than a logarithm per
/// success. Both sample the same law.
///
/// Complexity: O(Σ_{active u} deg⁺(u)) memory reads per replicate, O(1) set-up.
///
/// Reference: D. Kempe, J. Kleinberg, É. Tardos, "Maximizing the spread of influence through a
/// social network", KDD 2003; J. Goldenberg, B. Libai, E. Muller, "Talk of the network", Marketing
/// Letters 12 (2001). Skipping: V. Batagelj, U. Brandes, "Efficient generation of large random
/// networks", Phys. Rev. E 71 (2005).
public struct IndependentCascade: Sendable {
  /// How an edge's activation probability is set on one layer.
  public enum Probability: Sendable, Equatable {
    /// The same p on every edge of the layer.
    case uniform(Double)
    /// The edge's weight is its probability (weighted layers only).
    case edgeWeight
  }

  /// Uniform probabilities below this use geometric skipping; at or above it, one draw per edge.
  public static var skipThreshold: Double { BernoulliTrials.skipThreshold }

  @usableFromInline let graph: MultiplexGraph
  @usableFromInline let channels: [Channel]

  @usableFromInline struct Channel: Sendable {
    @usableFromInline let csr: CSR
    /// The uniform-p trials (p = 0 when by weight).
    @usableFromInline let trials: BernoulliTrials
    @usableFromInline let byWeight: Bool
  }

  /// A channel's rule as the hot loop reads it (a trivial value: see ``PinnedCSR``).
  @usableFromInline struct EdgeRule {
    /// The uniform-p trials, without the reference that owns their table.
    @usableFromInline let trials: TrialRule
    /// Whether each edge's weight is its probability.
    @usableFromInline let byWeight: Bool

    @inlinable init(trials: TrialRule, byWeight: Bool) {
      self.trials = trials
      self.byWeight = byWeight
    }
  }

  /// Pins the channels for one replicate (see ``withPinnedLanes(_:csr:rule:_:)``).
  @inlinable
  func withLanes<Result>(_ body: (UnsafeBufferPointer<PinnedLane<EdgeRule>>) -> Result) -> Result {
    withPinnedLanes(channels, csr: { $0.csr }, rule: { EdgeRule(trials: $0.trials.rule, byWeight: $0.byWeight) }, body)
  }

  /// Sets the model up on `layers` (indices into `graph.layers`) with one probability rule per
  /// layer.
  ///
  /// - Throws: ``ModelError`` when a probability is outside [0, 1] or `.edgeWeight` is asked of an
  ///   unweighted layer.
  public init(graph: MultiplexGraph, layers: [Int], probabilities: [Probability]) throws {
    precondition(layers.count == probabilities.count, "one probability per layer")
    var channels: [Channel] = []
    for (index, rule) in zip(layers, probabilities) {
      let layer = graph.layers[index]
      switch rule {
      case .uniform(let p):
        guard p >= 0, p <= 1 else {
          throw ModelError.invalidParameter(model: "ic", key: "p", expected: "a probability in [0, 1]", found: "\(p)")
        }
        channels.append(Channel(csr: layer.out, trials: BernoulliTrials(tabulating: p), byWeight: false))
      case .edgeWeight:
        guard let weights = layer.out.weights else {
          throw ModelError.invalidParameter(
            model: "ic", key: "p", expected: "a weighted layer for per-edge probabilities",
            found: "layer '\(layer.name)' without weights")
        }
        if let bad = weights.first(where: { !($0 >= 0 && $0 <= 1) }) {
          throw ModelError.invalidParameter(
            model: "ic", key: "weight", expected: "edge probabilities in [0, 1]",
            found: "\(bad) on layer '\(layer.name)'")
        }
        channels.append(Channel(csr: layer.out, trials: BernoulliTrials(p: 0), byWeight: true))
      }
    }
    self.graph = graph
    self.channels = channels
  }

  /// Convenience: the same uniform `p` on every layer of `graph`.
  public init(graph: MultiplexGraph, p: Double) throws {
    try self.init(
      graph: graph, layers: Array(graph.layers.indices),
      probabilities: Array(repeating: .uniform(p), count: graph.layers.count))
  }

  /// Runs one replicate from `seeds` and returns the spread (nodes ever active, seeds included).
  /// The activated nodes are `workspace.activated` afterwards, in activation order, and
  /// `workspace.stepEnds` tells where each step ends. Duplicate seeds count once.
  ///
  /// - Parameters:
  ///   - recordSteps: whether to fill `workspace.stepEnds` (one append per step).
  ///   - maxSteps: stop after this many steps (generations) even if the cascade could go on.
  @inlinable
  public func run(
    seeds: [UInt32], rng: RandomGenerator, workspace: inout CascadeWorkspace, recordSteps: Bool = false,
    maxSteps: Int = .max
  ) -> Int {
    workspace.activeCount = 0
    var count = 0
    if recordSteps { workspace.steps.removeAll(keepingCapacity: true) }
    workspace.bits.withUnsafeMutableBufferPointer { bits in
      workspace.queue.withUnsafeMutableBufferPointer { queue in
        let marks = BitMarks(bits.baseAddress!)
        for s in seeds where marks.insert(Int(s)) {
          queue[count] = s
          count += 1
        }
        if recordSteps { workspace.steps.append(count) }
        // The channels are pinned once per replicate; the loops read raw buffers only.
        withLanes { lanes in
          if lanes.count == 1 {
            // One layer (the common case): keep taus2's state in registers for the whole
            // replicate (the same stream, draw for draw).
            let lane = lanes[0]
            if var draws = rng.tausDraws() {
              count = Self.cascade(lane, &draws, marks, queue, count, maxSteps, recordSteps, &workspace.steps)
              rng.store(draws)
            } else {
              var draws = rng
              count = Self.cascade(lane, &draws, marks, queue, count, maxSteps, recordSteps, &workspace.steps)
            }
          } else {
            count = Self.breadthFirst(count, maxSteps, recordSteps, queue, &workspace.steps) { u, _, count in
              var count = count
              for k in 0..<lanes.count { Self.expand(u, lanes[k], rng, marks, queue, &count) }
              return count
            }
          }
        }
        // Every set bit belongs to an activated node: zeroing their words clears the set.
        for i in 0..<count { bits[Int(queue[i]) >> 6] = 0 }
      }
    }
    workspace.activeCount = count
    return count
  }

  /// The breadth-first loop of one channel, with prefetching; returns the count of active nodes.
  @inlinable @inline(__always)
  static func cascade<Draws: UniformDraws>(
    _ lane: PinnedLane<EdgeRule>, _ draws: inout Draws, _ marks: BitMarks,
    _ queue: UnsafeMutableBufferPointer<UInt32>, _ seeded: Int, _ maxSteps: Int, _ recordSteps: Bool,
    _ steps: inout [Int]
  ) -> Int {
    let offsets = lane.csr.offsets
    let targets = lane.csr.targets
    return breadthFirst(seeded, maxSteps, recordSteps, queue, &steps) { u, head, count in
      // Hide memory latency: the offsets of the node 8 places ahead in the queue, and the row of
      // the node 4 places ahead (its offsets were fetched 4 nodes ago).
      if head + 8 < count { boca_prefetch(offsets.baseAddress! + Int(queue[head + 8])) }
      if head + 4 < count { boca_prefetch(targets.baseAddress! + offsets[Int(queue[head + 4])]) }
      return expand(u, lane, &draws, marks, queue, count)
    }
  }

  /// The breadth-first loop over activated nodes: `expandNode(u, next, count)` expands u (`next`
  /// is the queue index after it) and returns the new count.
  @inlinable @inline(__always)
  static func breadthFirst(
    _ seeded: Int, _ maxSteps: Int, _ recordSteps: Bool, _ queue: UnsafeMutableBufferPointer<UInt32>,
    _ steps: inout [Int], _ expandNode: (Int, Int, Int) -> Int
  ) -> Int {
    var count = seeded
    var head = 0
    var stepEnd = count
    var step = 0
    while head < count && step < maxSteps {
      let u = Int(queue[head])
      head += 1
      count = expandNode(u, head, count)
      if head == stepEnd {
        stepEnd = count
        step += 1
        if recordSteps && count > head { steps.append(count) }
      }
    }
    return count
  }

  /// Tries every out-edge of `u` on one pinned channel, with epoch-stamp marks (the entry IC-N and
  /// competing IC share; they pin with ``withLanes(_:)`` once per replicate).
  @inlinable @inline(__always)
  static func expand(
    _ u: Int, _ lane: PinnedLane<EdgeRule>, _ rng: RandomGenerator, _ stamp: UnsafeMutableBufferPointer<UInt32>,
    _ queue: UnsafeMutableBufferPointer<UInt32>, _ epoch: UInt32, _ count: inout Int
  ) {
    expand(u, lane, rng, EpochMarks(stamp, epoch), queue, &count)
  }

  /// Tries every out-edge of `u` on one pinned channel, drawing from `rng` itself.
  @inlinable @inline(__always)
  static func expand<Marks: VisitedMarks>(
    _ u: Int, _ lane: PinnedLane<EdgeRule>, _ rng: RandomGenerator, _ marks: Marks,
    _ queue: UnsafeMutableBufferPointer<UInt32>, _ count: inout Int
  ) {
    var draws = rng
    count = expand(u, lane, &draws, marks, queue, count)
  }

  /// Tries every out-edge of `u` on one pinned channel; returns the new count of active nodes.
  @inlinable @inline(__always)
  static func expand<Marks: VisitedMarks, Draws: UniformDraws>(
    _ u: Int, _ lane: PinnedLane<EdgeRule>, _ rng: inout Draws, _ marks: Marks,
    _ queue: UnsafeMutableBufferPointer<UInt32>, _ count: Int
  ) -> Int {
    let offsets = lane.csr.offsets
    let targets = lane.csr.targets
    var count = count
    var i = offsets[u]
    let end = offsets[u + 1]
    guard i < end else { return count }
    @inline(__always) func activate(_ v: Int) {
      if marks.insert(v) {
        queue[count] = UInt32(v)
        count += 1
      }
    }
    if lane.rule.byWeight {
      let weights = lane.csr.weights
      while i < end {
        if rng.uniform() < Double(weights[i]) { activate(Int(targets[i])) }
        i += 1
      }
    } else {
      lane.rule.trials.forEachSuccess(in: i..<end, &rng) { activate(Int(targets[$0])) }
    }
    return count
  }
}

/// An invalid model set-up: a parameter out of range, a missing key.
public enum ModelError: Error, CustomStringConvertible, Equatable, Sendable {
  case invalidParameter(model: String, key: String, expected: String, found: String)
  case unknownModel(String, known: [String])
  /// Node columns the model reads that the graph has but some nodes lack (one gap per column
  /// and side, in column then side order).
  case missingColumns(model: String, gaps: [ColumnGap])

  public var description: String {
    switch self {
    case .missingColumns(let model, let gaps):
      return gaps.map { "model '\(model)' needs column '\($0.column)' on every side it runs on; \($0.found)" }
        .joined(separator: "; ")
    case .invalidParameter(let model, let key, let expected, let found):
      return "model '\(model)', parameter '\(key)': expected \(expected), found \(found)"
    case .unknownModel(let name, let known):
      return "unknown model '\(name)'; expected one of \(known.joined(separator: ", "))"
    }
  }
}

/// A node column the model reads that `missing` of the `count` nodes of side `side` have no
/// value in (the side was declared without it, or the node table's cells are empty).
public struct ColumnGap: Sendable, Equatable {
  public let column: String
  public let side: String
  public let missing: Int
  public let count: Int

  public init(column: String, side: String, missing: Int, count: Int) {
    self.column = column
    self.side = side
    self.missing = missing
    self.count = count
  }

  /// "side brand has none", or "3 of the 40 nodes of side a have no value".
  public var found: String {
    missing == count ? "side \(side) has none" : "\(missing) of the \(count) nodes of side \(side) have no value"
  }
}
