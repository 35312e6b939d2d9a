import Yams

/// Reading campaign actions: `arms: {NAME: [ {seed: {…}}, {broadcast: {…}}, … ]}`.
extension Scenario {
  static let scheduleFields = ["start", "end", "every"]
  static let actionFields: [CampaignAction.Kind: [String]] = [
    .seed: ["policy", "k", "budget", "side", "cost_per_seed"] + scheduleFields,
    .broadcast: ["from", "layer", "to", "audience", "reach", "persuasion", "credibility", "cost_per_impression"]
      + scheduleFields,
    .advocacy: ["side", "fraction", "cost_per_employee_week", "start", "end"],
    .incentive: ["to", "reward", "kappa", "Rstar", "cost_per_reward"] + scheduleFields,
    .listen: ["responsiveness", "recovery", "cost_per_response"] + scheduleFields,
  ]
  static let requiredFields: [CampaignAction.Kind: [String]] = [
    .seed: ["policy"], .broadcast: ["reach"], .advocacy: ["side", "fraction"], .incentive: ["reward"],
    .listen: ["responsiveness"],
  ]

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
      if let action = decodeAction(kind, body, keyPath: "\(at).\(key)", r) { actions.append(action) }
    }
    return actions
  }

  static func decodeAction(_ kind: CampaignAction.Kind, _ node: Node, keyPath: String, _ r: ScenarioReader)
    -> CampaignAction?
  {
    func location(_ n: Node) -> SourceLocation {
      SourceLocation(file: r.file, line: n.mark?.line ?? 1, column: n.mark?.column ?? 1)
    }
    guard let fields = r.mapping(node, keyPath, allowed: actionFields[kind]!) else { return nil }
    var a = CampaignAction(kind: kind, keyPath: keyPath, location: location(node))
    for required in requiredFields[kind]! where !fields.contains(where: { $0.key == required }) {
      r.report(node, "\(keyPath).\(required)", expected: "the key '\(required)'", found: "nothing")
    }
    for (key, v) in fields {
      a.locations[key] = location(v)
      let path = "\(keyPath).\(key)"
      switch (kind, key) {
      case (_, "start"): a.start = r.int(v, path, min: 0, max: NumericRanges.maximumSteps) ?? 0
      case (_, "end"): a.end = r.int(v, path, min: 0, max: NumericRanges.maximumSteps + 1)
      case (_, "every"): a.every = r.int(v, path, min: 1, max: NumericRanges.maximumSteps) ?? 1
      case (.seed, "policy"): a.policy = r.string(v, path) ?? a.policy
      case (.seed, "k"): a.k = r.int(v, path, min: 1)
      case (.seed, "budget"): a.budget = r.double(v, path, min: 0)
      case (_, "side"): a.side = r.string(v, path)
      case (.seed, "cost_per_seed"):
        if case .mapping = v {
          for (s, c) in r.mapping(v, path) ?? [] {
            a.locations["cost_per_seed"] = location(c)
            if let x = r.double(c, "\(path).\(s)", min: 0) { a.costPerSeed[s] = x }
          }
        } else {
          a.defaultSeedCost = r.double(v, path, min: 0)
        }
      case (.broadcast, "from"): a.from = r.string(v, path)
      case (.broadcast, "layer"): a.layer = r.string(v, path)
      case (.broadcast, "to"): a.to = r.strings(v, path) ?? []
      case (.broadcast, "audience"):
        if let text = r.string(v, path) {
          let names = CampaignAction.Audience.allCases.map(\.rawValue)
          if let audience = CampaignAction.Audience(rawValue: text) {
            a.audience = audience
          } else {
            r.report(
              v, path, expected: names.joined(separator: " or "), found: "'\(text)'",
              suggestion: closest(to: text, in: names))
          }
        }
      case (.broadcast, "reach"): a.reach = r.probability(v, path) ?? 0
      case (.broadcast, "persuasion"): a.persuasion = r.double(v, path, min: 0) ?? 1
      case (.broadcast, "credibility"): a.credibility = r.probability(v, path)
      case (.broadcast, "cost_per_impression"): a.costPerImpression = r.double(v, path, min: 0) ?? 0
      case (.advocacy, "fraction"): a.fraction = r.probability(v, path) ?? 0
      case (.advocacy, "cost_per_employee_week"): a.costPerEmployeeWeek = r.double(v, path, min: 0) ?? 0
      case (.incentive, "to"):
        if let text = r.string(v, path) {
          if ["adopters", "promoters"].contains(text) {
            a.rewarded = text
          } else {
            r.report(
              v, path, expected: "adopters or promoters", found: "'\(text)'",
              suggestion: closest(to: text, in: ["adopters", "promoters"]))
          }
        }
      case (.incentive, "reward"): a.reward = r.probability(v, path) ?? 0
      case (.incentive, "kappa"): a.kappa = r.double(v, path, min: 0)
      case (.incentive, "Rstar"): a.rstar = r.probability(v, path)
      case (.incentive, "cost_per_reward"): a.costPerReward = r.double(v, path, min: 0) ?? 0
      case (.listen, "responsiveness"): a.responsiveness = r.probability(v, path) ?? 0
      case (.listen, "recovery"): a.recovery = r.probability(v, path)
      default: a.costPerResponse = r.double(v, path, min: 0) ?? 0  // (.listen, "cost_per_response")
      }
    }
    if let end = a.end, end <= a.start {
      r.report(
        fields.first { $0.key == "end" }?.node, "\(keyPath).end", expected: "an end after start (\(a.start))",
        found: "\(end)")
    }
    if kind == .broadcast && a.audience == .followers && a.layer == nil {
      r.report(
        fields.first { $0.key == "audience" }?.node, "\(keyPath).layer",
        expected: "the layer whose followers the broadcast reaches (audience: followers)", found: "nothing")
    }
    if kind == .seed {
      // One wave, at start, unless a schedule says otherwise (as before seed waves existed).
      if !fields.contains(where: { $0.key == "end" || $0.key == "every" }) { a.end = a.start + 1 }
      let hasK = fields.contains { $0.key == "k" }
      let hasBudget = fields.contains { $0.key == "budget" }
      if hasK == hasBudget {
        r.report(
          node, "\(keyPath).k", expected: "either k (how many seeds) or budget (as many as it buys)",
          found: hasK ? "both" : "neither")
      }
      // A budget buys at most every node; one that buys more seeds than any graph has nodes is
      // beyond any count (1e19 at cost 1, 1e308 at cost 1e-308) and is refused here.
      let costs = (a.costPerSeed.values + [a.defaultSeedCost].compactMap { $0 }).filter { $0 > 0 }
      if let budget = a.budget, let cheapest = costs.min(), !(budget / cheapest <= NumericRanges.maximumSeeds) {
        r.report(
          fields.first { $0.key == "budget" }?.node, "\(keyPath).budget",
          expected:
            "a budget that buys at most \(Int(NumericRanges.maximumSeeds)) seeds (the most nodes a graph has) at the cheapest cost \(cheapest)",
          found: "\(budget), which buys \(budget / cheapest)")
      }
      if hasBudget && a.costPerSeed.isEmpty && a.defaultSeedCost == nil {
        r.report(
          node, "\(keyPath).cost_per_seed", expected: "the cost of a seed (a number or {side: cost}) to spend a budget",
          found: "nothing")
      }
    }
    return a
  }
}
