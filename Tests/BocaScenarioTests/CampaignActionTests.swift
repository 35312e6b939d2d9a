import XCTest

@testable import BocaRunner
@testable import BocaScenario

/// Each kind of campaign action owns its keys: every key of another kind is refused at its own
/// line and key path, every key of the kind is read, and a decoded action keeps its kind.
final class CampaignActionTests: XCTestCase {
  /// The keys of each kind, as the payload types declare them.
  static let keys: [CampaignAction.Kind: [String]] = [
    .seed: SeedAction.Field.allCases.map(\.rawValue),
    .broadcast: BroadcastAction.Field.allCases.map(\.rawValue),
    .advocacy: AdvocacyAction.Field.allCases.map(\.rawValue),
    .incentive: IncentiveAction.Field.allCases.map(\.rawValue),
    .listen: ListenAction.Field.allCases.map(\.rawValue),
  ]

  /// The keys a complete action of each kind is written with.
  static let required: [CampaignAction.Kind: [(String, String)]] = [
    .seed: [("policy", "random"), ("k", "2")], .broadcast: [("reach", "0.5")],
    .advocacy: [("side", "employee"), ("fraction", "0.5")], .incentive: [("reward", "0.1")],
    .listen: [("responsiveness", "0.5")],
  ]

  /// A complete action of `kind` with `extra: 1` added.
  static func action(_ kind: CampaignAction.Kind, extra: String?) -> String {
    let fields = required[kind]!.map { "\($0.0): \($0.1)" } + (extra.map { ["\($0): 1"] } ?? [])
    return "{\(kind.rawValue): {\(fields.joined(separator: ", "))}}"
  }

  /// The problems of the scenario whose arm `x` holds `action` (at line 14).
  func diagnostics(_ action: String) -> [ScenarioDiagnostic] {
    scenarioDiagnostics(CampaignTests.base + "  x:\n    - " + action + "\n")
  }

  /// For every kind and every key any kind has: a key of another kind (not also of this one) is
  /// refused once, at line 14, key path `arms.x[0].KIND.KEY`, listing this kind's keys; a key of
  /// the kind is never called unknown.
  func testEveryKindRefusesTheKeysOfTheOthersAtTheirLineAndKey() {
    let all = Set(Self.keys.values.joined()).sorted()
    XCTAssertEqual(Set(Self.keys.keys), Set(CampaignAction.Kind.allCases))
    for kind in CampaignAction.Kind.allCases {
      XCTAssertTrue(diagnostics(Self.action(kind, extra: nil)).isEmpty, "\(kind) with its required keys")
      let own = Self.keys[kind]!
      for key in all where !Self.required[kind]!.contains(where: { $0.0 == key }) {
        let found = diagnostics(Self.action(kind, extra: key))
        let unknown = found.filter { $0.found == "unknown key '\(key)'" }
        if own.contains(key) {
          XCTAssertTrue(unknown.isEmpty, "\(kind).\(key): \(found)")
        } else {
          XCTAssertEqual(unknown.count, 1, "\(kind).\(key): \(found)")
          XCTAssertEqual(unknown.first?.keyPath, "arms.x[0].\(kind.rawValue).\(key)")
          XCTAssertEqual(unknown.first?.line, 14)
          XCTAssertEqual(unknown.first?.expected, "one of the keys \(own.joined(separator: ", "))")
        }
      }
    }
  }

  /// A decoded action is the case of its kind, keeps where it was written, and reads the
  /// schedule (a seed action without end or every acts once, at start).
  func testDecodedActionsKeepTheirKindSiteAndSchedule() throws {
    for kind in CampaignAction.Kind.allCases {
      let text = Self.action(kind, extra: "start")
      let plan = try ScenarioPlan.parse(CampaignTests.base + "  x:\n    - " + text + "\n", file: "keys.yaml")
      let action = try XCTUnwrap(plan.arms.first { $0.name == "x" }?.actions.first)
      XCTAssertEqual(action.kind, kind)
      XCTAssertEqual(action.site.keyPath, "arms.x[0].\(kind.rawValue)")
      XCTAssertEqual(action.site.location.line, 14)
      XCTAssertEqual(action.schedule.start, 1)
      XCTAssertEqual(action.schedule.end, kind == .seed ? 2 : nil)
    }
  }
}
