import BocaGraph
import BocaRandom

/// The linear threshold model (LT) on one or several layers of a multiplex graph.
///
/// ## Model
/// Every node v draws a threshold θ_v ~ U(0, 1), afresh in every replicate. Edge u → v carries a
/// weight b_uv ≥ 0 with Σ_u b_uv ≤ 1. The seeds are active at step 0; at step t + 1 an inactive
/// node v becomes active when
///
///     Σ_{u active at the end of step t} b_uv ≥ θ_v.
///
/// Active nodes stay active; the cascade ends when a step activates nobody. The spread is the
/// number of nodes ever active, seeds included.
///
/// Weights (`weights` option):
/// - `indegree` (default): b_uv = 1 / d⁻(v), where d⁻(v) is v's in-degree summed over the model's
///   layers (an undirected layer counts its degree; an edge present in two layers is two in-edges
///   and weighs 2 / d⁻(v)). Then v activates once at least θ_v · d⁻(v) of its in-edges come from
///   active nodes. A node with in-degree 0 is never activated except as a seed.
/// - `edge`: b_uv is the edge's weight on a weighted layer (summed over layers when the edge is on
///   several); every layer must be weighted, weights must be ≥ 0, and Σ_u b_uv ≤ 1 for every v
///   (up to 10⁻⁶, the rounding of `Float` weights), else the set-up fails.
///
/// In plain words: each person has a private tipping point, unknown in advance and uniformly
/// spread; influence from friends adds up, and a person adopts once the share of their
/// (weighted) friends who adopted reaches the tipping point. Unlike IC, hearing from more friends
/// keeps counting, and an exposure that did not convince still counts later.
///
/// Kempe et al. (§2) show LT's final active set has the law of the set reached from the seeds in
/// the random subgraph where each node keeps at most one in-edge, u → v with probability b_uv
/// (live-edge form); the final set does not depend on the update order, only the timing does.
///
/// ## Algorithm
/// Breadth-first over activated nodes (``ThresholdWorkspace``): an activated node pushes its weight
/// to its out-neighbours one step later. A threshold is drawn lazily, the first time the node
/// receives weight, so a replicate costs O(touched nodes + Σ_{active u} deg⁺(u)) and
/// O(touched non-seed nodes) draws, with no O(n) reset (epoch stamps). In `indegree` mode the
/// kernel stores θ_v · d⁻(v) and subtracts 1 per active in-edge, which is exact in floating point,
/// so "all in-neighbours active" always activates (Σ b_uv = 1 ≥ θ_v).
///
/// Draw order (for reproducibility): one `uniformPositive()` (GSL `gsl_rng_uniform_pos`, so θ_v ∈
/// (0, 1) and weight 0 never activates) per touched non-seed node, at the moment it is first
/// touched. Nodes are touched in this order: the active nodes in activation order (seeds first,
/// in the order given, duplicates dropped), and for each, its out-edges layer by layer in the
/// model's layer order and, within a layer, in increasing target id. Seeds draw nothing. Since
/// the thresholds are independent, drawing them lazily has the same law as drawing all n first.
///
/// Reference: D. Kempe, J. Kleinberg, É. Tardos, "Maximizing the spread of influence through a
/// social network", KDD 2003; M. Granovetter, "Threshold models of collective behavior", American
/// Journal of Sociology 83 (1978).
public struct LinearThreshold: Sendable {
  /// How the edge weights b_uv are set.
  public enum Weights: String, Sendable, CaseIterable {
    /// b_uv = 1 / in-degree(v), in-degree summed over the model's layers.
    case inDegree = "indegree"
    /// b_uv = the edge's weight (weighted layers only; Σ_u b_uv ≤ 1).
    case edge
  }

  /// Tolerance on Σ_u b_uv ≤ 1 in `edge` mode: `Float` weights such as 1/3 sum to 1 + 3·10⁻⁸.
  public static let weightSumTolerance = 1e-6

  @usableFromInline let graph: MultiplexGraph
  @usableFromInline let channels: [ThresholdChannel]
  /// What a node's threshold is multiplied by when drawn: d⁻(v) in `indegree` mode, 1 in `edge`.
  @usableFromInline let scale: [Double]
  /// The weight rule.
  public let weights: Weights

  /// Sets the model up on `layers` (indices into `graph.layers`).
  ///
  /// - Throws: ``ModelError`` in `edge` mode when a layer is unweighted, a weight is negative or
  ///   not finite, or a node's incoming weights sum to more than 1.
  public init(graph: MultiplexGraph, layers: [Int], weights: Weights = .inDegree) throws {
    let n = graph.nodeCount
    var scale = [Double](repeating: weights == .inDegree ? 0 : 1, count: n)
    var channels: [ThresholdChannel] = []
    switch weights {
    case .inDegree:
      for index in layers {
        let csr = graph.layers[index].out
        for v in csr.targets { scale[Int(v)] += 1 }
        channels.append(ThresholdChannel(csr: csr, byWeight: false))
      }
    case .edge:
      var sums = [Double](repeating: 0, count: n)
      for index in layers {
        let layer = graph.layers[index]
        guard let w = layer.out.weights else {
          throw ModelError.invalidParameter(
            model: "lt", key: "weights", expected: "weighted layers for 'edge' weights",
            found: "layer '\(layer.name)' without weights")
        }
        for (i, v) in layer.out.targets.enumerated() {
          guard w[i] >= 0, w[i].isFinite else {
            throw ModelError.invalidParameter(
              model: "lt", key: "weight", expected: "edge weights ≥ 0", found: "\(w[i]) on layer '\(layer.name)'")
          }
          sums[Int(v)] += Double(w[i])
        }
        channels.append(ThresholdChannel(csr: layer.out, byWeight: true))
      }
      if let v = sums.indices.first(where: { sums[$0] > 1 + LinearThreshold.weightSumTolerance }) {
        throw ModelError.invalidParameter(
          model: "lt", key: "weight", expected: "incoming edge weights summing to at most 1 per node",
          found: "\(sums[v]) into node \(graph.nodeLabel(v))")
      }
    }
    self.graph = graph
    self.channels = channels
    self.scale = scale
    self.weights = weights
  }

  /// Convenience: LT on every layer of `graph`.
  public init(graph: MultiplexGraph, weights: Weights = .inDegree) throws {
    try self.init(graph: graph, layers: Array(graph.layers.indices), weights: weights)
  }

  /// Runs one replicate from `seeds` and returns the spread (nodes ever active, seeds included).
  /// The activated nodes are `workspace.activated` afterwards, in activation order, and
  /// `workspace.stepEnds` tells where each step ends. Duplicate seeds count once.
  ///
  /// - Parameters:
  ///   - recordSteps: whether to fill `workspace.stepEnds` (one append per step).
  ///   - maxSteps: stop after this many steps even if the cascade could go on.
  @inlinable
  public func run(
    seeds: [UInt32], rng: RandomGenerator, workspace: inout ThresholdWorkspace, recordSteps: Bool = false,
    maxSteps: Int = .max
  ) -> Int {
    scale.withUnsafeBufferPointer { scale in
      workspace.cascade(seeds: seeds, channels: channels, recordSteps: recordSteps, maxSteps: maxSteps) { v in
        rng.uniformPositive() * scale[v]
      }
    }
  }
}
