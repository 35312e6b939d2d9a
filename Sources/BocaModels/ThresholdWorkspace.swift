import BocaGraph
import BocaRandom

/// Scratch space the threshold kernels (``LinearThreshold``, ``ComplexContagion``) reuse across
/// replicates, so that a replicate costs time in proportion to the nodes it touches, not to the
/// graph: epoch-stamped marks (no O(n) reset), each touched node's remaining threshold, and a
/// preallocated queue of activated nodes.
///
/// A node is *touched* in a replicate when an active in-neighbour first pushes weight to it;
/// only then is its threshold set (for LT: drawn). One workspace per thread; not shared.
public struct ThresholdWorkspace {
  /// `stamp[v] == epoch` iff v was touched (or seeded) in the current replicate.
  @usableFromInline var stamp: [UInt32]
  /// For a touched node, its threshold minus the weight received so far; `+∞` once active.
  @usableFromInline var remaining: [Double]
  @usableFromInline var epoch: UInt32 = 0
  /// Activated nodes in activation order; the first `activeCount` entries are valid.
  @usableFromInline var queue: [UInt32]
  @usableFromInline var activeCount = 0
  @usableFromInline var steps: [Int] = []

  /// A workspace for graphs of `nodeCount` nodes.
  public init(nodeCount: Int) {
    stamp = [UInt32](repeating: 0, count: nodeCount)
    remaining = [Double](repeating: 0, count: nodeCount)
    queue = [UInt32](repeating: 0, count: nodeCount)
  }

  /// Number of nodes active after the last run.
  public var count: Int { activeCount }

  /// The nodes activated by the last run, in activation order (seeds first).
  public var activated: ArraySlice<UInt32> { queue[0..<activeCount] }

  /// `stepEnds[t]` = nodes active after step t (step 0 = the seeds), after a run that recorded
  /// steps. Steps that activate nobody are not listed, so the last entry is the final spread.
  public var stepEnds: [Int] { steps }

  /// Starts a replicate: O(1) except once every 2^32 − 1 replicates.
  @inlinable mutating func nextEpoch() {
    if epoch == UInt32.max {
      for i in stamp.indices { stamp[i] = 0 }
      epoch = 0
    }
    epoch &+= 1
    activeCount = 0
  }
}

/// One layer as a threshold kernel reads it: the out-adjacency along which an active node pushes
/// weight, and whether the pushed weight is the edge's weight (else 1).
@usableFromInline struct ThresholdChannel: Sendable {
  @usableFromInline let csr: CSR
  @usableFromInline let byWeight: Bool

  @usableFromInline init(csr: CSR, byWeight: Bool) {
    self.csr = csr
    self.byWeight = byWeight
  }
}

extension ThresholdWorkspace {
  /// The synchronous threshold cascade shared by LT and complex contagion.
  ///
  /// The seeds are active at step 0 (duplicates count once). Breadth-first: each node activated
  /// at step t pushes, in queue order, its weight along its out-edges (channel by channel, each
  /// row in increasing target id). A node touched for the first time gets its threshold from
  /// `threshold(v)`; it activates when the weight received reaches it and is appended to the
  /// queue. Since the queue is FIFO, all step-t nodes push before any node they activate, so a
  /// node activated while step t pushes is exactly a node whose weight from the nodes active at
  /// the end of step t reaches its threshold: step t + 1 of the synchronous model.
  ///
  /// Complexity: O(Σ_{active u} deg⁺(u)) memory reads and one `threshold` call per touched node.
  @inlinable @inline(__always)
  mutating func cascade(
    seeds: [UInt32], channels: [ThresholdChannel], recordSteps: Bool, maxSteps: Int,
    threshold: (Int) -> Double
  ) -> Int {
    nextEpoch()
    let epoch = self.epoch
    var count = 0
    if recordSteps { steps.removeAll(keepingCapacity: true) }
    var steps = self.steps
    self.steps = []
    // The channels are pinned once per replicate: the loop below reads only raw buffers (see
    // ``PinnedCSR``: no reference counting on arrays the threads share).
    withPinnedLanes(channels, csr: { $0.csr }, rule: { $0.byWeight }) { lanes in
      stamp.withUnsafeMutableBufferPointer { stamp in
        remaining.withUnsafeMutableBufferPointer { remaining in
          queue.withUnsafeMutableBufferPointer { queue in
            for s in seeds where stamp[Int(s)] != epoch {
              stamp[Int(s)] = epoch
              remaining[Int(s)] = .infinity
              queue[count] = s
              count += 1
            }
            var head = 0
            var stepEnd = count
            var step = 0
            if recordSteps { steps.append(count) }
            while head < count && step < maxSteps {
              let u = Int(queue[head])
              head += 1
              for k in 0..<lanes.count {
                Self.push(u, lanes[k], stamp, remaining, queue, epoch, &count, threshold)
              }
              if head == stepEnd {
                stepEnd = count
                step += 1
                if recordSteps && count > head { steps.append(count) }
              }
            }
          }
        }
      }
    }
    self.steps = steps
    activeCount = count
    return count
  }

  /// Pushes `u`'s weight along its out-edges on one pinned channel (rule: push the edge weight,
  /// else 1).
  @inlinable @inline(__always)
  static func push(
    _ u: Int, _ lane: PinnedLane<Bool>, _ stamp: UnsafeMutableBufferPointer<UInt32>,
    _ remaining: UnsafeMutableBufferPointer<Double>, _ queue: UnsafeMutableBufferPointer<UInt32>, _ epoch: UInt32,
    _ count: inout Int, _ threshold: (Int) -> Double
  ) {
    let offsets = lane.csr.offsets
    let targets = lane.csr.targets
    let lo = offsets[u]
    let hi = offsets[u + 1]
    guard lo < hi else { return }
    if lane.rule {
      let weights = lane.csr.weights
      for i in lo..<hi {
        visit(Int(targets[i]), Double(weights[i]), stamp, remaining, queue, epoch, &count, threshold)
      }
    } else {
      for i in lo..<hi {
        visit(Int(targets[i]), 1, stamp, remaining, queue, epoch, &count, threshold)
      }
    }
  }

  /// Adds weight `w` to node `v`, touching it first if needed; activates it when its remaining
  /// threshold drops to zero or below. An active node has remaining `+∞` and stays put.
  @inlinable @inline(__always)
  static func visit(
    _ v: Int, _ w: Double, _ stamp: UnsafeMutableBufferPointer<UInt32>,
    _ remaining: UnsafeMutableBufferPointer<Double>, _ queue: UnsafeMutableBufferPointer<UInt32>, _ epoch: UInt32,
    _ count: inout Int, _ threshold: (Int) -> Double
  ) {
    if stamp[v] != epoch {
      stamp[v] = epoch
      remaining[v] = threshold(v)
    }
    let r = remaining[v] - w
    if r <= 0 {
      remaining[v] = .infinity
      queue[count] = UInt32(v)
      count += 1
    } else {
      remaining[v] = r
    }
  }
}
