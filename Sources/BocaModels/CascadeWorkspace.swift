/// Scratch space a cascade kernel reuses across replicates, so that a replicate costs time in
/// proportion to the nodes it reaches, not to the graph: visited marks that need no O(n) reset
/// (epoch stamps, or a bit set cleared through the activation list) and a preallocated queue of
/// activated nodes.
///
/// One workspace per thread; not shared.
public struct CascadeWorkspace {
  /// `stamp[v] == epoch` iff v is active in the current replicate.
  @usableFromInline var stamp: [UInt32]
  @usableFromInline var epoch: UInt32 = 0
  /// One bit per node, all zero between replicates: n/8 bytes, small enough to stay in the
  /// first-level caches where the 4-byte stamps would not (IC's kernel uses it).
  @usableFromInline var bits: [UInt64]
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
    bits = [UInt64](repeating: 0, count: (nodeCount + 63) / 64)
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

/// Visited marks a cascade kernel tests and sets.
@usableFromInline protocol VisitedMarks {
  /// Marks `v`; true when it was not marked before.
  func insert(_ v: Int) -> Bool
}

/// Marks as epoch stamps: `stamp[v] == epoch` iff marked.
@usableFromInline struct EpochMarks: VisitedMarks {
  @usableFromInline let stamp: UnsafeMutableBufferPointer<UInt32>
  @usableFromInline let epoch: UInt32

  @inlinable init(_ stamp: UnsafeMutableBufferPointer<UInt32>, _ epoch: UInt32) {
    self.stamp = stamp
    self.epoch = epoch
  }

  @inlinable @inline(__always) func insert(_ v: Int) -> Bool {
    if stamp[v] == epoch { return false }
    stamp[v] = epoch
    return true
  }
}

/// Marks as a bit set; the caller clears the words of the nodes it marked.
@usableFromInline struct BitMarks: VisitedMarks {
  @usableFromInline let words: UnsafeMutablePointer<UInt64>

  @inlinable init(_ words: UnsafeMutablePointer<UInt64>) { self.words = words }

  @inlinable @inline(__always) func insert(_ v: Int) -> Bool {
    let bit: UInt64 = 1 << UInt64(v & 63)
    let w = v >> 6
    if words[w] & bit != 0 { return false }
    words[w] |= bit
    return true
  }
}
