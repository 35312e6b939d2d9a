/// A binary min-heap of (time, node) events for the event-driven epidemic kernels.
///
/// One array of 16-byte events (time and node side by side, one cache line per level), 1 +
/// log₂(count) comparisons per push or pop; `removeAll` keeps capacity, so a replicate allocates
/// nothing once the heap has grown to its largest size. Ties in time pop in an unspecified but
/// deterministic order (they have probability zero with continuous times).
///
/// Reference: J. W. J. Williams, "Algorithm 232: Heapsort", Communications of the ACM 7 (1964).
@usableFromInline struct EventHeap {
  @usableFromInline struct Event {
    @usableFromInline var time: Double
    @usableFromInline var node: UInt32
    @inlinable init(_ time: Double, _ node: UInt32) {
      self.time = time
      self.node = node
    }
  }

  @usableFromInline var events: [Event] = []

  @usableFromInline init() {}

  @inlinable var isEmpty: Bool { events.isEmpty }
  @inlinable var count: Int { events.count }

  @inlinable mutating func removeAll() { events.removeAll(keepingCapacity: true) }

  /// Adds an event.
  @inlinable mutating func push(_ time: Double, _ node: UInt32) {
    let event = Event(time, node)
    events.append(event)
    events.withUnsafeMutableBufferPointer { e in
      var i = e.count - 1
      while i > 0 {
        let parent = (i - 1) >> 1
        guard time < e[parent].time else { break }
        e[i] = e[parent]
        i = parent
      }
      e[i] = event
    }
  }

  /// Removes and returns the earliest event; the heap must not be empty.
  @inlinable mutating func pop() -> (time: Double, node: UInt32) {
    let top = events[0]
    let last = events.removeLast()
    guard !events.isEmpty else { return (top.time, top.node) }
    events.withUnsafeMutableBufferPointer { e in
      let n = e.count
      var i = 0
      while true {
        var child = 2 * i + 1
        if child >= n { break }
        if child + 1 < n && e[child + 1].time < e[child].time { child += 1 }
        guard e[child].time < last.time else { break }
        e[i] = e[child]
        i = child
      }
      e[i] = last
    }
    return (top.time, top.node)
  }
}
