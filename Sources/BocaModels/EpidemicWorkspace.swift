/// Scratch space the epidemic kernels reuse across replicates (one per thread, never shared):
/// epoch-stamped marks, so a replicate costs nothing in proportion to n, plus the infected
/// lists, the event heap and per-node times.
///
/// The per-node arrays are raw buffers owned by this object (freed in `deinit`) so that the
/// kernels index them without bounds checks or exclusivity checks.
final class EpidemicWorkspace {
  let nodeCount: Int
  /// `ever[v] == epoch` iff v has been infected in this replicate.
  let ever: UnsafeMutablePointer<UInt32>
  /// `infected[v] == epoch` iff v is infected now (SIS); set to 0 on recovery.
  let infected: UnsafeMutablePointer<UInt32>
  /// Infected in-neighbour counts of exposed susceptible nodes (`node`/`fraction` rules); all
  /// zero between steps.
  let hits: UnsafeMutablePointer<UInt32>
  /// Continuous SIR: earliest queued infection time (valid when `timeStamp[v] == epoch`).
  /// Continuous SIS: recovery time of an infected node.
  let time: UnsafeMutablePointer<Double>
  let timeStamp: UnsafeMutablePointer<UInt32>
  private(set) var epoch: UInt32 = 0

  /// Nodes infected at the start of the step, and at the start of the next.
  var current: [UInt32] = []
  var next: [UInt32] = []
  /// Exposed susceptible nodes of this step (`node`/`fraction` rules).
  var candidates: [UInt32] = []
  var heap = EventHeap()
  /// Discrete event-driven SIR: transmissions queued per step (only up to the last used index
  /// is non-empty between replicates: every processed bucket is emptied).
  var buckets: [[UInt32]] = []
  /// Continuous SIR traces: `recoveries[k]` = recoveries in (k − 1, k].
  var recoveries: [Int] = []

  init(nodeCount: Int) {
    self.nodeCount = nodeCount
    let count = max(nodeCount, 1)
    ever = .allocate(capacity: count)
    infected = .allocate(capacity: count)
    hits = .allocate(capacity: count)
    time = .allocate(capacity: count)
    timeStamp = .allocate(capacity: count)
    ever.initialize(repeating: 0, count: count)
    infected.initialize(repeating: 0, count: count)
    hits.initialize(repeating: 0, count: count)
    time.initialize(repeating: 0, count: count)
    timeStamp.initialize(repeating: 0, count: count)
  }

  deinit {
    ever.deallocate()
    infected.deallocate()
    hits.deallocate()
    time.deallocate()
    timeStamp.deallocate()
  }

  /// Starts a replicate and returns its epoch: O(1) except once every 2^32 − 1 replicates.
  func nextEpoch() -> UInt32 {
    if epoch == UInt32.max {
      ever.update(repeating: 0, count: nodeCount)
      infected.update(repeating: 0, count: nodeCount)
      timeStamp.update(repeating: 0, count: nodeCount)
      epoch = 0
    }
    epoch &+= 1
    current.removeAll(keepingCapacity: true)
    next.removeAll(keepingCapacity: true)
    heap.removeAll()
    return epoch
  }
}
