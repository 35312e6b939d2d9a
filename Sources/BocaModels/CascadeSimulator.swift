import BocaRandom

/// What a cascade kernel leaves in its workspace: the activation order and the step ends.
public protocol CascadeRecord {
  /// Activated nodes in activation order, seeds first.
  var activated: ArraySlice<UInt32> { get }
  /// Cumulative activated count at the end of each step (when recorded).
  var stepEnds: [Int] { get }
}

extension CascadeWorkspace: CascadeRecord {}
extension ThresholdWorkspace: CascadeRecord {}

/// A progressive cascade (nodes only ever activate) that runs into a reusable workspace.
public protocol CascadeKernel: Sendable {
  associatedtype Workspace: CascadeRecord
  /// Number of nodes of the graph it runs on.
  var nodeCount: Int { get }
  /// A workspace for one thread.
  func makeWorkspace() -> Workspace
  /// One replicate; returns the spread.
  func cascade(seeds: [UInt32], rng: RandomGenerator, workspace: inout Workspace, recordSteps: Bool, maxSteps: Int)
    -> Int
}

/// The ``ReplicateSimulator`` of every cascade kernel (IC, LT, complex contagion): runs the
/// kernel in a workspace reused across replicates and copies its order and step ends into the
/// trace.
final class CascadeSimulator<Kernel: CascadeKernel>: ReplicateSimulator {
  let kernel: Kernel
  var workspace: Kernel.Workspace

  init(_ kernel: Kernel) {
    self.kernel = kernel
    workspace = kernel.makeWorkspace()
  }

  func run(seeds: [UInt32], rng: RandomGenerator, horizon: Int?, trace: inout ReplicateTrace) -> Int {
    trace.reset()
    let spread = kernel.cascade(
      seeds: seeds, rng: rng, workspace: &workspace, recordSteps: trace.recording, maxSteps: horizon ?? .max)
    trace.order.append(contentsOf: workspace.activated)
    if trace.recording { trace.stepEnds.append(contentsOf: workspace.stepEnds) }
    return spread
  }
}
