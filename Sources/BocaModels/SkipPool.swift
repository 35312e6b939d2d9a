import BocaRandom

/// Node ids that all face the same per-step probability, sampled by geometric skipping, with lazy
/// deletion: nodes that leave (adopt, or move to a list of their own) stay in the pool as stale
/// entries that the caller skips when drawn, and the pool is compacted once they outnumber the
/// live ones. It starts as every node 0 ..< n without storing them.
///
/// Sampling costs O(successes + 1) draws (``BernoulliTrials``); compaction O(entries), at most
/// once per halving of the live entries, so O(n) per replicate in all. Used by ``Bass`` and
/// ``WordOfMouth`` for the non-adopters that feel only the external hazard.
struct SkipPool {
  private var ids: [UInt32] = []
  private var isIdentity = true

  /// Every node again (a new replicate).
  mutating func reset() {
    ids.removeAll(keepingCapacity: true)
    isIdentity = true
  }

  /// Entries, live and stale, of a pool over `nodeCount` nodes.
  func count(nodeCount: Int) -> Int { isIdentity ? nodeCount : ids.count }

  /// Drops the stale entries, keeping id order, when they outnumber the `live` ones.
  mutating func compact(nodeCount: Int, live: Int, isStale: (Int) -> Bool) {
    guard count(nodeCount: nodeCount) - live > live else { return }
    if isIdentity {
      ids.removeAll(keepingCapacity: true)
      for i in 0..<nodeCount where !isStale(i) { ids.append(UInt32(i)) }
      isIdentity = false
    } else {
      ids.removeAll { isStale(Int($0)) }
    }
  }

  /// Calls `body(i)` for each entry whose trial succeeds, in pool order; stale entries included.
  func forEachSuccess(
    _ trials: BernoulliTrials, nodeCount: Int, _ rng: RandomGenerator, _ body: (Int) -> Void
  ) {
    let identity = isIdentity
    ids.withUnsafeBufferPointer { list in
      trials.forEachSuccess(in: 0..<count(nodeCount: nodeCount), rng) { r in body(identity ? r : Int(list[r])) }
    }
  }
}
