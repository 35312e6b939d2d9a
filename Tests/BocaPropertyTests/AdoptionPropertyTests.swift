import BocaModels
import XCTest

@testable import BocaRunner

/// Invariants of every replicate of every generated scenario (models × mechanisms × campaign
/// actions × sides × layers), whatever the parameters: they follow from what a replicate is (a
/// set of nodes adopting over steps, adoption absorbing), not from any model's law.
final class AdoptionPropertyTests: XCTestCase {
  static let profiles: [ScenarioGenerator.Profile] = [.wellFormed, .campaign]

  /// Runs the scenario's arms; a scenario the library refuses is discarded (acceptance is
  /// ``ValidationPropertyTests``' business).
  static func runs(_ s: GeneratedScenario) -> [ArmRun]? {
    guard let plan = try? PlanExecution.plan(s) else { return nil }
    return try? PlanExecution.run(plan)
  }

  /// Checks `body` on every replicate; the first complaint fails the case.
  static func each(_ s: GeneratedScenario, _ body: (ArmRun, Int, TracedReplicate) -> String?) -> Verdict {
    guard let runs = runs(s) else { return .discard }
    for run in runs {
      for (r, rep) in run.replicates.enumerated() {
        if !rep.replayAgrees {
          return .fail(
            "harness: the replay of point \(run.point), arm \(run.arm), replicate \(r) differs from ArmEngine.run; PlanExecution.replay must follow it"
          )
        }
        if let problem = body(run, r, rep) {
          return .fail("point \(run.point), arm \(run.arm), replicate \(r): \(problem)")
        }
      }
    }
    return .pass
  }

  /// Every node adopts at most once, whatever path adopts it (pass, cascade, seed, seed wave,
  /// broadcast): the adoption order has no repeated node and names only nodes of the graph, the
  /// spread is its length, and the cumulative curve never decreases and ends at the spread.
  /// Adoption is absorbing (docs/wom.md §1; every model's doc comment), so a node in the order
  /// twice is a double count.
  func testEveryNodeAdoptsAtMostOnce() {
    PropertyCheck.check("testEveryNodeAdoptsAtMostOnce", profiles: Self.profiles, salt: 1, scale: 2.5) { s in
      Self.each(s) { run, _, rep in
        var seen = Set<UInt32>()
        for v in rep.order {
          if Int(v) >= run.graph.nodeCount { return "node \(v) adopted, the graph has \(run.graph.nodeCount) nodes" }
          if !seen.insert(v).inserted {
            return "node \(v) adopted twice (order \(rep.order.map(String.init).joined(separator: " ")))"
          }
        }
        if rep.outcome.spread != rep.order.count {
          return "spread \(rep.outcome.spread) ≠ \(rep.order.count) nodes in the adoption order"
        }
        for t in rep.stepEnds.indices.dropFirst() where rep.stepEnds[t] < rep.stepEnds[t - 1] {
          return "cumulative adopters fall from \(rep.stepEnds[t - 1]) to \(rep.stepEnds[t]) at step \(t)"
        }
        if let last = rep.stepEnds.last, last != rep.order.count {
          return "the curve ends at \(last), the order has \(rep.order.count) nodes"
        }
        return nil
      }
    }
  }

  /// The runs table's spreads (as ``ArmEngine`` reports them, the `boca run` path) are bounded
  /// and consistent: spread ≤ n, the spreads by side sum to the spread, each side's spread is at
  /// most the side's size, and per step the same holds for the curves by side. A count above a
  /// size can only come from counting a node twice.
  func testSpreadIsBoundedAndSplitsBySide() {
    PropertyCheck.check("testSpreadIsBoundedAndSplitsBySide", profiles: Self.profiles, salt: 2, scale: 2.5) { s in
      Self.each(s) { run, _, rep in
        let o = rep.outcome
        let n = run.graph.nodeCount
        let sizes = run.sideSizes
        let names = run.graph.sideNames
        if o.spread > n { return "spread \(o.spread) > n = \(n)" }
        if o.bySide.reduce(0, +) != o.spread {
          return "spread by side \(o.bySide) sums to \(o.bySide.reduce(0, +)), spread is \(o.spread)"
        }
        for (i, c) in o.bySide.enumerated() where c > sizes[i] {
          return "spread_\(names[i]) = \(c) > \(sizes[i]) nodes on side \(names[i])"
        }
        for t in o.steps.indices {
          if o.steps[t] > n { return "step \(t): \(o.steps[t]) adopters > n = \(n)" }
          let row = Array(o.stepsBySide[(t * sizes.count)..<((t + 1) * sizes.count)])
          if row.reduce(0, +) != o.steps[t] { return "step \(t): adopters by side \(row) do not sum to \(o.steps[t])" }
          for (i, c) in row.enumerated() where c > sizes[i] {
            return "step \(t): \(c) adopters on side \(names[i]) of \(sizes[i]) nodes"
          }
        }
        return nil
      }
    }
  }

  /// The model's state counts add up at every recorded step (the timeseries' state rows):
  /// SIR's S + I + R = n and SIS's S + I = n (a partition of the nodes); `icn`'s positive +
  /// negative = the adopters so far; `competing-ic`'s a = A's adopters so far, a + b ≤ n; `wom`'s `adopted` = the adopters so far, aware non-adopters
  /// + adopters ≤ n, promoters + agitators ≤ adopters, rejecters ≤ aware, cumulative responses
  /// never fall, credibility in [0, 10⁶] ppm; no count is negative.
  func testStateCountsAddUpAtEveryStep() {
    PropertyCheck.check("testStateCountsAddUpAtEveryStep", profiles: Self.profiles, salt: 3, scale: 2.5) { s in
      Self.each(s) { run, _, rep in
        let n = run.graph.nodeCount
        let k = rep.stateNames.count
        guard k > 0 else { return nil }
        if rep.stateCounts.count != rep.stepEnds.count * k {
          return "\(rep.stateCounts.count) state counts for \(rep.stepEnds.count) steps × \(k) states"
        }
        var lastResponses = 0
        for t in rep.stepEnds.indices {
          let row = Array(rep.stateCounts[(t * k)..<((t + 1) * k)])
          let named = Dictionary(uniqueKeysWithValues: zip(rep.stateNames, row))
          let text = named.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
          if let bad = named.first(where: { $0.value < 0 }) { return "step \(t): \(bad.key) = \(bad.value) < 0" }
          switch run.scenario.model.name {
          case "sir", "sis":
            if row.reduce(0, +) != n { return "step \(t): states sum to \(row.reduce(0, +)), n = \(n) (\(text))" }
          case "icn":
            if row.reduce(0, +) != rep.stepEnds[t] {
              return "step \(t): positive + negative = \(row.reduce(0, +)), adopters = \(rep.stepEnds[t])"
            }
          case "competing-ic":
            // a: A's adopters (the order and curve are A's), b: B's; a node holds one of them.
            if named["a"]! != rep.stepEnds[t] { return "step \(t): a = \(named["a"]!), curve = \(rep.stepEnds[t])" }
            if row.reduce(0, +) > n { return "step \(t): a + b = \(row.reduce(0, +)) > n = \(n)" }
          case "wom":
            let adopted = named["adopted"]!
            let aware = named["aware"]!
            if adopted != rep.stepEnds[t] { return "step \(t): adopted = \(adopted), curve = \(rep.stepEnds[t])" }
            if aware + adopted > n { return "step \(t): aware + adopted = \(aware + adopted) > n = \(n) (\(text))" }
            if named["promoters"]! + named["agitators"]! > adopted {
              return "step \(t): promoters + agitators > adopted (\(text))"
            }
            if named["rejecters"]! > aware { return "step \(t): rejecters > aware (\(text))" }
            if named["responses"]! < lastResponses { return "step \(t): responses fell (\(text))" }
            lastResponses = named["responses"]!
            if named["credibility_ppm"]! > 1_000_000 { return "step \(t): credibility above 1 (\(text))" }
          default: break
          }
        }
        return nil
      }
    }
  }

  /// Seeds are adopters: the nodes seeded at step 0 (the `seeds:` section and seed actions'
  /// first waves at step 0) are among the step-0 adopters, and a first wave scheduled at step
  /// s ≥ 1 has adopted by the end of step s when the run reaches s (docs/wom.md §10: a
  /// scheduled seed adopts whether or not it had adopted meanwhile). For `competing-ic` the
  /// order is campaign A's, and B's seeds are B's (B wins ties), so they are left out.
  func testSeedsAreAdopters() {
    PropertyCheck.check("testSeedsAreAdopters", profiles: Self.profiles, salt: 4, scale: 2.5) { s in
      Self.each(s) { run, _, rep in
        guard let first = rep.stepEnds.first else { return nil }
        let atStart = Set(rep.order.prefix(first))
        // competing-ic: the order is campaign A's, and a node seeded by both campaigns is B's
        // (B wins ties), so B's seeds are left out (generated graphs' ids are their indices).
        let seedsB = Set(
          (run.scenario.model.parameters.options["seeds_b"] ?? "").split(separator: ",").compactMap {
            UInt32($0.trimmingCharacters(in: .whitespaces))
          })
        if let missing = rep.startSeeds.first(where: { !atStart.contains($0) && !seedsB.contains($0) }) {
          return "seed \(missing) is not among the \(first) step-0 adopters"
        }
        for (step, nodes) in rep.scheduled where step < rep.stepEnds.count {
          let by = Set(rep.order.prefix(rep.stepEnds[step]))
          if let missing = nodes.first(where: { !by.contains($0) }) {
            return "seed \(missing) of the wave at step \(step) has not adopted by then"
          }
        }
        return nil
      }
    }
  }
}
