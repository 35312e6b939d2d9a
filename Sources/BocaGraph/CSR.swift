/// One direction of one layer's adjacency in compressed sparse row form.
///
/// The neighbours of node `u` are `targets[offsets[u] ..< offsets[u + 1]]`, sorted by id, with
/// their weights at the same positions in `weights` when the layer is weighted. Ids are 32-bit.
///
/// Memory: 4 bytes per entry (8 when weighted) plus 8 bytes per node for the offsets.
public struct CSR: Sendable {
  /// `nodeCount + 1` offsets into `targets`.
  public let offsets: [Int]
  /// Neighbour ids, row after row.
  public let targets: [UInt32]
  /// Per-entry weights (`Float`, 4 bytes), or `nil` for an unweighted layer.
  public let weights: [Float]?

  public init(offsets: [Int], targets: [UInt32], weights: [Float]?) {
    precondition(offsets.last == targets.count, "CSR offsets must end at targets.count")
    precondition(weights == nil || weights!.count == targets.count, "CSR weights must match targets")
    self.offsets = offsets
    self.targets = targets
    self.weights = weights
  }

  /// Number of rows (nodes).
  @inlinable public var nodeCount: Int { offsets.count - 1 }
  /// Number of entries.
  @inlinable public var entryCount: Int { targets.count }

  /// The degree of `node` in this direction.
  @inlinable public func degree(_ node: Int) -> Int { offsets[node + 1] - offsets[node] }

  /// The neighbours of `node`.
  @inlinable public func neighbors(_ node: Int) -> ArraySlice<UInt32> {
    targets[offsets[node]..<offsets[node + 1]]
  }

  /// Bytes held by the arrays (capacity, not count, is not visible; counts are used).
  public var byteCount: Int {
    offsets.count * MemoryLayout<Int>.stride + targets.count * 4 + (weights?.count ?? 0) * 4
  }

  /// Builds the CSR of `count` nodes from edge endpoints by a counting sort: O(n + m).
  ///
  /// Rows come out sorted by target id; with `mergeDuplicates` repeated (source, target) pairs
  /// keep their first weight and are counted in the result. Self-loops must already be gone.
  static func build(
    nodeCount: Int, sources: [UInt32], targets: [UInt32], weights: [Float]?, mergeDuplicates: Bool
  ) -> (csr: CSR, duplicates: Int) {
    var offsets = [Int](repeating: 0, count: nodeCount + 1)
    for s in sources { offsets[Int(s) + 1] += 1 }
    for i in 0..<nodeCount { offsets[i + 1] += offsets[i] }
    var cursor = offsets
    var out = [UInt32](repeating: 0, count: sources.count)
    let weighted = weights != nil
    var outWeights = [Float](repeating: 0, count: weighted ? sources.count : 0)
    // Stable placement: edges keep their input order within a row before the sort below.
    for e in 0..<sources.count {
      let s = Int(sources[e])
      let at = cursor[s]
      out[at] = targets[e]
      if let w = weights { outWeights[at] = w[e] }
      cursor[s] = at + 1
    }
    // Sort each row by target (stable for weights), then merge duplicates.
    var duplicates = 0
    var write = 0
    var newOffsets = [Int](repeating: 0, count: nodeCount + 1)
    for u in 0..<nodeCount {
      let lo = offsets[u]
      let hi = offsets[u + 1]
      if hi - lo > 1 {
        if !weighted {
          out[lo..<hi].sort()
        } else {
          let pairs = (lo..<hi).map { (out[$0], outWeights[$0], $0) }.sorted { ($0.0, $0.2) < ($1.0, $1.2) }
          for (i, pair) in pairs.enumerated() {
            out[lo + i] = pair.0
            outWeights[lo + i] = pair.1
          }
        }
      }
      var previous: UInt32? = nil
      for i in lo..<hi {
        let t = out[i]
        if mergeDuplicates, t == previous {
          duplicates += 1
          continue
        }
        out[write] = t
        if weighted { outWeights[write] = outWeights[i] }
        write += 1
        previous = t
      }
      newOffsets[u + 1] = write
    }
    out.removeLast(out.count - write)
    if weighted { outWeights.removeLast(outWeights.count - write) }
    return (CSR(offsets: newOffsets, targets: out, weights: weighted ? outWeights : nil), duplicates)
  }
}
