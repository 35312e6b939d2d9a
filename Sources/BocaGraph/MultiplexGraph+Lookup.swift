extension MultiplexGraph {
  /// The internal ids of nodes given by their original ids (`nil` for an id not in the graph).
  ///
  /// O(k log n) by binary search when the original ids are increasing (as the readers relabel
  /// them), O(n + k) through a dictionary otherwise.
  public func internalIDs(of ids: [Int64]) -> [UInt32?] {
    guard let original = originalIDs else {
      return ids.map { $0 >= 0 && $0 < Int64(nodeCount) ? UInt32($0) : nil }
    }
    let sorted = zip(original, original.dropFirst()).allSatisfy { $0 < $1 }
    if sorted {
      return ids.map { id in
        var lo = 0
        var hi = original.count
        while lo < hi {
          let mid = (lo + hi) / 2
          if original[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < original.count && original[lo] == id ? UInt32(lo) : nil
      }
    }
    var index: [Int64: UInt32] = [:]
    index.reserveCapacity(nodeCount)
    for (v, id) in original.enumerated() { index[id] = UInt32(v) }
    return ids.map { index[$0] }
  }
}
