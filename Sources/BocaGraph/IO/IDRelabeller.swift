/// A growable column of non-negative node ids that stays 32-bit while every id fits.
///
/// Most files use ids below 2^32; those cost 4 bytes each. The first larger id widens the whole
/// column to `Int64` once.
struct IDColumn {
  /// The ids while all fit in 32 bits (empty once widened).
  private(set) var narrow: [UInt32] = []
  /// The ids after widening, or `nil`.
  private(set) var wide: [Int64]? = nil
  /// The largest id seen (-1 when empty).
  private(set) var maxID: Int64 = -1

  init() {}

  var count: Int { wide?.count ?? narrow.count }

  /// Reserves room for `count` ids (a hint: a wrong value costs memory or regrowth, never ids).
  mutating func reserveCapacity(_ count: Int) {
    if wide == nil { narrow.reserveCapacity(count) } else { wide!.reserveCapacity(count) }
  }

  @inline(__always)
  mutating func append(_ id: Int64) {
    if id > maxID { maxID = id }
    if wide == nil {
      if id <= Int64(UInt32.max) {
        narrow.append(UInt32(truncatingIfNeeded: id))
        return
      }
      var widened = [Int64]()
      widened.reserveCapacity(Swift.max(narrow.count * 2, 16))
      for v in narrow { widened.append(Int64(v)) }
      narrow = []
      wide = widened
    }
    wide!.append(id)
  }

  @inline(__always)
  subscript(i: Int) -> Int64 { wide.map { $0[i] } ?? Int64(narrow[i]) }

  /// Replaces each id by its internal index and returns the indices, reusing the 32-bit storage.
  mutating func relabelled(by relabeller: IDRelabeller) -> [UInt32] {
    if let wideIDs = wide {
      wide = nil
      return wideIDs.map { relabeller.index(of: $0)! }
    }
    var result = narrow
    narrow = []
    // Ids already 0..<count map to themselves: nothing to rewrite.
    if relabeller.isIdentity { return result }
    result.withUnsafeMutableBufferPointer { ids in
      for i in 0..<ids.count { ids[i] = relabeller.index(of: Int64(ids[i]))! }
    }
    return result
  }

  /// Calls `body` with every id.
  func forEach(_ body: (Int64) -> Void) {
    if let wide { for v in wide { body(v) } } else { for v in narrow { body(Int64(v)) } }
  }
}

/// Maps the distinct node ids of a file to internal ids 0..<n in increasing order of original id.
///
/// Two strategies, chosen by the spread of the ids:
/// - **dense**: when `maxID < 2 × occurrences + 1024` (occurrences = ids seen, with repeats) an
///   array indexed by original id holds each internal id: O(maxID) time and 4 bytes per slot, at
///   most about 8 bytes per occurrence, which is what the ids themselves already cost;
/// - **sparse**: otherwise the distinct ids are sorted and each lookup is a binary search,
///   O(k log k) for k occurrences.
public struct IDRelabeller: Sendable {
  /// The distinct original ids, increasing: internal id `i` is `originalIDs[i]`. (Made on
  /// demand when the ids are exactly 0..<count, which is not stored.)
  public var originalIDs: [Int64] { stored ?? (0..<Int64(count)).map { $0 } }
  /// The distinct ids, or `nil` when they are exactly 0..<count.
  private let stored: [Int64]?
  /// Original id → internal id (`UInt32.max` when absent), for the dense strategy.
  private let dense: [UInt32]?

  /// Number of distinct ids.
  public let count: Int

  /// Whether the ids are exactly 0..<count (no relabelling needed).
  public var isIdentity: Bool { stored == nil }

  /// Whether the dense (array) strategy was chosen.
  public var usesDenseMap: Bool { dense != nil }

  /// The relabeller of the ids in `ids` (any order, repeats allowed; all must be non-negative).
  public init(ids: [Int64]) {
    var column = IDColumn()
    for id in ids { column.append(id) }
    self.init(columns: [column])
  }

  /// The relabeller of the union of the columns.
  init(columns: [IDColumn]) {
    let maxID = columns.reduce(Int64(-1)) { max($0, $1.maxID) }
    let occurrences = columns.reduce(0) { $0 + $1.count }
    if maxID < 0 {
      stored = nil
      count = 0
      dense = nil
      return
    }
    if maxID < 2 * Int64(occurrences) + 1024 && maxID < Int64(UInt32.max) {
      let slots = Int(maxID) + 1
      var map = [UInt32](repeating: UInt32.max, count: slots)
      map.withUnsafeMutableBufferPointer { m in
        for column in columns {
          if let wide = column.wide {
            for v in wide { m[Int(v)] = 0 }
          } else {
            column.narrow.withUnsafeBufferPointer { ids in for v in ids { m[Int(v)] = 0 } }
          }
        }
      }
      var next: UInt32 = 0
      map.withUnsafeMutableBufferPointer { m in
        for id in 0..<slots where m[id] != UInt32.max {
          m[id] = next
          next += 1
        }
      }
      if Int(next) == slots {
        stored = nil
      } else {
        var originals = [Int64]()
        originals.reserveCapacity(Int(next))
        for id in 0..<slots where map[id] != UInt32.max { originals.append(Int64(id)) }
        stored = originals
      }
      count = Int(next)
      dense = map
    } else {
      var all = [Int64]()
      all.reserveCapacity(occurrences)
      for column in columns { column.forEach { all.append($0) } }
      all.sort()
      var write = 0
      for i in 0..<all.count where i == 0 || all[i] != all[i - 1] {
        all[write] = all[i]
        write += 1
      }
      all.removeLast(all.count - write)
      count = all.count
      stored = all.last! == Int64(all.count - 1) ? nil : all
      dense = nil
    }
    precondition(count < Int(UInt32.max), "more distinct node ids than 32-bit internal ids allow")
  }

  /// The internal id of original id `id`, or `nil` when `id` is not one of the ids.
  @inline(__always)
  public func index(of id: Int64) -> UInt32? {
    if let dense {
      guard id >= 0 && id < Int64(dense.count) else { return nil }
      let v = dense[Int(id)]
      return v == UInt32.max ? nil : v
    }
    guard let ids = stored else { return id >= 0 && id < Int64(count) ? UInt32(id) : nil }
    var lo = 0
    var hi = ids.count
    while lo < hi {
      let mid = (lo + hi) >> 1
      if ids[mid] < id { lo = mid + 1 } else { hi = mid }
    }
    return lo < ids.count && ids[lo] == id ? UInt32(lo) : nil
  }

  /// The ids to store in ``MultiplexGraph/originalIDs``: `nil` when they are 0..<count.
  public var graphOriginalIDs: [Int64]? { stored }
}
