import BocaGraph
import BocaRandom

/// Complex contagion: deterministic threshold adoption with an absolute or a fractional
/// threshold, on one or several layers of a multiplex graph.
///
/// ## Model
/// The seeds have adopted at step 0. Let a_v(t) be the number of v's in-neighbours (over the
/// model's layers; an undirected layer's neighbours; an edge on two layers counts twice) that
/// have adopted by the end of step t, and k_v its in-degree counted the same way. An unadopted
/// node adopts at step t + 1 when
///
///     a_v(t) ≥ θ              (absolute threshold θ ∈ {1, 2, …}; Centola & Macy 2007), or
///     a_v(t) ≥ φ · k_v        (fractional threshold φ ∈ (0, 1]; Watts 2002).
///
/// Adopters stay adopted; the process ends when a step adds nobody. Nothing is random: given
/// the seeds the outcome is fixed (every replicate is the same). A node with k_v = 0 never adopts
/// except as a seed; with an absolute θ, neither does a node with k_v < θ. The fractional test
/// is made on integers, a_v ≥ ⌈φ k_v − 10⁻⁹⌉, so that a decimal φ whose binary value rounds a
/// hair above a whole φ k_v (0.3 · 10, say) still needs exactly that whole number.
///
/// In plain words: a person adopts only after hearing from several adopters (θ of them, or the
/// share φ of their contacts), so, unlike a simple contagion, wide bridges between clusters
/// matter more than short paths: on a clustered ring lattice with θ = 2 a seeded neighbourhood
/// takes the whole ring, while after random rewiring the same seeds stall (Centola & Macy).
///
/// ## Algorithm
/// The threshold cascade of ``ThresholdWorkspace``: each adopter pushes a count of 1 along its
/// out-edges one step after adopting, and a node adopts when its count reaches its precomputed
/// integer need (θ, or ⌈φ k_v⌉). O(Σ_{adopted u} deg⁺(u)) per run, no O(n) reset, no draws.
///
/// References: D. Centola, M. Macy, "Complex contagions and the weakness of long ties", American
/// Journal of Sociology 113 (2007) 702–734; D. J. Watts, "A simple model of global cascades on
/// random networks", PNAS 99 (2002) 5766–5771.
public struct ComplexContagion: Sendable {
  /// The adoption threshold.
  public enum Threshold: Sendable, Equatable {
    /// Adopt once at least this many in-neighbours adopted (θ ≥ 1).
    case absolute(Int)
    /// Adopt once at least this fraction of the in-degree adopted (φ ∈ (0, 1]).
    case fractional(Double)
  }

  /// Slack for the fractional threshold's rounding (see the type's documentation).
  public static let fractionSlack = 1e-9

  @usableFromInline let graph: MultiplexGraph
  @usableFromInline let channels: [ThresholdChannel]
  /// Each node's integer need, as a `Double` for the shared kernel (∞ when it can never adopt).
  @usableFromInline let need: [Double]
  /// The threshold rule.
  public let threshold: Threshold

  /// Sets the model up on `layers` (indices into `graph.layers`).
  ///
  /// - Throws: ``ModelError`` when θ < 1 or φ is outside (0, 1].
  public init(graph: MultiplexGraph, layers: [Int], threshold: Threshold) throws {
    var degree = [Int](repeating: 0, count: graph.nodeCount)
    var channels: [ThresholdChannel] = []
    for index in layers {
      let csr = graph.layers[index].out
      for v in csr.targets { degree[Int(v)] += 1 }
      channels.append(ThresholdChannel(csr: csr, byWeight: false))
    }
    switch threshold {
    case .absolute(let theta):
      guard theta >= 1 else {
        throw ModelError.invalidParameter(
          model: "threshold", key: "theta", expected: "an integer ≥ 1", found: "\(theta)")
      }
      need = degree.map { $0 >= theta ? Double(theta) : .infinity }
    case .fractional(let phi):
      guard phi > 0, phi <= 1 else {
        throw ModelError.invalidParameter(
          model: "threshold", key: "phi", expected: "a fraction in (0, 1]", found: "\(phi)")
      }
      need = degree.map { k in
        k == 0 ? .infinity : max(1, (phi * Double(k) - ComplexContagion.fractionSlack).rounded(.up))
      }
    }
    self.graph = graph
    self.channels = channels
    self.threshold = threshold
  }

  /// Convenience: complex contagion on every layer of `graph`.
  public init(graph: MultiplexGraph, threshold: Threshold) throws {
    try self.init(graph: graph, layers: Array(graph.layers.indices), threshold: threshold)
  }

  /// The number of adopted in-neighbours node `v` needs (`nil` when it can never adopt).
  public func need(of v: Int) -> Int? { need[v].isFinite ? Int(need[v]) : nil }

  /// Runs the process from `seeds` and returns the spread (adopters, seeds included). The adopters
  /// are `workspace.activated` afterwards, in adoption order, and `workspace.stepEnds` tells where
  /// each step ends. Duplicate seeds count once.
  ///
  /// - Parameters:
  ///   - recordSteps: whether to fill `workspace.stepEnds` (one append per step).
  ///   - maxSteps: stop after this many steps even if adoption could go on.
  @inlinable
  public func run(seeds: [UInt32], workspace: inout ThresholdWorkspace, recordSteps: Bool = false, maxSteps: Int = .max)
    -> Int
  {
    need.withUnsafeBufferPointer { need in
      workspace.cascade(seeds: seeds, channels: channels, recordSteps: recordSteps, maxSteps: maxSteps) { v in need[v] }
    }
  }
}
