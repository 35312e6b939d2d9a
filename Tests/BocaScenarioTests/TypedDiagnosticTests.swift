import BocaModels
import XCTest

@testable import BocaRunner
@testable import BocaScenario

/// Problems found after the file is read carry their typed cause next to their place and words:
/// a campaign action's ``CampaignProblem`` and a model's ``ModelError``, matched here by case.
final class TypedDiagnosticTests: XCTestCase {
  /// Each campaign problem is its case, at the key it is about (line 13: the arm's line).
  func testCampaignProblemsCarryTheirCase() {
    let cases: [(String, String, CampaignProblem, Bool)] = [
      ("{advocacy: {side: employes, fraction: 0.5}}", "side", .unknownSide("employes"), false),
      ("{broadcast: {reach: 0.3, from: brnd}}", "from", .unknownSide("brnd"), false),
      ("{broadcast: {reach: 0.3, to: [consumer, clients]}}", "to", .unknownSide("clients"), false),
      ("{broadcast: {reach: 0.3, layer: twiter}}", "layer", .unknownLayer("twiter"), false),
      (
        "{seed: {policy: random, budget: 5, cost_per_seed: {consumer: 10, employee: 20}}}", "budget",
        .budgetBuysNoSeed(budget: 5, cheapest: 10), false
      ),
      (
        "{seed: {policy: random, budget: 50, cost_per_seed: {consumer: 10}}}", "cost_per_seed",
        .missingSeedCost(side: "employee"), false
      ),
      ("{seed: {policy: celff, k: 3}}", "policy", .unknownPolicy("celff"), true),
    ]
    for (action, field, problem, policies) in cases {
      let found = scenarioDiagnostics(CampaignTests.base + "  x: [\(action)]\n", checkPolicies: policies)
      XCTAssertEqual(found.map(\.cause), [.campaign(problem)], action)
      XCTAssertEqual(found.first?.keyPath, "arms.x[0].\(action.dropFirst().prefix { $0 != ":" }).\(field)", action)
      XCTAssertEqual(found.first?.line, 13, action)
    }
  }

  /// A parameter the model refuses after the file's own checks (`lurkers` naming no side) is
  /// reported at `model.lurkers` with the model's error as its cause.
  func testModelErrorsCarryTheModelsErrorAtTheirKey() throws {
    let yaml = CampaignTests.base.replacingOccurrences(
      of: "model: {name: wom, q: 0.2}", with: "model: {name: wom, q: 0.2, lurkers: employes}")
    let found = scenarioDiagnostics(yaml)
    XCTAssertEqual(found.count, 1, "\(found)")
    let d = try XCTUnwrap(found.first)
    XCTAssertEqual(d.keyPath, "model.lurkers")
    XCTAssertEqual(d.line, 10)
    guard case .model(.invalidParameter(let model, let key, _, let value)) = d.cause else {
      return XCTFail("cause \(String(describing: d.cause))")
    }
    XCTAssertEqual([model, key, value], ["wom", "lurkers", "'employes'"])
  }

  /// A model error located through ``ModelSpec/locate(_:)`` keeps the error itself; one whose key
  /// has no known place is returned as it is, still typed.
  func testLocatedModelErrorsKeepTheError() throws {
    var spec = ModelSpec(name: "ic", parameters: ModelParameters(), layers: [])
    spec.locations["p"] = SourceLocation(file: "f.yaml", line: 7, column: 3)
    for key in ["p", "p.social"] {
      let error = ModelError.invalidParameter(model: "ic", key: key, expected: "a value in [0, 1]", found: "2")
      let located = try XCTUnwrap(spec.locate(error) as? ScenarioError)
      XCTAssertEqual(located.diagnostics.map(\.cause), [.model(error)])
      XCTAssertEqual(located.diagnostics.map(\.line), [7])
    }
    let elsewhere = ModelError.invalidParameter(model: "ic", key: "q", expected: "a value in [0, 1]", found: "2")
    XCTAssertEqual(spec.locate(elsewhere) as? ModelError, elsewhere)
  }
}

/// The problems `yaml` is refused with (none when it is accepted), as `boca validate` finds them;
/// `checkPolicies` adds the check of the seed actions' policies.
func scenarioDiagnostics(_ yaml: String, checkPolicies: Bool = false) -> [ScenarioDiagnostic] {
  do {
    let plan = try ScenarioPlan.parse(yaml, file: "scenario.yaml")
    if checkPolicies { try CampaignPlanner.checkPolicies(plan) }
    return []
  } catch let error as ScenarioError {
    return error.diagnostics
  } catch {
    XCTFail("\(error)")
    return []
  }
}
