import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How much memory one large allocation plan (a graph, a seed table, an RR-set collection) may
/// take, and the check made against it before the allocation.
///
/// ## The rule
/// Before Boca allocates anything whose size grows with a user's number (nodes, edge
/// probability, replicates, RR sets), it estimates the bytes the structure needs at its peak (an
/// upper bound, see each `estimatedBytes`) and compares them with the **limit**:
///
/// - `--memory-limit SIZE` (on `run`, `compare`, `simulate`, `seeds`, `graph generate`) or the
///   environment variable `BOCA_MEMORY_LIMIT=SIZE` when given (`SIZE` as `512M`, `8G`, `1.5GB`,
///   or bytes; `none` turns the check off);
/// - otherwise the smallest of what the machine says is free: `MemAvailable` of
///   `/proc/meminfo`, the cgroup's `memory.max − memory.current`, and the address-space limit
///   (`RLIMIT_AS`, `ulimit -v`) less what the process already maps (`VmSize`).
///
/// An estimate above the limit is refused with a ``MemoryLimitError`` (what, how much, how much
/// is available and from where, and how to raise the cap) before anything is allocated; an
/// estimate above ``reportThreshold`` is reported on standard error before a run starts.
public struct MemoryBudget: Sendable, Equatable {
  /// Bytes one allocation plan may take (`Int.max`: unchecked).
  public var limit: Int
  /// Where ``limit`` comes from, in words.
  public var source: String

  public init(limit: Int, source: String) {
    self.limit = limit
    self.source = source
  }

  /// The environment variable that sets the limit.
  public static let environmentKey = "BOCA_MEMORY_LIMIT"
  /// Estimates at least this large are reported before the work starts (1 GiB).
  public static let reportThreshold = 1 << 30

  /// The limit in force: the one set by ``setOverride(_:)`` (`--memory-limit`), else
  /// `BOCA_MEMORY_LIMIT`, else what the machine has free now (see ``detect()``).
  public static var current: MemoryBudget {
    if let set = Override.shared.value { return set }
    if let text = ProcessInfo.processInfo.environment[environmentKey], let bytes = try? parse(text) {
      return MemoryBudget(limit: bytes, source: "\(environmentKey)=\(text)")
    }
    return detect()
  }

  /// Sets the limit for the rest of the process (`--memory-limit`); `nil` goes back to the default.
  public static func setOverride(_ budget: MemoryBudget?) { Override.shared.value = budget }

  /// Sets the limit from the text of `--memory-limit`.
  ///
  /// - Throws: ``MemoryLimitError/badSize(_:)`` when the text is not a size.
  public static func setOverride(text: String) throws {
    setOverride(MemoryBudget(limit: try parse(text), source: "--memory-limit \(text)"))
  }

  /// The smallest of the machine's limits now: `MemAvailable`, the cgroup's free memory, and
  /// the address space left under `RLIMIT_AS`.
  public static func detect() -> MemoryBudget {
    var best = MemoryBudget(limit: Int.max, source: "no limit found")
    func consider(_ bytes: Int?, _ source: String) {
      if let bytes, bytes < best.limit { best = MemoryBudget(limit: max(0, bytes), source: source) }
    }
    consider(meminfo("MemAvailable"), "MemAvailable in /proc/meminfo")
    if let max = readNumber("/sys/fs/cgroup/memory.max") {
      consider(max - (readNumber("/sys/fs/cgroup/memory.current") ?? 0), "the cgroup limit (/sys/fs/cgroup/memory.max)")
    }
    var limit = rlimit()
    #if os(Linux)
      let resource = Int32(RLIMIT_AS.rawValue)
    #else
      let resource = RLIMIT_AS
    #endif
    if getrlimit(resource, &limit) == 0, limit.rlim_cur < rlim_t(Int.max) {
      let mapped = (status("VmSize") ?? 0)
      consider(Int(limit.rlim_cur) - mapped, "the address-space limit (RLIMIT_AS, ulimit -v) less what is mapped")
    }
    return best
  }

  /// Reads a size: bytes, or a number with K, M, G, T (powers of 1024; `KB`, `MB`, `GB`, `TB`
  /// and `KiB`… are read the same way); `none` or `unlimited` for no limit.
  ///
  /// - Throws: ``MemoryLimitError/badSize(_:)``.
  public static func parse(_ text: String) throws -> Int {
    let t = text.trimmingCharacters(in: .whitespaces).lowercased()
    if t == "none" || t == "unlimited" { return Int.max }
    var number = t
    var scale = 1.0
    let units: [(String, Double)] = [
      ("kib", 0x400), ("mib", 0x10_0000), ("gib", 0x4000_0000), ("tib", 0x100_0000_0000),
      ("kb", 0x400), ("mb", 0x10_0000), ("gb", 0x4000_0000), ("tb", 0x100_0000_0000),
      ("k", 0x400), ("m", 0x10_0000), ("g", 0x4000_0000), ("t", 0x100_0000_0000), ("b", 1),
    ]
    for (suffix, value) in units where number.hasSuffix(suffix) {
      number.removeLast(suffix.count)
      scale = value
      break
    }
    guard let x = Double(number.trimmingCharacters(in: .whitespaces)), x.isFinite, x > 0, x * scale < 9e18 else {
      throw MemoryLimitError.badSize(text)
    }
    return Int(x * scale)
  }

  /// Refuses `bytes` for `what` when they exceed the limit; reports them through `log` when
  /// they reach ``reportThreshold``.
  ///
  /// - Throws: ``MemoryLimitError/tooLarge(what:needed:limit:source:)``.
  public func check(_ what: String, bytes: Int, log: (String) -> Void = { _ in }) throws {
    if bytes > limit {
      throw MemoryLimitError.tooLarge(what: what, needed: bytes, limit: limit, source: source)
    }
    if bytes >= Self.reportThreshold {
      log("memory: \(what) needs about \(Self.format(bytes)) (limit \(Self.format(limit)), \(source))")
    }
  }

  /// Bytes in words: `4.20 GB (4200000000 bytes)`.
  public static func format(_ bytes: Int) -> String {
    if bytes == Int.max { return "no limit" }
    let b = Double(bytes)
    let text =
      b >= 1e9 ? String(format: "%.2f GB", b / 1e9) : b >= 1e6 ? String(format: "%.1f MB", b / 1e6) : "\(bytes) bytes"
    return b >= 1e6 ? "\(text) (\(bytes) bytes)" : text
  }

  // MARK: Estimates shared by several structures

  /// Bytes of a Swift `Set` of `count` elements of `elementBytes` each, made with
  /// `minimumCapacity: count` (power-of-two buckets at most 3/4 full, one bit of metadata each).
  public static func setBytes(count: Int, elementBytes: Int) -> Int {
    let wanted = max(1, Int((Double(count) / 0.75).rounded(.up)))
    let buckets = wanted.nonzeroBitCount == 1 ? wanted : 1 << (Int.bitWidth - wanted.leadingZeroBitCount)
    return buckets.multipliedReportingOverflow(by: elementBytes).overflow
      ? Int.max : buckets * elementBytes + buckets / 8 + 64
  }

  /// `a * b`, or `Int.max` on overflow (for estimates of absurd sizes).
  public static func product(_ a: Int, _ b: Int) -> Int {
    let (p, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? Int.max : p
  }

  /// `a + b`, or `Int.max` on overflow.
  public static func sum(_ values: Int...) -> Int {
    var total = 0
    for v in values {
      let (s, overflow) = total.addingReportingOverflow(v)
      if overflow { return Int.max }
      total = s
    }
    return total
  }

  /// Bytes for a (possibly huge, non-finite) real estimate.
  public static func bytes(_ x: Double) -> Int { x.isFinite && x < 9e18 ? Int(max(0, x.rounded(.up))) : Int.max }

  // MARK: Reading the machine

  private final class Override: @unchecked Sendable {
    static let shared = Override()
    private let lock = NSLock()
    private var stored: MemoryBudget?
    var value: MemoryBudget? {
      get { lock.withLock { stored } }
      set { lock.withLock { stored = newValue } }
    }
  }

  private static func readNumber(_ path: String) -> Int? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))  // "max" gives nil
  }

  /// A `kB` field of a `/proc` status-like file, in bytes.
  private static func field(_ name: String, in path: String) -> Int? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
      let parts = line.split(separator: " ", omittingEmptySubsequences: true)
      guard parts.count >= 2, let kb = Int(parts[1]) else { return nil }
      return kb * 1024
    }
    return nil
  }

  private static func meminfo(_ name: String) -> Int? { field(name, in: "/proc/meminfo") }
  private static func status(_ name: String) -> Int? { field(name, in: "/proc/self/status") }
}

/// A structure that would not fit in the memory Boca may use, or a limit written wrongly.
public enum MemoryLimitError: Error, CustomStringConvertible, Sendable, Equatable {
  /// `what` needs `needed` bytes, more than `limit` (from `source`).
  case tooLarge(what: String, needed: Int, limit: Int, source: String)
  /// `--memory-limit` or `BOCA_MEMORY_LIMIT` is not a size.
  case badSize(String)

  public var description: String {
    switch self {
    case .tooLarge(let what, let needed, let limit, let source):
      return
        "not enough memory: \(what) needs about \(MemoryBudget.format(needed)), more than the "
        + "\(MemoryBudget.format(limit)) available (\(source)); make it smaller, or raise the cap with "
        + "--memory-limit SIZE or \(MemoryBudget.environmentKey)=SIZE (e.g. 16G) if the machine really has more"
    case .badSize(let text):
      return
        "memory limit: expected a size such as 512M, 8G or a number of bytes (or 'none'), found '\(text)'"
    }
  }
}
