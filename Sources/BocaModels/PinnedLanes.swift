import BocaGraph

/// One layer's adjacency (a ``CSR``) as raw buffers: what a kernel's hot loop reads instead of the
/// arrays themselves.
///
/// Why: a model is shared by every thread of a run, so its arrays (the graph's CSR rows, a
/// trials table) are shared too. Touching such an array in the hot loop — iterating
/// `for channel in channels`, copying a struct that holds arrays or a class reference, calling
/// `withUnsafeBufferPointer` once per node — retains and releases its storage: an atomic write to
/// a cache line that every thread reads, so the line moves between cores on every node visited
/// and a kernel gets *slower* with each thread added (issue 14: LT at 0.59× on 16 threads). A
/// kernel therefore pins its channels once per replicate with ``withPinnedLanes(_:csr:rule:_:)``
/// and its loops read only these trivial values: no reference counting, no uniqueness checks,
/// no shared writes.
@usableFromInline struct PinnedCSR {
  /// `nodeCount + 1` row offsets.
  @usableFromInline let offsets: UnsafeBufferPointer<Int>
  /// Neighbour ids, row after row.
  @usableFromInline let targets: UnsafeBufferPointer<UInt32>
  /// Per-entry weights; empty for an unweighted layer.
  @usableFromInline let weights: UnsafeBufferPointer<Float>

  @inlinable init(
    offsets: UnsafeBufferPointer<Int>, targets: UnsafeBufferPointer<UInt32>, weights: UnsafeBufferPointer<Float>
  ) {
    self.offsets = offsets
    self.targets = targets
    self.weights = weights
  }
}

/// A pinned channel: the layer's ``PinnedCSR`` and the kernel's per-layer rule (a trivial value,
/// such as whether the edge weight is pushed, or IC's ``TrialRule``).
@usableFromInline struct PinnedLane<Rule> {
  @usableFromInline let csr: PinnedCSR
  @usableFromInline let rule: Rule

  @inlinable init(csr: PinnedCSR, rule: Rule) {
    self.csr = csr
    self.rule = rule
  }
}

/// Pins `channels`' CSR arrays for the duration of `body` and hands it one ``PinnedLane`` per
/// channel, in channel order, in a stack allocation (no heap allocation per replicate).
///
/// `Rule` must be a trivial type (plain values and unsafe pointers): the lanes are never
/// deinitialized. The pointers are valid only inside `body`, where `channels` keeps the arrays
/// alive; the cost is a few retains per channel per call, so call it once per replicate.
@inlinable
func withPinnedLanes<Channel, Rule, Result>(
  _ channels: [Channel], csr: (Channel) -> CSR, rule: (Channel) -> Rule,
  _ body: (UnsafeBufferPointer<PinnedLane<Rule>>) -> Result
) -> Result {
  withUnsafeTemporaryAllocation(of: PinnedLane<Rule>.self, capacity: max(1, channels.count)) { lanes in
    func pin(_ i: Int) -> Result {
      if i == channels.count { return body(UnsafeBufferPointer(rebasing: lanes[0..<i])) }
      let c = csr(channels[i])
      return c.offsets.withUnsafeBufferPointer { offsets in
        c.targets.withUnsafeBufferPointer { targets in
          (c.weights ?? []).withUnsafeBufferPointer { weights in
            (lanes.baseAddress! + i).initialize(
              to: PinnedLane(
                csr: PinnedCSR(offsets: offsets, targets: targets, weights: weights), rule: rule(channels[i])))
            return pin(i + 1)
          }
        }
      }
    }
    return pin(0)
  }
}
