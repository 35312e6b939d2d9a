#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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

  /// Builds the CSR of `nodeCount` nodes from edge endpoints by two stable counting sorts:
  /// O(n + m) time, no comparison sort.
  ///
  /// Pass 1 buckets the entries by target (each bucket in input order); pass 2 walks the buckets
  /// in increasing target order and appends each entry to its source's row, so every row comes
  /// out sorted by target, and entries with the same (source, target) keep their input order.
  /// A last in-place pass merges repeated (source, target) pairs, keeping the first weight.
  ///
  /// With `symmetric` each pair stands for the two entries u→v and v→u (an undirected layer),
  /// written straight into the CSR without a 2m-entry endpoint copy. Pairs with `u == v` are
  /// skipped (the caller counts them). The inputs are consumed and released after pass 1.
  ///
  /// Input already in canonical order (sorted by (source, target), and source < target for
  /// every pair when symmetric: what ``EdgeListWriter`` writes) takes a one-pass path instead:
  /// each row then receives its entries in increasing order.
  ///
  /// Memory at the peak: the inputs plus one entry array (pass 1), then two entry arrays (pass 2;
  /// one in the canonical path), plus two offset arrays of n + 1 `Int`s; the result holds exactly
  /// its entries.
  static func build(
    nodeCount n: Int, sources: consuming [UInt32], targets: consuming [UInt32], weights: consuming [Float]?,
    symmetric: Bool, mergeDuplicates: Bool
  ) -> (csr: CSR, duplicates: Int) {
    // Cursors and counts in 32 bits while the entries fit: half the memory traffic of the
    // random increments, and the cursor array of a 10M-node graph nearly fits in L3.
    let s = sources
    sources = []
    let t = targets
    targets = []
    let w = weights
    weights = nil
    if 2 * s.count < Int(UInt32.max) {
      return buildCore(
        UInt32.self, nodeCount: n, sources: consume s, targets: consume t, weights: consume w, symmetric: symmetric,
        mergeDuplicates: mergeDuplicates)
    }
    return buildCore(
      UInt.self, nodeCount: n, sources: consume s, targets: consume t, weights: consume w, symmetric: symmetric,
      mergeDuplicates: mergeDuplicates)
  }

  /// ``build(nodeCount:sources:targets:weights:symmetric:mergeDuplicates:)`` with counts and
  /// cursors of type `C` (which must hold the number of entries).
  private static func buildCore<C: FixedWidthInteger & BitwiseCopyable>(
    _: C.Type, nodeCount n: Int, sources: consuming [UInt32], targets: consuming [UInt32], weights: consuming [Float]?,
    symmetric: Bool, mergeDuplicates: Bool
  ) -> (csr: CSR, duplicates: Int) {
    precondition(sources.count == targets.count && (weights == nil || weights!.count == sources.count))
    let weighted = weights != nil
    let m = sources.count
    // Bucket sizes by target (pass 1) and row sizes by source (pass 2); the same when symmetric.
    // The same pass checks whether the input is already in canonical order: sorted by
    // (source, target) and, when symmetric, every pair with source < target (self-loops aside),
    // as EdgeListWriter writes it. Then one placement pass gives sorted rows.
    var bucket = largeArray(C(0), count: n + 1)
    var row: [C] = symmetric ? [] : largeArray(C(0), count: n + 1)
    var canonical = true
    sources.withUnsafeBufferPointer { s in
      targets.withUnsafeBufferPointer { t in
        bucket.withUnsafeMutableBufferPointer { b in
          var previous: UInt64 = 0
          if symmetric {
            for e in 0..<m where s[e] != t[e] {
              b[Int(s[e]) + 1] += 1
              b[Int(t[e]) + 1] += 1
              let key = UInt64(s[e]) << 32 | UInt64(t[e])
              if key < previous || s[e] > t[e] { canonical = false }
              previous = key
            }
          } else {
            row.withUnsafeMutableBufferPointer { r in
              for e in 0..<m where s[e] != t[e] {
                b[Int(t[e]) + 1] += 1
                r[Int(s[e]) + 1] += 1
                let key = UInt64(s[e]) << 32 | UInt64(t[e])
                if key < previous { canonical = false }
                previous = key
              }
            }
          }
        }
      }
    }
    prefixSum(&bucket)
    if symmetric { row = bucket } else { prefixSum(&row) }
    let entries = Int(bucket[n])
    var out: [UInt32]
    var outWeights: [Float]

    if canonical {
      // One pass: row u receives its sources w < u in increasing order (edges (w, u) come
      // before source u), then its targets v > u in increasing order.
      bucket = []
      let allWeights = weights ?? []
      out = largeArray(UInt32(0), count: entries)
      outWeights = largeArray(Float(0), count: weighted ? entries : 0)
      sources.withUnsafeBufferPointer { s in
        targets.withUnsafeBufferPointer { t in
          row.withUnsafeMutableBufferPointer { r in
            out.withUnsafeMutableBufferPointer { o in
              outWeights.withUnsafeMutableBufferPointer { ow in
                allWeights.withUnsafeBufferPointer { w in
                  for e in 0..<m where s[e] != t[e] {
                    let u = Int(s[e])
                    let v = Int(t[e])
                    o[Int(r[u])] = t[e]
                    if weighted { ow[Int(r[u])] = w[e] }
                    r[u] += 1
                    if symmetric {
                      o[Int(r[v])] = s[e]
                      if weighted { ow[Int(r[v])] = w[e] }
                      r[v] += 1
                    }
                  }
                }
              }
            }
          }
        }
      }
      sources = []
      targets = []
      weights = nil
      shiftBack(&row)
    } else {
      // Move the arrays into locals so that twoPass holds their only references.
      let s = sources
      sources = []
      let t = targets
      targets = []
      let w = weights
      weights = nil
      let b = bucket
      bucket = []
      (out, outWeights) = twoPass(
        n: n, entries: entries, sources: consume s, targets: consume t, weights: consume w,
        bucket: consume b, row: &row, symmetric: symmetric)
    }

    // Merge repeated (source, target) pairs in place; rows are sorted so repeats are adjacent.
    var duplicates = 0
    if mergeDuplicates {
      var write = 0
      row.withUnsafeMutableBufferPointer { r in
        out.withUnsafeMutableBufferPointer { o in
          outWeights.withUnsafeMutableBufferPointer { ow in
            var lo = 0
            for u in 0..<n {
              let hi = Int(r[u + 1])
              r[u] = C(truncatingIfNeeded: write)
              var previous = UInt32.max  // never an id: ids are < nodeCount < UInt32.max
              for i in lo..<hi {
                let t = o[i]
                if t == previous { continue }
                o[write] = t
                if weighted { ow[write] = ow[i] }
                write += 1
                previous = t
              }
              lo = hi
            }
            r[n] = C(truncatingIfNeeded: write)
          }
        }
      }
      duplicates = entries - write
      if duplicates > 0 {
        // A tight copy, so the graph holds no slack capacity.
        out = Array(out[0..<write])
        if weighted { outWeights = Array(outWeights[0..<write]) }
      }
    }
    var offsets = largeArray(0, count: n + 1)
    offsets.withUnsafeMutableBufferPointer { o in
      row.withUnsafeBufferPointer { r in for i in 0...n { o[i] = Int(r[i]) } }
    }
    row = []
    return (CSR(offsets: offsets, targets: out, weights: weighted ? outWeights : nil), duplicates)
  }

  /// The general placement: pass 1 buckets the entries by target, pass 2 appends them to the
  /// rows in target order. `bucket` holds the bucket starts, `row` the row starts (set back to
  /// the starts on return). The inputs are released after pass 1.
  private static func twoPass<C: FixedWidthInteger & BitwiseCopyable>(
    n: Int, entries: Int, sources: consuming [UInt32], targets: consuming [UInt32], weights: consuming [Float]?,
    bucket: consuming [C], row: inout [C], symmetric: Bool
  ) -> ([UInt32], [Float]) {
    let m = sources.count
    let weighted = weights != nil
    // Pass 1: bucket by target, in input order. `bucket[t]` is used as the cursor of bucket t and
    // ends at the start of bucket t + 1; shifted back below.
    var byTarget = largeArray(UInt32(0), count: entries)
    var byTargetWeights = largeArray(Float(0), count: weighted ? entries : 0)
    sources.withUnsafeBufferPointer { s in
      targets.withUnsafeBufferPointer { t in
        bucket.withUnsafeMutableBufferPointer { b in
          byTarget.withUnsafeMutableBufferPointer { a in
            if let weights {
              weights.withUnsafeBufferPointer { w in
                byTargetWeights.withUnsafeMutableBufferPointer { aw in
                  for e in 0..<m where s[e] != t[e] {
                    let u = Int(s[e])
                    let v = Int(t[e])
                    a[Int(b[v])] = s[e]
                    aw[Int(b[v])] = w[e]
                    b[v] += 1
                    if symmetric {
                      a[Int(b[u])] = t[e]
                      aw[Int(b[u])] = w[e]
                      b[u] += 1
                    }
                  }
                }
              }
            } else {
              for e in 0..<m where s[e] != t[e] {
                let u = Int(s[e])
                let v = Int(t[e])
                a[Int(b[v])] = s[e]
                b[v] += 1
                if symmetric {
                  a[Int(b[u])] = t[e]
                  b[u] += 1
                }
              }
            }
          }
        }
      }
    }
    shiftBack(&bucket)
    sources = []
    targets = []
    weights = nil

    // Pass 2: walk the buckets in target order and append to the rows; `row[u]` is the cursor.
    var out = largeArray(UInt32(0), count: entries)
    var outWeights = largeArray(Float(0), count: weighted ? entries : 0)
    bucket.withUnsafeBufferPointer { b in
      row.withUnsafeMutableBufferPointer { r in
        byTarget.withUnsafeBufferPointer { a in
          out.withUnsafeMutableBufferPointer { o in
            if weighted {
              byTargetWeights.withUnsafeBufferPointer { aw in
                outWeights.withUnsafeMutableBufferPointer { ow in
                  for v in 0..<n {
                    let target = UInt32(truncatingIfNeeded: v)
                    for i in Int(b[v])..<Int(b[v + 1]) {
                      let u = Int(a[i])
                      o[Int(r[u])] = target
                      ow[Int(r[u])] = aw[i]
                      r[u] += 1
                    }
                  }
                }
              }
            } else {
              for v in 0..<n {
                let target = UInt32(truncatingIfNeeded: v)
                for i in Int(b[v])..<Int(b[v + 1]) {
                  let u = Int(a[i])
                  o[Int(r[u])] = target
                  r[u] += 1
                }
              }
            }
          }
        }
      }
    }
    byTarget = []
    byTargetWeights = []
    shiftBack(&row)
    return (out, outWeights)

  }

  /// An array of `count` copies of `value` whose memory is advised to use transparent huge pages
  /// (Linux `madvise(MADV_HUGEPAGE)`) before it is first touched, when it spans several 2 MiB
  /// pages. The counting sorts scatter over arrays of tens to hundreds of MB; with 4 KiB pages
  /// nearly every access misses the TLB, and huge pages make them markedly faster. The advice is
  /// only a hint: without THP the array is an ordinary one.
  static func largeArray<T: BitwiseCopyable>(_ value: T, count: Int) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      #if os(Linux)
        let huge = 1 << 21
        if let base = buffer.baseAddress, count * MemoryLayout<T>.stride >= 4 * huge {
          let start = (UInt(bitPattern: base) + UInt(huge - 1)) & ~UInt(huge - 1)
          let end = (UInt(bitPattern: base + count)) & ~UInt(huge - 1)
          if end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) {
            _ = madvise(pointer, Int(end - start), MADV_HUGEPAGE)
          }
        }
      #endif
      buffer.initialize(repeating: value)
      initialized = count
    }
  }

  /// Turns counts at `1...n` into start offsets: `a[i]` becomes the sum of `a[0...i]`.
  private static func prefixSum<C: FixedWidthInteger>(_ a: inout [C]) {
    a.withUnsafeMutableBufferPointer { p in
      for i in 1..<p.count { p[i] += p[i - 1] }
    }
  }

  /// After cursors ran from each start to the next start, restores the starts: shifts right by
  /// one and puts 0 first (the last offset, the total, is unchanged).
  private static func shiftBack<C: FixedWidthInteger>(_ a: inout [C]) {
    a.withUnsafeMutableBufferPointer { p in
      let n = p.count - 1
      guard n > 0 else { return }
      var i = n - 1
      while i > 0 {
        p[i] = p[i - 1]
        i -= 1
      }
      p[0] = 0
    }
  }

  /// The reverse adjacency (in-adjacency of a directed layer): one stable counting pass,
  /// O(n + m); rows come out sorted because the rows of `self` are walked in order.
  public func transposed() -> CSR {
    let n = nodeCount
    let weighted = weights != nil
    var starts = CSR.largeArray(Int(0), count: n + 1)
    starts.withUnsafeMutableBufferPointer { c in
      targets.withUnsafeBufferPointer { t in for v in t { c[Int(v) + 1] += 1 } }
    }
    CSR.prefixSum(&starts)
    var out = CSR.largeArray(UInt32(0), count: entryCount)
    var outWeights = CSR.largeArray(Float(0), count: weighted ? entryCount : 0)
    starts.withUnsafeMutableBufferPointer { c in
      offsets.withUnsafeBufferPointer { off in
        targets.withUnsafeBufferPointer { t in
          out.withUnsafeMutableBufferPointer { o in
            outWeights.withUnsafeMutableBufferPointer { ow in
              (weights ?? []).withUnsafeBufferPointer { w in
                for u in 0..<n {
                  let source = UInt32(truncatingIfNeeded: u)
                  for i in off[u]..<off[u + 1] {
                    let v = Int(t[i])
                    o[c[v]] = source
                    if weighted { ow[c[v]] = w[i] }
                    c[v] += 1
                  }
                }
              }
            }
          }
        }
      }
    }
    CSR.shiftBack(&starts)
    return CSR(offsets: starts, targets: out, weights: weighted ? outWeights : nil)
  }
}
