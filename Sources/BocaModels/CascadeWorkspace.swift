/// Scratch space a cascade kernel reuses across replicates, so that a replicate costs time in
/// proportion to the nodes it reaches, not to the graph: epoch-stamped visited marks (no O(n)
/// reset) and a preallocated queue of activated nodes.
///
/// One workspace per thread; not shared.
public struct CascadeWorkspace {
  /// `stamp[v] == epoch` iff v is active in the current replicate.
  @usableFromInline var stamp: [UInt32]
  @usableFromInline var epoch: UInt32 = 0
  /// Activated nodes in activation order; the first `count` entries are valid.
  @usableFromInline var queue: [UInt32]
  /// Number of valid entries in `queue` after the last run.
  public var count: Int { activeCount }
  @usableFromInline var activeCount = 0
  /// Index in `queue` where each step (BFS generation) ends, after the last run:
  /// `stepEnds[t]` = nodes active after step t (step 0 = the seeds).
  public var stepEnds: [Int] { steps }
  @usableFromInline var steps: [Int] = []

  /// A workspace for graphs of `nodeCount` nodes.
  public init(nodeCount: Int) {
    stamp = [UInt32](repeating: 0, count: nodeCount)
    queue = [UInt32](repeating: 0, count: nodeCount)
  }

  /// Starts a replicate: O(1) except once every 2^32 − 1 replicates.
  @inlinable mutating func nextEpoch() {
    if epoch == UInt32.max {
      for i in stamp.indices { stamp[i] = 0 }
      epoch = 0
    }
    epoch &+= 1
    activeCount = 0
  }

  /// The nodes activated by the last run, in activation order.
  public var activated: ArraySlice<UInt32> { queue[0..<activeCount] }
}
