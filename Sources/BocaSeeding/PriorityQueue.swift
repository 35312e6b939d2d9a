/// A binary max-heap of (key, node, tag) entries, ordered by key descending and then by node id
/// ascending, so that the top is the best node with ties broken by the lower id.
///
/// Greedy policies use it lazily: when a node's key changes they push a new entry, and a popped
/// entry whose tag (or key) no longer matches the node's current state is discarded. Push and pop
/// are O(log size).
struct NodeHeap {
  struct Entry {
    var key: Double
    var node: UInt32
    /// Free for the caller: a round number, a version.
    var tag: Int
  }

  private(set) var entries: [Entry] = []

  init(capacity: Int = 0) { entries.reserveCapacity(capacity) }

  var isEmpty: Bool { entries.isEmpty }
  var count: Int { entries.count }
  var top: Entry? { entries.first }

  @inline(__always) private static func before(_ a: Entry, _ b: Entry) -> Bool {
    a.key != b.key ? a.key > b.key : a.node < b.node
  }

  /// Builds the heap from `entries` in O(size) (Floyd's heapify).
  init(_ entries: [Entry]) {
    self.entries = entries
    var i = entries.count / 2
    while i > 0 {
      i -= 1
      siftDown(i)
    }
  }

  mutating func push(_ entry: Entry) {
    entries.append(entry)
    var i = entries.count - 1
    while i > 0 {
      let parent = (i - 1) / 2
      guard Self.before(entries[i], entries[parent]) else { break }
      entries.swapAt(i, parent)
      i = parent
    }
  }

  mutating func pop() -> Entry? {
    guard !entries.isEmpty else { return nil }
    let result = entries[0]
    let last = entries.removeLast()
    if !entries.isEmpty {
      entries[0] = last
      siftDown(0)
    }
    return result
  }

  private mutating func siftDown(_ start: Int) {
    var i = start
    let n = entries.count
    while true {
      let l = 2 * i + 1
      let r = l + 1
      var best = i
      if l < n && Self.before(entries[l], entries[best]) { best = l }
      if r < n && Self.before(entries[r], entries[best]) { best = r }
      if best == i { return }
      entries.swapAt(i, best)
      i = best
    }
  }
}
