import BocaRandom
import XCTest

@testable import BocaScenario

/// A swept range takes its type from the key's schema (a count is whole, a probability or rate
/// is real), never from how its bounds are written.
final class SweepTypingTests: XCTestCase {
  static let base = """
    name: typing
    seed: 3
    replicates: 2
    steps: 3
    graph:
      sides: {a: {count: 50}, b: {count: 50}}
      layers: {l: {generate: {er: {p: 0.05}}}}
    model: {name: wom, p: 0.01, q: 0.3, chi: 1}
    """

  func plan(_ sweep: String) throws -> ScenarioPlan {
    try ScenarioPlan.parse(Self.base + "\nsweep:\n" + sweep, file: "typing.yaml")
  }

  static func isWhole(_ v: SweepValue) -> Bool {
    if case .int = v { return true }
    return false
  }

  /// The issue's case: 10 LHS points over chi in [0, 5] are 10 distinct reals (main rounded
  /// them to whole numbers: 6 distinct values).
  func testLatinHypercubeOverARealParameterWithWholeBoundsGivesReals() throws {
    let p = try plan("  design: lhs\n  n: 10\n  model.chi: {range: [0, 5]}\n")
    let values = p.sweep.points.map { $0[0] }
    XCTAssertFalse(values.contains(where: Self.isWhole), "\(values)")
    XCTAssertEqual(Set(values.map(\.text)).count, 10, "\(values)")
    XCTAssertTrue(values.allSatisfy { (0...5).contains($0.number!) })
  }

  /// A grid range over a real parameter is real too, even when every value happens to be whole.
  func testGridRangeOverARealParameterWithWholeBoundsGivesReals() throws {
    let p = try plan("  model.chi: {range: [0, 4], steps: 5}\n")
    XCTAssertEqual(p.sweep.points.map { $0[0].number! }, [0, 1, 2, 3, 4])
    XCTAssertFalse(p.sweep.points.contains { Self.isWhole($0[0]) }, "\(p.sweep.points)")
  }

  /// A range over a probability must lie in [0, 1]; the problem is reported at the range.
  func testARangeOverAProbabilityOutsideTheUnitIntervalIsRefusedAtTheRange() {
    XCTAssertThrowsError(try plan("  design: lhs\n  n: 4\n  model.q: {range: [0, 2]}\n")) { error in
      let d = (error as? ScenarioError)?.diagnostics ?? []
      XCTAssertEqual(d.map(\.keyPath), ["sweep.model.q.range"], "\(d)")
      XCTAssertEqual(d.first?.line, 12)
      XCTAssertTrue(d.first?.expected.contains("[0, 1]") ?? false, "\(d)")
    }
  }

  /// No range over a word.
  func testARangeOverAWordIsRefused() {
    XCTAssertThrowsError(
      try ScenarioPlan.parse(
        Self.base.replacingOccurrences(of: "chi: 1}", with: "chi: 1, lurkers: a}")
          + "\nsweep:\n  model.lurkers: {range: [0, 1], steps: 2}\n", file: "w.yaml")
    ) { error in
      XCTAssertEqual((error as? ScenarioError)?.diagnostics.map(\.keyPath), ["sweep.model.lurkers.range"], "\(error)")
    }
  }

  /// Generated: for keys of every kind, designs lhs and grid, random bounds and sizes, every
  /// value is whole exactly when the key is a count, lies within the range (and the kind's
  /// bounds), and a real LHS column has n distinct values.
  func testEveryRangeTakesItsKeysKind() throws {
    let keys: [(path: String, whole: Bool, low: Double, high: Double)] = [
      ("model.chi", false, 0, 20), ("model.q", false, 0, 1), ("model.p", false, 0, 0.5), ("steps", true, 1, 40),
      ("graph.sides.a.count", true, 1, 300), ("graph.layers.l.generate.er.p", false, 0, 1),
      ("arms.x.seeds.k", true, 1, 40), ("arms.x.model.chi", false, 0, 20),
    ]
    let rng = try RandomGenerator(kind: .taus2, seed: 17)
    for case_ in 0..<120 {
      let key = keys[rng.uniformInt(keys.count)]
      // Bounds written as whole numbers half of the time: that must not change the type.
      var a = key.low + rng.uniform() * (key.high - key.low)
      var b = key.low + rng.uniform() * (key.high - key.low)
      if rng.uniform() < 0.5 || key.whole {
        a = a.rounded(.up)
        b = b.rounded(.down)
      }
      let (low, high) = (min(a, b), max(a, b))
      if key.whole && low.rounded(.up) > high { continue }
      func show(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : "\(x)" }
      let lhs = rng.uniform() < 0.5
      let n = 1 + rng.uniformInt(12)
      let range = "{range: [\(show(low)), \(show(high))]\(lhs ? "" : ", steps: \(n)")}"
      let sweep = (lhs ? "  design: lhs\n  n: \(n)\n  seed: \(1 + case_)\n" : "") + "  \(key.path): \(range)\n"
      let arms = key.path.hasPrefix("arms.") ? "arms:\n  x: {seeds.k: 1, model.chi: 1}\n" : ""
      let text = Self.base + "\nseeds: {policy: random, k: 1}\n" + arms + "sweep:\n" + sweep
      let p = try ScenarioPlan.parse(text, file: "g\(case_).yaml")
      let values = p.sweep.points.map { $0[0] }
      let context = "case \(case_): \(key.path): \(range) lhs=\(lhs) → \(values)"
      XCTAssertEqual(values.count, n, context)
      XCTAssertTrue(values.allSatisfy { Self.isWhole($0) == key.whole }, context)
      XCTAssertTrue(values.allSatisfy { (low...high).contains($0.number!) }, context)
      if lhs && !key.whole && high - low > 1e-9 {
        XCTAssertEqual(Set(values.map(\.text)).count, n, context)
      }
    }
  }
}
