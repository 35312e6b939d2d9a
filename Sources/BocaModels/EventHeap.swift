/// A binary min-heap of (time, node) events for the event-driven epidemic kernels.
///
/// Array-backed, 1 + log₂(count) comparisons per push or pop; `removeAll` keeps capacity, so a
/// replicate allocates nothing once the heap has grown to its largest size. Ties in time pop in
/// an unspecified but deterministic order (they have probability zero with continuous times).
///
/// Reference: J. W. J. Williams, "Algorithm 232: Heapsort", Communications of the ACM 7 (1964).
@usableFromInline struct EventHeap {
  @usableFromInline var times: [Double] = []
  @usableFromInline var nodes: [UInt32] = []

  @usableFromInline init() {}

  @inlinable var isEmpty: Bool { times.isEmpty }
  @inlinable var count: Int { times.count }

  /// The earliest time; the heap must not be empty.
  @inlinable var minTime: Double { times[0] }

  @inlinable mutating func removeAll() {
    times.removeAll(keepingCapacity: true)
    nodes.removeAll(keepingCapacity: true)
  }

  /// Adds an event.
  @inlinable mutating func push(_ time: Double, _ node: UInt32) {
    times.append(time)
    nodes.append(node)
    var i = times.count - 1
    times.withUnsafeMutableBufferPointer { t in
      nodes.withUnsafeMutableBufferPointer { v in
        while i > 0 {
          let parent = (i - 1) >> 1
          guard time < t[parent] else { break }
          t[i] = t[parent]
          v[i] = v[parent]
          i = parent
        }
        t[i] = time
        v[i] = node
      }
    }
  }

  /// Removes and returns the earliest event; the heap must not be empty.
  @inlinable mutating func pop() -> (time: Double, node: UInt32) {
    let top = (times[0], nodes[0])
    let lastTime = times.removeLast()
    let lastNode = nodes.removeLast()
    let n = times.count
    guard n > 0 else { return top }
    times.withUnsafeMutableBufferPointer { t in
      nodes.withUnsafeMutableBufferPointer { v in
        var i = 0
        while true {
          var child = 2 * i + 1
          if child >= n { break }
          if child + 1 < n && t[child + 1] < t[child] { child += 1 }
          guard t[child] < lastTime else { break }
          t[i] = t[child]
          v[i] = v[child]
          i = child
        }
        t[i] = lastTime
        v[i] = lastNode
      }
    }
    return top
  }
}
