import Yams

/// Reading campaign actions: `arms: {NAME: [ {seed: {…}}, {broadcast: {…}}, … ]}`.
extension Scenario {
  /// The actions of arm `arm` from its list.
  static func decodeActions(_ node: Node, arm: String, _ r: ScenarioReader) -> [CampaignAction] {
    guard let items = r.sequence(node, "arms.\(arm)") else { return [] }
    var actions: [CampaignAction] = []
    let kinds = CampaignAction.Kind.allCases.map(\.rawValue)
    for (i, item) in items.enumerated() {
      let at = "arms.\(arm)[\(i)]"
      guard let pairs = r.mapping(item, at) else { continue }
      guard pairs.count == 1, let (key, body) = pairs.first.map({ ($0.key, $0.node) }) else {
        r.report(
          item, at, expected: "one action: {KIND: {…}} with KIND one of \(kinds.joined(separator: ", "))",
          found: "\(pairs.count) keys")
        continue
      }
      guard let kind = CampaignAction.Kind(rawValue: key) else {
        r.report(
          item, "\(at).\(key)", expected: "an action (\(kinds.joined(separator: ", ")))",
          found: "unknown action '\(key)'",
          suggestion: closest(to: key, in: kinds))
        continue
      }
      if let action = CampaignAction.decode(kind, body, keyPath: "\(at).\(key)", r) { actions.append(action) }
    }
    return actions
  }
}
