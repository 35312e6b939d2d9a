import BocaRandom
import XCTest

@testable import BocaRunner

/// `wom`'s mechanism-off reductions (docs/wom.md §5), generalised from the fixed graphs of
/// `WordOfMouthTests` to random sides, layers (directed or not, over some sides), seeds and
/// horizons: with every mechanism off `wom` is `bass`, and with only the viral cascade on it is
/// `ic` with p = π_c — replicate for replicate: on the same graph and the same replicate seeds
/// the same nodes adopt in the same order (docs/wom.md §5 and §7: the same draws in the same
/// order). The off values are sometimes left out, sometimes written (`chi: 0`, `C0: 1`,
/// constant columns `activity: 1`…), and `rho`, `Rstar` (no effect while r = κ = 0) vary.
final class ReductionPropertyTests: XCTestCase {
  /// The scenario's graph, seeds, steps and replicates with model `model` and no arms or sweep.
  static func with(_ s: GeneratedScenario, model: GeneratedScenario.Model) -> GeneratedScenario {
    var t = s
    t.model = model
    t.arms = []
    t.sweep = []
    for i in t.sides.indices {
      t.sides[i].attributes.removeAll { ["activity", "credibility", "forgetting"].contains($0.key) }
    }
    return t
  }

  /// `wom` with only `kept` set, every other mechanism off (omitted or written as its off value,
  /// decided by the case seed), columns a = c = 1 and f = 0 on every side or none.
  static func womOff(_ s: GeneratedScenario, kept: [GeneratedScenario.Field]) -> GeneratedScenario {
    var g = SplitMix(seed: s.caseSeed ^ 0xC0FFEE)
    var parameters = kept
    for (key, off) in [
      ("pic", "0"), ("C0", "1"), ("gain", "0"), ("loss", "0"), ("pi", "1"), ("eps", "0"), ("mu", "0"), ("r", "0"),
      ("R", "0"), ("kappa", "0"), ("chi", "0"), ("a", "1"), ("c", "1"), ("f", "0"), ("strength", "1"), ("lambda", "0"),
    ] where !kept.contains(where: { $0.key == key }) && g.chance(0.3) {
      parameters.append(.init(key, off))
    }
    if g.chance(0.3) { parameters.append(.init("rho", "\(g.probability())")) }
    if g.chance(0.3) { parameters.append(.init("Rstar", "\(g.probability())")) }
    var t = with(s, model: .init(name: "wom", parameters: parameters, layers: s.model.layers))
    for (column, value) in [("activity", "1"), ("credibility", "1"), ("forgetting", "0")] where g.chance(0.2) {
      for i in t.sides.indices { t.sides[i].attributes.append(.init(column, value)) }
    }
    return t
  }

  /// Runs `a` and `b` on `a`'s replicate seeds and compares each replicate's adoption order.
  static func sameReplicates(_ a: GeneratedScenario, _ b: GeneratedScenario, _ what: String) -> Verdict {
    guard let pa = try? PlanExecution.plan(a), let pb = try? PlanExecution.plan(b) else { return .discard }
    let replicateSeeds = PlanExecution.replicateSeeds(pa)
    guard let ra = try? PlanExecution.run(pa, replicateSeeds: replicateSeeds) else { return .discard }
    guard let rb = try? PlanExecution.run(pb, replicateSeeds: replicateSeeds) else {
      return .fail("\(a.model.name) runs, \(b.model.name) (\(what)) does not")
    }
    for (x, y) in zip(ra, rb) {
      for (r, (u, v)) in zip(x.replicates, y.replicates).enumerated() where u.order != v.order {
        return .fail(
          "replicate \(r): \(a.model.name) adopts [\(u.order.map(String.init).joined(separator: " "))], \(what) adopts [\(v.order.map(String.init).joined(separator: " "))]"
            + "\n  (the graph, seeds and steps of the scenario below; the two models compared:)\n"
            + "  model: \(a.model)\n  model: \(b.model)\n  columns: \(b.sides.map(\.attributes))")
      }
    }
    return .pass
  }

  /// With every mechanism off (only p, q), `wom` is network `bass`: same order of adoption,
  /// replicate for replicate.
  func testMechanismsOffIsBass() {
    PropertyCheck.check("testMechanismsOffIsBass", profiles: [.wellFormed], salt: 7, scale: 2.5) { s in
      var g = SplitMix(seed: s.caseSeed)
      let p = g.chance(0.4) ? "0" : "\(g.probability(max: 0.15))"
      let q = "\(g.probability(max: 0.8))"
      let bass = Self.with(
        s, model: .init(name: "bass", parameters: [.init("p", p), .init("q", q)], layers: s.model.layers))
      let wom = Self.womOff(s, kept: [.init("p", p), .init("q", q)])
      return Self.sameReplicates(bass, wom, "wom with every mechanism off")
    }
  }

  /// With p = q = 0 and only the viral cascade π_c on, `wom` is `ic` with p = π_c: same order of
  /// adoption, replicate for replicate (seeds given, as `ic` needs them).
  func testCascadeOnlyIsIndependentCascade() {
    PropertyCheck.check("testCascadeOnlyIsIndependentCascade", profiles: [.wellFormed], salt: 8, scale: 2.5) { s in
      var g = SplitMix(seed: s.caseSeed)
      guard s.seeds != nil else { return .discard }
      let pic = "\(g.probability(max: 0.6))"
      let ic = Self.with(s, model: .init(name: "ic", parameters: [.init("p", pic)], layers: s.model.layers))
      var kept: [GeneratedScenario.Field] = [.init("pic", pic)]
      if g.chance(0.3) { kept += [.init("p", "0"), .init("q", "0")] }
      let wom = Self.womOff(s, kept: kept)
      return Self.sameReplicates(ic, wom, "wom with only the cascade")
    }
  }
}
