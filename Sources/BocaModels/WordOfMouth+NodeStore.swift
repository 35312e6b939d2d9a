/// One node's state in a ``WordOfMouth`` replicate; valid only when `epoch` is of the current
/// replicate (otherwise the node is unaware, neutral, silent, with no pressure). When p > 0 the
/// epoch also advances at every adoption pass, and a non-adopter's status is brought up to date
/// when it is first touched in a pass's epoch (every non-adopter becomes aware in a pass when
/// p > 0; the ones that forget in it are set unaware by the pass itself).
@usableFromInline struct WomNode {
  /// Where the node is in the funnel (docs/wom.md §2).
  @usableFromInline enum Status: UInt8, Sendable {
    case unaware, aware, adopted
  }

  /// The node's marks: list memberships and per-step states the simulator tests and sets.
  @usableFromInline struct Flags: OptionSet, Sendable {
    @usableFromInline let rawValue: UInt8
    @inlinable init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Forgot to talk (until its opinion changes).
    static let muted = Flags(rawValue: 1 << 0)
    /// A lurker that converted (talks as every adopter does).
    static let converted = Flags(rawValue: 1 << 1)
    /// In `nonAdopters` or `fresh` (it has felt pressure, or p = 0 and a broadcast reached it).
    static let listed = Flags(rawValue: 1 << 2)
    /// An advocate of a running advocacy action (talks positively, whatever its status).
    static let advocate = Flags(rawValue: 1 << 3)
    /// Adopted in the current step (not an earlier adopter for phase 4).
    static let recent = Flags(rawValue: 1 << 4)
    /// In `talkers`.
    static let inTalkers = Flags(rawValue: 1 << 5)
    /// In `agitatorList`.
    static let inAgitators = Flags(rawValue: 1 << 6)
    /// In `negList` (a non-adopter that felt negative pressure).
    static let inNeg = Flags(rawValue: 1 << 7)
  }

  var epoch: UInt32 = 0
  var status = Status.unaware
  /// −1 negative, 0 neutral, +1 positive.
  var opinion: Int8 = 0
  /// The sign of the messages this node currently sends (0 = silent), as pushed to its out-neighbours.
  var voice: Int8 = 0
  var flags: Flags = []
  /// P⁺ and P⁻: floating sums of what the talkers push (exactly 0 when their count below is 0).
  var plus = 0.0
  var minus = 0.0
  /// The exact number of in-edge entries (over the model layers with s_ℓ > 0) from talking
  /// promoters and from talking agitators: whether P⁺ > 0 and P⁻ > 0 is read from these, not from
  /// the floating sums, whose additions and removals in different orders leave remainders.
  var promoterEdges: Int32 = 0
  var agitatorEdges: Int32 = 0
}

/// The node records of one ``WordOfMouthSimulator``: the one place their memory is allocated,
/// initialised and freed. The simulator reaches the records through ``Handle``, a pointer and a
/// count (as swift-collections confines raw memory to `_UnsafeHandle`), whose accesses are bounds
/// checked in debug builds and under the `BOCA_CHECK_INVARIANTS` compilation condition, and
/// unchecked in release builds (the kernels' hot loops).
///
/// One store per simulator, that is per thread; never shared.
final class WomNodeStore {
  /// The records; valid while the store lives.
  let handle: Handle

  /// `count` fresh records (at least one, so that the pointer is never dangling).
  init(count: Int) {
    let capacity = max(count, 1)
    let base = UnsafeMutablePointer<WomNode>.allocate(capacity: capacity)
    base.initialize(repeating: WomNode(), count: capacity)
    handle = Handle(base: base, count: count)
  }

  deinit {
    let capacity = max(handle.count, 1)
    handle.base.deinitialize(count: capacity)
    handle.base.deallocate()
  }

  /// A pointer to `count` node records (owned by a ``WomNodeStore``).
  @usableFromInline struct Handle {
    @usableFromInline let base: UnsafeMutablePointer<WomNode>
    @usableFromInline let count: Int

    @inline(__always) func check(_ i: Int) {
      #if DEBUG || BOCA_CHECK_INVARIANTS
        precondition(i >= 0 && i < count, "wom: node \(i) outside 0..<\(count)")
      #endif
    }

    /// Node i's record, read and written in place.
    @inline(__always) subscript(i: Int) -> WomNode {
      unsafeAddress {
        check(i)
        return UnsafePointer(base + i)
      }
      nonmutating unsafeMutableAddress {
        check(i)
        return base + i
      }
    }

    /// A pointer to node i's record, for the loops that read and write several fields of it.
    @inline(__always) func pointer(_ i: Int) -> UnsafeMutablePointer<WomNode> {
      check(i)
      return base + i
    }
  }
}
