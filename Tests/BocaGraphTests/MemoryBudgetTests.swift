import BocaRandom
import Foundation
import XCTest

@testable import BocaGraph

/// The memory rule (`MemoryBudget`): sizes, refusals, and estimates that bound what is allocated.
final class MemoryBudgetTests: XCTestCase {
  func testSizesAreReadWithUnits() throws {
    XCTAssertEqual(try MemoryBudget.parse("512M"), 512 << 20)
    XCTAssertEqual(try MemoryBudget.parse("8G"), 8 << 30)
    XCTAssertEqual(try MemoryBudget.parse("1.5GB"), 3 << 29)
    XCTAssertEqual(try MemoryBudget.parse("4096"), 4096)
    XCTAssertEqual(try MemoryBudget.parse("none"), Int.max)
    for bad in ["", "-1G", "lots", "1e30", "nanG", "0"] {
      XCTAssertThrowsError(try MemoryBudget.parse(bad), bad) { error in
        XCTAssertEqual(error as? MemoryLimitError, .badSize(bad), "\(error)")
      }
    }
  }

  func testARefusalSaysWhatHowMuchWhatIsAvailableAndHowToRaiseIt() {
    let budget = MemoryBudget(limit: 1_000_000, source: "a test")
    XCTAssertNoThrow(try budget.check("small", bytes: 1_000_000))
    XCTAssertThrowsError(try budget.check("the thing", bytes: 2_500_000_000)) { error in
      XCTAssertEqual(
        error as? MemoryLimitError,
        .tooLarge(what: "the thing", needed: 2_500_000_000, limit: 1_000_000, source: "a test"))
      let text = "\(error)"
      for word in ["the thing", "2.50 GB", "1.0 MB", "a test", "--memory-limit", "BOCA_MEMORY_LIMIT"] {
        XCTAssertTrue(text.contains(word), "missing \(word) in \(text)")
      }
    }
  }

  func testTheMachineLimitIsFoundAndPositive() {
    let budget = MemoryBudget.detect()
    XCTAssertGreaterThan(budget.limit, 0)
    XCTAssertFalse(budget.source.isEmpty)
  }

  /// A huge generator string is refused before anything is allocated (main aborted on a 2.1 GB
  /// allocation, or was killed, instead).
  func testAGraphThatDoesNotFitIsRefusedBeforeItIsMade() throws {
    let spec = try GeneratorSpec(parsing: "er:100000000:0.0000001")
    XCTAssertGreaterThan(spec.estimatedBytes, 8_000_000_000)
    XCTAssertThrowsError(try spec.makeGraph(seed: 1, budget: MemoryBudget(limit: 4_000_000_000, source: "test"))) {
      XCTAssertTrue($0 is MemoryLimitError, "\($0)")
    }
  }

  /// Random small generator strings: the estimate bounds the bytes the built graph holds and the
  /// edge arrays the generator made (generated inputs; the estimate is an upper bound).
  func testEstimatesBoundWhatRandomGraphsHold() throws {
    let rng = try RandomGenerator(seed: 11)
    for _ in 0..<60 {
      let n = 2 + rng.uniformInt(3000)
      let text: String
      switch rng.uniformInt(3) {
      case 0: text = "er:\(n):\(rng.uniform() * rng.uniform())"
      case 1: text = "ba:\(n):\(1 + rng.uniformInt(min(n - 1, 12)))"
      default: text = "ws:\(n):\(2 * rng.uniformInt(min((n - 1) / 2, 8) + 1)):\(rng.uniform())"
      }
      let spec = try GeneratorSpec(parsing: text)
      let edges = try spec.edges(rng: try RandomGenerator(seed: 5))
      let held = edges.sources.capacity * 4 + edges.targets.capacity * 4
      let graph = try spec.makeGraph(seed: 5, budget: MemoryBudget(limit: Int.max, source: "test"))
      XCTAssertGreaterThanOrEqual(spec.estimatedBytes, held + graph.byteCount, text)
    }
  }

  /// The peak resident memory of making a graph of about 10^6 edges stays below the estimate
  /// (Linux: the peak is reset through /proc/self/clear_refs; skipped where that is not allowed).
  func testEstimateBoundsThePeakResidentMemory() throws {
    guard (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil,
      let before = Self.status("VmRSS")
    else { throw XCTSkip("cannot reset the peak resident memory here") }
    for text in ["er:400000:0.000012", "ba:300000:4", "ws:200000:10:0.2"] {
      let spec = try GeneratorSpec(parsing: text)
      try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
      let start = Self.status("VmRSS") ?? before
      let graph = try spec.makeGraph(seed: 3, budget: MemoryBudget(limit: Int.max, source: "test"))
      let peak = (Self.status("VmHWM") ?? 0) - start
      XCTAssertGreaterThan(graph.edgeCount, 0)
      XCTAssertGreaterThanOrEqual(spec.estimatedBytes, peak, "\(text): estimate \(spec.estimatedBytes), peak \(peak)")
    }
  }

  static func status(_ field: String) -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
      return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
    }
    return nil
  }
}

/// BA and WS check "already chosen" in O(1) for large m and k (a scan per draw made
/// ba:8000:4000 take 40 s and dense WS lattices minutes): the graphs are those of the plain
/// scan, written out here as the reference.
final class GeneratorWorkTests: XCTestCase {
  static func referenceBA(n: Int, m: Int, rng: RandomGenerator) -> EdgeSet {
    var edges = EdgeSet(nodeCount: n)
    var list: [UInt32] = []
    var targets = (0..<m).map(UInt32.init)
    for s in m..<n {
      for t in targets { edges.append(UInt32(s), t) }
      list += targets + [UInt32](repeating: UInt32(s), count: m)
      if s + 1 < n {
        targets.removeAll()
        while targets.count < m {
          let c = list[rng.uniformInt(list.count)]
          if !targets.contains(c) { targets.append(c) }
        }
      }
    }
    return edges
  }

  static func referenceWS(n: Int, k: Int, p: Double, rng: RandomGenerator) -> EdgeSet {
    let half = k / 2
    var far = [UInt32](repeating: 0, count: n * half)
    var adjacency = [Set<UInt32>](repeating: [], count: n)
    for d in 0..<half {
      for u in 0..<n {
        let v = (u + d + 1) % n
        far[d * n + u] = UInt32(v)
        adjacency[u].insert(UInt32(v))
        adjacency[v].insert(UInt32(u))
      }
    }
    for d in 0..<half {
      for u in 0..<n where rng.uniform() < p {
        let v = far[d * n + u]
        var w = UInt32(rng.uniformInt(n))
        var skip = false
        while w == UInt32(u) || adjacency[u].contains(w) {
          if adjacency[u].count >= n - 1 {
            skip = true
            break
          }
          w = UInt32(rng.uniformInt(n))
        }
        if skip { continue }
        adjacency[u].remove(v)
        adjacency[Int(v)].remove(UInt32(u))
        adjacency[u].insert(w)
        adjacency[Int(w)].insert(UInt32(u))
        far[d * n + u] = w
      }
    }
    var edges = EdgeSet(nodeCount: n)
    for slot in 0..<far.count { edges.append(UInt32(slot % n), far[slot]) }
    return edges
  }

  func testLargeMAndKGiveTheGraphsOfThePlainScan() throws {
    for (n, m) in [(300, 20), (200, 150), (120, 3)] {
      let made = try Generators.barabasiAlbert(n: n, m: m, rng: try RandomGenerator(seed: 4))
      XCTAssertEqual(made, Self.referenceBA(n: n, m: m, rng: try RandomGenerator(seed: 4)), "ba \(n) \(m)")
    }
    for (n, k, p) in [(300, 40, 0.3), (120, 118, 0.5), (200, 10, 0.2), (90, 60, 1.0)] {
      let made = try Generators.wattsStrogatz(n: n, k: k, p: p, rng: try RandomGenerator(seed: 6))
      XCTAssertEqual(made, Self.referenceWS(n: n, k: k, p: p, rng: try RandomGenerator(seed: 6)), "ws \(n) \(k)")
    }
  }
}
