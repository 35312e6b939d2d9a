import BocaGraph
import BocaRandom

/// The independent cascade with negative opinions (IC-N): word of mouth about a product whose
/// quality may disappoint, so that negative opinions emerge and spread along with positive ones.
///
/// ## Model
/// IC's cascade (``IndependentCascade``: one chance p_{uv} per edge, along each selected
/// layer) where every active node also holds an opinion, positive or negative, fixed once
/// activated:
/// - a seed is positive with probability q (the quality factor), negative otherwise;
/// - at step t, a node v not yet active that at least one negative node activated at t − 1
///   succeeds in activating becomes negative;
/// - otherwise, if at least one positive node succeeds, v becomes positive with probability q
///   and negative with probability 1 − q (one draw per node, however many positive neighbours
///   succeeded).
/// So P(v positive | activated only by positives) = q, and a negative activator always wins a
/// tie within a step (negativity bias). The spread is the number of nodes ever active, positive
/// or negative; the trace also counts each opinion per step (`stateNames` positive, negative).
///
/// In plain words: people who try the product form their own opinion — a satisfied customer
/// passes it on but each person they convince can still be disappointed (1 − q); an unhappy
/// customer only spreads unhappiness; and when praise and complaint reach someone at once, the
/// complaint carries the day (negative opinions dominate, as the social psychology the paper
/// cites finds). With q = 1 nobody is ever negative and the model is IC.
///
/// The tie rule and the per-node quality draw follow Chen et al. (2011, §3, the IC-N model); the
/// abstract states the negativity bias, and an independent IC-N implementation (found with the
/// project's code search) resolves same-step activations the same way, negatives first.
///
/// ## Algorithm
/// IC's breadth-first kernel with epoch-stamped marks and geometric skipping
/// (``IndependentCascade/expand(_:_:_:_:_:_:_:)``, on channels pinned once per replicate), run one generation at a time in two passes:
/// first the generation's negative nodes (their new nodes are negative), then its positive
/// nodes (one q draw per new node). A node reached in the first pass is already active in the
/// second, which is the negative-dominates rule. With q = 1 the first pass is empty and no q is
/// drawn, so the draws are those of IC itself: the same seed gives the same cascade.
///
/// Complexity: as IC, O(Σ_{active u} deg⁺(u)) memory reads per replicate plus one draw per
/// activated node (none when q ∈ {0, 1}).
///
/// Reference: W. Chen, A. Collins, R. Cummings, T. Ke, Z. Liu, D. Rincon, X. Sun, Y. Wang,
/// W. Wei, Y. Yuan, "Influence maximization in social networks when negative opinions may
/// emerge and propagate", SIAM SDM 2011.
public struct NegativeCascade: Sendable {
  /// The cascade's edges and probabilities.
  public let cascade: IndependentCascade
  /// The quality factor q.
  public let quality: Double

  /// Opinion codes in ``NegativeCascadeWorkspace``.
  @usableFromInline static let positive: UInt8 = 1
  @usableFromInline static let negative: UInt8 = 2

  /// Sets the model up on `layers` with one IC probability rule per layer and quality `q`.
  ///
  /// - Throws: ``ModelError`` for a probability (p or q) outside [0, 1].
  public init(graph: MultiplexGraph, layers: [Int], probabilities: [IndependentCascade.Probability], quality: Double)
    throws
  {
    guard quality >= 0 && quality <= 1 else {
      throw ModelError.invalidParameter(
        model: "icn", key: "q_quality", expected: "a probability in [0, 1]", found: "\(quality)")
    }
    cascade = try IndependentCascade.edges(
      model: "icn", key: "p", graph: graph, layers: layers, probabilities: probabilities)
    self.quality = quality
  }

  /// Convenience: the same uniform `p` on every layer.
  public init(graph: MultiplexGraph, p: Double, quality: Double) throws {
    try self.init(
      graph: graph, layers: Array(graph.layers.indices),
      probabilities: Array(repeating: .uniform(p), count: graph.layers.count), quality: quality)
  }

  /// Runs one replicate from `seeds` for at most `maxSteps` generations. Fills `trace` (order
  /// always; step ends and positive/negative counts when recording) and returns the spread.
  /// Duplicate seeds count once.
  @inlinable
  public func run(
    seeds: [UInt32], rng: RandomGenerator, workspace: inout NegativeCascadeWorkspace, trace: inout ReplicateTrace,
    maxSteps: Int = .max
  ) -> Int {
    trace.reset()
    let q = quality
    workspace.cascade.nextEpoch()
    let epoch = workspace.cascade.epoch
    var count = 0
    var positives = 0
    // The channels are pinned once per replicate (no shared reference counting in the loop).
    cascade.withLanes { channels in
      workspace.cascade.stamp.withUnsafeMutableBufferPointer { stamp in
        workspace.cascade.queue.withUnsafeMutableBufferPointer { queue in
          workspace.opinion.withUnsafeMutableBufferPointer { opinion in
            /// Gives each node of queue[from..<count] an opinion: positive with probability q.
            @inline(__always) func judge(from: Int) {
              for k in from..<count {
                let good = q >= 1 || (q > 0 && rng.uniform() < q)
                opinion[Int(queue[k])] = good ? Self.positive : Self.negative
                if good { positives += 1 }
              }
            }
            for s in seeds where stamp[Int(s)] != epoch {
              stamp[Int(s)] = epoch
              queue[count] = s
              count += 1
            }
            judge(from: 0)
            if trace.recording { Self.record(count, positives, &trace) }
            var start = 0
            var step = 0
            while start < count && step < maxSteps {
              let end = count
              for i in start..<end where opinion[Int(queue[i])] == Self.negative {
                for channel in channels {
                  let before = count
                  IndependentCascade.expand(Int(queue[i]), channel, rng, stamp, queue, epoch, &count)
                  for k in before..<count { opinion[Int(queue[k])] = Self.negative }
                }
              }
              for i in start..<end where opinion[Int(queue[i])] == Self.positive {
                for channel in channels {
                  let before = count
                  IndependentCascade.expand(Int(queue[i]), channel, rng, stamp, queue, epoch, &count)
                  judge(from: before)
                }
              }
              start = end
              step += 1
              if trace.recording && count > end { Self.record(count, positives, &trace) }
            }
          }
        }
      }
    }
    workspace.cascade.activeCount = count
    trace.order.append(contentsOf: workspace.cascade.activated)
    return count
  }

  /// Ends a step in the trace: cumulative active, then positive and negative counts.
  @inlinable static func record(_ count: Int, _ positives: Int, _ trace: inout ReplicateTrace) {
    trace.stepEnds.append(count)
    trace.stateCounts.append(positives)
    trace.stateCounts.append(count - positives)
  }
}

/// Scratch space for ``NegativeCascade``: IC's workspace plus each active node's opinion (valid
/// only for nodes stamped active in the current replicate, so never reset). One per thread.
public struct NegativeCascadeWorkspace {
  @usableFromInline var cascade: CascadeWorkspace
  @usableFromInline var opinion: [UInt8]

  public init(nodeCount: Int) {
    cascade = CascadeWorkspace(nodeCount: nodeCount)
    opinion = [UInt8](repeating: 0, count: nodeCount)
  }
}
