import BocaGraph
import BocaRandom

/// Two competing independent cascades: campaign A (the seeds given, e.g. a rumour or a rival's
/// message) and campaign B (its own seeds, the limiting campaign that tries to contain A).
///
/// ## Model
/// Each campaign spreads as an independent cascade (``IndependentCascade``) with its own
/// probability, p_A or p_B per edge along each selected layer. Every node adopts at most one
/// campaign, the first to reach it, and keeps it: at step t, a node not yet adopted that a B
/// adopter of step t − 1 succeeds in activating adopts B; otherwise, if an A adopter of step
/// t − 1 succeeds, it adopts A. Simultaneous arrival goes to B — Budak et al.'s "L wins"
/// assumption (the limiting campaign L has priority over the bad campaign C when both reach a
/// node in the same step), which is part of their multi-campaign independent cascade model
/// (MCICM, in the paper's model definition; our A is their C, our B their L; we cite the model by
/// name rather than a section number we could not check here); the same definition's one chance per
/// edge and per campaign, and the first campaign to activate a node keeping it, are the rest of
/// this model. A seed of both campaigns adopts B (the same priority applied at step 0). A node that adopted B never
/// passes A on: it blocks A's cascade there. The spread is the number of A adopters, seeds
/// included; the trace counts both (`stateNames` a, b), and its order and step ends are A's.
///
/// In plain words: people believe the first version of a story they hear and stick to it; when
/// both versions arrive on the same day, the correcting one is believed. With p_B = 0 and no B
/// seeds the model is IC; with p_B = 0 and B seeds, it is IC on the graph without the B seeds.
///
/// ## Algorithm
/// IC's breadth-first kernel (``IndependentCascade/expand(_:_:_:_:_:_:_:)``: epoch-stamped
/// marks, geometric skipping) over one queue holding both campaigns, one generation at a time
/// in two passes: the generation's B nodes with p_B (their new nodes adopt B), then its A nodes
/// with p_A (their new nodes adopt A). A node B reached in the first pass is already taken in
/// the second, which is the tie rule. Without B seeds the draws are IC's (same seed, same
/// cascade).
///
/// Complexity: O(Σ_{adopters u of either campaign} deg⁺(u)) memory reads per replicate.
///
/// Reference: C. Budak, D. Agrawal, A. El Abbadi, "Limiting the spread of misinformation in
/// social networks", WWW 2011 (the multi-campaign independent cascade model, campaigns C and L).
public struct CompetingCascade: Sendable {
  /// Campaign A's and campaign B's edges and probabilities (the same layers).
  public let cascadeA: IndependentCascade
  public let cascadeB: IndependentCascade
  /// B's seeds (internal ids).
  public let seedsB: [UInt32]

  /// Campaign codes in the workspace.
  @usableFromInline static let campaignA: UInt8 = 1
  @usableFromInline static let campaignB: UInt8 = 2

  /// Sets the model up on `layers` with one IC probability rule per layer and campaign, and B's
  /// seeds (internal ids).
  ///
  /// - Throws: ``ModelError`` for a probability outside [0, 1] or a B seed out of range.
  public init(
    graph: MultiplexGraph, layers: [Int], probabilitiesA: [IndependentCascade.Probability],
    probabilitiesB: [IndependentCascade.Probability], seedsB: [UInt32]
  ) throws {
    if let bad = seedsB.first(where: { Int($0) >= graph.nodeCount }) {
      throw ModelError.invalidParameter(
        model: "competing-ic", key: "seeds_b", expected: "nodes of the graph (0..<\(graph.nodeCount))", found: "\(bad)")
    }
    cascadeA = try IndependentCascade.edges(
      model: "competing-ic", key: "p_a", graph: graph, layers: layers, probabilities: probabilitiesA)
    cascadeB = try IndependentCascade.edges(
      model: "competing-ic", key: "p_b", graph: graph, layers: layers, probabilities: probabilitiesB)
    self.seedsB = seedsB
  }

  /// Convenience: uniform p_A and p_B on every layer.
  public init(graph: MultiplexGraph, pA: Double, pB: Double, seedsB: [UInt32]) throws {
    let all = Array(graph.layers.indices)
    try self.init(
      graph: graph, layers: all, probabilitiesA: all.map { _ in .uniform(pA) },
      probabilitiesB: all.map { _ in .uniform(pB) },
      seedsB: seedsB)
  }

  /// Runs one replicate from A's `seeds` (and the model's B seeds) for at most `maxSteps`
  /// generations. Fills `trace` (A's order always; A's step ends and the a/b counts when
  /// recording) and returns A's spread. Duplicate seeds count once.
  @inlinable
  public func run(
    seeds: [UInt32], rng: RandomGenerator, workspace: inout NegativeCascadeWorkspace, trace: inout ReplicateTrace,
    maxSteps: Int = .max
  ) -> Int {
    trace.reset()
    let a = Self.campaignA
    let b = Self.campaignB
    workspace.cascade.nextEpoch()
    let epoch = workspace.cascade.epoch
    var count = 0
    var adoptersA = 0
    // The channels are pinned once per replicate (no shared reference counting in the loop).
    cascadeA.withLanes { channelsA in
      cascadeB.withLanes { channelsB in
        workspace.cascade.stamp.withUnsafeMutableBufferPointer { stamp in
          workspace.cascade.queue.withUnsafeMutableBufferPointer { queue in
            workspace.opinion.withUnsafeMutableBufferPointer { campaign in
              for (list, code) in [(seedsB, b), (seeds, a)] {
                for s in list where stamp[Int(s)] != epoch {
                  stamp[Int(s)] = epoch
                  queue[count] = s
                  campaign[Int(s)] = code
                  count += 1
                  if code == a { adoptersA += 1 }
                }
              }
              if trace.recording { Self.record(count, adoptersA, &trace) }
              var start = 0
              var step = 0
              while start < count && step < maxSteps {
                let end = count
                for i in start..<end where campaign[Int(queue[i])] == b {
                  for channel in channelsB {
                    let before = count
                    IndependentCascade.expand(Int(queue[i]), channel, rng, stamp, queue, epoch, &count)
                    for k in before..<count { campaign[Int(queue[k])] = b }
                  }
                }
                for i in start..<end where campaign[Int(queue[i])] == a {
                  for channel in channelsA {
                    let before = count
                    IndependentCascade.expand(Int(queue[i]), channel, rng, stamp, queue, epoch, &count)
                    for k in before..<count { campaign[Int(queue[k])] = a }
                    adoptersA += count - before
                  }
                }
                start = end
                step += 1
                if trace.recording && count > end { Self.record(count, adoptersA, &trace) }
              }
              for k in 0..<count where campaign[Int(queue[k])] == a { trace.order.append(queue[k]) }
            }
          }
        }
      }
    }
    workspace.cascade.activeCount = count
    return adoptersA
  }

  /// Ends a step in the trace: A's cumulative adopters, then the a and b counts.
  @inlinable static func record(_ count: Int, _ adoptersA: Int, _ trace: inout ReplicateTrace) {
    trace.stepEnds.append(adoptersA)
    trace.stateCounts.append(adoptersA)
    trace.stateCounts.append(count - adoptersA)
  }
}
