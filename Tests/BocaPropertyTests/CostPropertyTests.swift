import BocaRandom
import BocaScenario
import XCTest

@testable import BocaRunner

/// The campaign cost of a replicate is the sum of its documented terms (docs/wom.md §10,
/// ``CampaignPlanner``): Σ over actions of unit price × cost driver (seeds picked, impressions,
/// advocate-steps, rewards, answers).
///
/// Each term is measured on its own by running the same arm, on the same graph and the same
/// replicate seeds, with every other action's price set to 0 (prices do not change what happens:
/// only budgets buy by price, and arms with a budget are left out). Then:
/// - the terms add up to the cost the runner reports (a term counted twice, or in the wrong
///   action's slot, breaks this);
/// - advocacy: price × round(fraction · |side|) × the steps run in [start, end) — advocates do
///   not come and go within the window;
/// - listening (model r = 0, so every answer is a campaign's): Σ term / price = the `responses`
///   count at the end of the run;
/// - incentives: Σ rewards ≤ spread (a node is rewarded once, when it adopts);
/// - broadcasts: impressions ≤ |audience| × active steps; seed actions with `k`: seeds paid ≤
///   k × waves.
final class CostPropertyTests: XCTestCase {
  /// The arm's actions with every price but action `keep`'s set to 0.
  static func only(_ keep: Int, of s: GeneratedScenario, arm a: Int) -> GeneratedScenario {
    var s = s
    for (i, action) in s.arms[a].actions.enumerated() where i != keep {
      guard let key = action.priceKey else { continue }
      s.arms[a].actions[i].fields.removeAll { $0.key == key }
    }
    return s
  }

  static func price(_ action: GeneratedScenario.Action) -> Double? {
    action.priceKey.flatMap { action.value($0) }.flatMap(Double.init)
  }

  static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }

  func testCostIsTheSumOfItsDocumentedTerms() {
    PropertyCheck.check("testCostIsTheSumOfItsDocumentedTerms", profiles: [.campaign], salt: 6, scale: 2) { s in
      guard let plan = try? PlanExecution.plan(s), let full = try? PlanExecution.run(plan) else { return .discard }
      let replicateSeeds = PlanExecution.replicateSeeds(plan)
      let armIndex = Dictionary(uniqueKeysWithValues: s.arms.enumerated().map { ($1.name, $0) })
      var checked = false
      for run in full {
        guard let a = armIndex[plan.arms[run.arm].name] else { continue }
        let actions = s.arms[a].actions
        if actions.isEmpty || actions.contains(where: { $0.value("budget") != nil }) { continue }
        // Each action's term, replicate by replicate, on the same seeds and graph.
        var terms: [[Double]] = []
        for i in actions.indices {
          guard let variant = try? PlanExecution.plan(Self.only(i, of: s, arm: a)),
            let runs = try? PlanExecution.run(variant, replicateSeeds: replicateSeeds),
            let same = runs.first(where: { $0.point == run.point && $0.arm == run.arm })
          else { return .fail("arm \(s.arms[a].name) runs, but not with only action \(i)'s price") }
          terms.append(same.replicates.map(\.outcome.cost))
        }
        checked = true
        let n = run.graph.nodeCount
        let model = run.scenario.model
        for (r, rep) in run.replicates.enumerated() {
          let at = "point \(run.point), arm \(s.arms[a].name), replicate \(r)"
          let sum = terms.reduce(0) { $0 + $1[r] }
          if !Self.close(sum, rep.outcome.cost) {
            return .fail("\(at): cost \(rep.outcome.cost) ≠ Σ terms \(terms.map { $0[r] }) = \(sum)")
          }
          let steps = rep.stepEnds.count  // steps 0 ..< steps were run
          var answers = 0.0
          var rewards = 0.0
          for (i, action) in actions.enumerated() {
            let term = terms[i][r]
            guard let price = Self.price(action), price > 0 else {
              if term != 0 { return .fail("\(at): action \(i) (\(action.kind)) has no price but costs \(term)") }
              continue
            }
            let units = term / price
            let start = action.value("start").flatMap(Int.init) ?? 0
            let end = action.value("end").flatMap(Int.init)
            let every = action.value("every").flatMap(Int.init) ?? 1
            let active = (0..<steps).filter { t in t >= start && (end.map { t < $0 } ?? true) }
            switch action.kind {
            case "advocacy":
              guard actions.filter({ $0.kind == "advocacy" }).count == 1, let side = action.value("side"),
                let size = s.side(side)?.count, let fraction = action.value("fraction").flatMap(Double.init)
              else { continue }
              let m = min(size, Int((fraction * Double(size)).rounded()))
              let expected = Double(m * active.count)
              if !Self.close(units, expected) {
                return .fail(
                  "\(at): advocacy paid \(units) advocate-steps, expected \(m) advocates × \(active.count) steps in [\(start), \(end.map(String.init) ?? "end")) = \(expected)"
                )
              }
            case "listen": answers += units
            case "incentive": rewards += units
            case "broadcast":
              let bound = Double(n * active.filter { ($0 - start) % every == 0 }.count)
              if units > bound + 1e-9 {
                return .fail("\(at): \(units) impressions > \(bound) (audience × active steps)")
              }
            case "seed":
              guard let k = action.value("k").flatMap(Int.init) else { continue }
              let waves =
                action.value("end") == nil && action.value("every") == nil
                ? 1 : active.filter { ($0 - start) % every == 0 }.count
              // First waves are picked before the run, so they are paid even when the run ends first.
              let bound = Double(k * max(1, waves))
              if units > bound + 1e-9 { return .fail("\(at): \(units) seeds paid > k × waves = \(bound)") }
            default: break
            }
          }
          if rewards > Double(rep.outcome.spread) + 1e-9 {
            return .fail("\(at): \(rewards) rewards paid for \(rep.outcome.spread) adopters")
          }
          let r0 = model.parameters.values["r"] ?? 0
          let priced = actions.filter { $0.kind == "listen" }.allSatisfy { (Self.price($0) ?? 0) > 0 }
          if r0 == 0 && priced, let last = rep.stepEnds.indices.last,
            let responses = rep.state("responses", step: last),
            !Self.close(answers, Double(responses))
          {
            return .fail("\(at): listening paid \(answers) answers, the run counts \(responses) responses")
          }
        }
      }
      return checked ? .pass : .discard
    }
  }
}
