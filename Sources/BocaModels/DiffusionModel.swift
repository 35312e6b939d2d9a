import BocaGraph
import BocaRandom

/// A diffusion model set up on a graph with its parameters: immutable, shareable between
/// threads, and able to make per-thread simulators.
///
/// Every model documents, in its type's doc comment, its equation, its assumptions in plain
/// words and its citation, and reports the same thing per replicate: who adopted, in which
/// order and by which step (``ReplicateTrace``), plus any per-state counts.
public protocol DiffusionModel: Sendable {
  /// The model's name as scripts use it (`ic`, `lt`, `sir`…).
  var name: String { get }
  /// Whether nothing can ever happen without seed nodes: true unless the model has an external
  /// influence that is on (Bass's or wom's p > 0, Goldenberg's α > 0). The runner gives every
  /// model the same default seeds (one random node) whatever this says; it warns when a run has
  /// no seeds and this is true.
  var needsSeeds: Bool { get }
  /// A simulator with its own scratch state, for one thread.
  func makeSimulator() -> any ReplicateSimulator
}

extension DiffusionModel {
  public var needsSeeds: Bool { true }
}

/// Runs replicates of one model on one thread, reusing its scratch state.
public protocol ReplicateSimulator: AnyObject {
  /// Runs one replicate from `seeds` with `rng` (already seeded for this replicate) and returns
  /// the final spread: nodes that ever adopted (were activated, infected), seeds included.
  ///
  /// - Parameters:
  ///   - horizon: the number of steps to run (models that run in time; continuous-time models
  ///     report at unit times 0, 1, …, horizon). `nil`: until nothing can change (cascades), or
  ///     the model's documented default.
  ///   - trace: filled with the adoption order, the step ends and the state counts when
  ///     `trace.recording` is set; its ``ReplicateTrace/order`` is always filled.
  func run(seeds: [UInt32], rng: RandomGenerator, horizon: Int?, trace: inout ReplicateTrace) -> Int
}

/// What one replicate did, step by step.
///
/// `order` lists the nodes in the order they first adopted (seeds first); `stepEnds[t]` is how
/// many had adopted by the end of step t (step 0 = the seeds or the initial state), so the
/// cumulative adoption curve is `stepEnds` and the adopters of step t are
/// `order[stepEnds[t-1] ..< stepEnds[t]]`. Models with more states report them in
/// `stateCounts`, `stateNames.count` values per recorded step (e.g. susceptible, infected,
/// recovered; or positive, negative).
public struct ReplicateTrace {
  /// Whether to fill `stepEnds` and `stateCounts` (the time series); `order` is always filled.
  public var recording: Bool
  /// Nodes in order of first adoption.
  public var order: [UInt32] = []
  /// Cumulative adopters at the end of each step.
  public var stepEnds: [Int] = []
  /// Names of the per-state counts.
  public var stateNames: [String] = []
  /// Per-step state counts, step-major.
  public var stateCounts: [Int] = []

  public init(recording: Bool) { self.recording = recording }

  /// Clears the trace for a new replicate, keeping capacity.
  public mutating func reset() {
    order.removeAll(keepingCapacity: true)
    stepEnds.removeAll(keepingCapacity: true)
    stateCounts.removeAll(keepingCapacity: true)
  }

  /// Ends a step: records the cumulative count and the given state counts, when recording.
  @inlinable public mutating func endStep(states: [Int] = []) {
    guard recording else { return }
    stepEnds.append(order.count)
    stateCounts.append(contentsOf: states)
  }

  /// Number of recorded steps (including step 0).
  public var stepCount: Int { stepEnds.count }
}
