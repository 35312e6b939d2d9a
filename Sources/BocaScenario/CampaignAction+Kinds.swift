import Yams

/// `seed`: `policy` (required; a name resolved by the runner's seeding policies), `k` or
/// `budget` (one of them), `side`, `cost_per_seed` (a number or `{side: cost}`), `start`, `end`,
/// `every`. The action seeds in waves at steps start, start + every, … before end; `k` and
/// `budget` are **per wave** (drip seeding: "k per wave", "budget per wave"), and the cost is the
/// sum over the waves. Without `end` and `every` it acts once, at `start` (read as end = start + 1),
/// exactly as before waves existed; with `every` and no `end`, until the run ends; with `end` and
/// no `every`, every step. Later waves follow the policy's order past the nodes that have adopted
/// (so past every node already chosen); `random` draws each wave afresh.
public struct SeedAction: CampaignActionPayload {
  public enum Field: String, CaseIterable, Sendable {
    case policy, k, budget, side
    case costPerSeed = "cost_per_seed"
    case start, end, every
  }
  public static let kind = CampaignAction.Kind.seed
  public static let required: [Field] = [.policy]

  public var site: ActionSite
  public var schedule = ActionSchedule()
  public var policy = "random"
  public var k: Int? = nil
  public var budget: Double? = nil
  public var side: String? = nil
  /// Per side; `defaultSeedCost` when `cost_per_seed` is one number.
  public var costPerSeed: [String: Double] = [:]
  public var defaultSeedCost: Double? = nil

  public init(site: ActionSite) { self.site = site }

  /// The cost of one seed on `side` (nil when no cost is given for it).
  public func seedCost(side: String) -> Double? { costPerSeed[side] ?? defaultSeedCost }

  public mutating func read(_ field: Field, _ v: Node, path: String, _ r: ScenarioReader) {
    switch field {
    case .policy: policy = r.string(v, path) ?? policy
    case .k: k = r.int(v, path, min: 1)
    case .budget: budget = r.double(v, path, min: 0)
    case .side: side = r.string(v, path)
    case .costPerSeed:
      if case .mapping = v {
        for (s, c) in r.mapping(v, path) ?? [] {
          site.locations[Field.costPerSeed.rawValue] = r.location(c)
          if let x = r.double(c, "\(path).\(s)", min: 0) { costPerSeed[s] = x }
        }
      } else {
        defaultSeedCost = r.double(v, path, min: 0)
      }
    case .start: schedule.readStart(v, path, r)
    case .end: schedule.readEnd(v, path, r)
    case .every: schedule.readEvery(v, path, r)
    }
  }

  public mutating func finish(given: [Field: Node], _ node: Node, _ r: ScenarioReader) {
    let keyPath = site.keyPath
    // One wave, at start, unless a schedule says otherwise (as before seed waves existed).
    if given[.end] == nil && given[.every] == nil { schedule.end = schedule.start + 1 }
    let hasK = given[.k] != nil
    let hasBudget = given[.budget] != nil
    if hasK == hasBudget {
      r.report(
        node, "\(keyPath).k", expected: "either k (how many seeds) or budget (as many as it buys)",
        found: hasK ? "both" : "neither")
    }
    // A budget buys at most every node; one that buys more seeds than any graph has nodes is
    // beyond any count (1e19 at cost 1, 1e308 at cost 1e-308) and is refused here.
    let costs = (costPerSeed.values + [defaultSeedCost].compactMap { $0 }).filter { $0 > 0 }
    if let budget, let cheapest = costs.min(), !(budget / cheapest <= NumericRanges.maximumSeeds) {
      r.report(
        given[.budget], "\(keyPath).budget",
        expected:
          "a budget that buys at most \(Int(NumericRanges.maximumSeeds)) seeds (the most nodes a graph has) at the cheapest cost \(cheapest)",
        found: "\(budget), which buys \(budget / cheapest)")
    }
    if hasBudget && costPerSeed.isEmpty && defaultSeedCost == nil {
      r.report(
        node, "\(keyPath).cost_per_seed", expected: "the cost of a seed (a number or {side: cost}) to spend a budget",
        found: "nothing")
    }
  }

  public func check(sides: [String], layers: [String]) -> [ScenarioDiagnostic] {
    var found = site.unknownSides(side.map { [$0] } ?? [], "side", sides: sides)
    found += site.unknownSides(costPerSeed.keys.sorted(), "cost_per_seed", sides: sides)
    guard let budget else { return found }
    let pool = side.map { [$0] } ?? sides
    let costs = pool.filter { sides.contains($0) }.map { seedCost(side: $0) }
    if let missing = zip(pool, costs).first(where: { $0.1 == nil || $0.1! <= 0 }) {
      found.append(
        site.diagnostic(
          "cost_per_seed", expected: "a cost > 0 for every side a budget may buy seeds on",
          found: "none for '\(missing.0)'", cause: .missingSeedCost(side: missing.0)))
    } else if let cheapest = costs.compactMap({ $0 }).min(), budget < cheapest {
      found.append(
        site.diagnostic(
          "budget", expected: "a budget that buys at least one seed (the cheapest costs \(cheapest))",
          found: "\(budget)", cause: .budgetBuysNoSeed(budget: budget, cheapest: cheapest)))
    }
    return found
  }
}

/// `broadcast`: `from` (side of the source), `layer`, `to` (sides; default all), `audience`
/// (`all`, the default: every node of the `to` sides; `followers`: only those with an edge on
/// `layer` — an in-edge when it is directed — and then `layer` is required), `reach` (required),
/// `persuasion` (default 1), `credibility` (default: mean credibility of `from`),
/// `cost_per_impression`, `start`, `end`, `every`.
public struct BroadcastAction: CampaignActionPayload {
  public enum Field: String, CaseIterable, Sendable {
    case from, layer, to, audience, reach, persuasion, credibility
    case costPerImpression = "cost_per_impression"
    case start, end, every
  }
  public static let kind = CampaignAction.Kind.broadcast
  public static let required: [Field] = [.reach]

  /// Whom a broadcast can reach on its target sides.
  public enum Audience: String, Sendable, CaseIterable {
    /// Every node of the sides.
    case all
    /// Only the nodes with an edge on the broadcast's layer (an in-edge when directed): "the
    /// brand's followers", modelled as the nodes present on that layer.
    case followers
  }

  public var site: ActionSite
  public var schedule = ActionSchedule()
  public var from: String? = nil
  public var layer: String? = nil
  /// Target sides (empty = all).
  public var to: [String] = []
  public var audience = Audience.all
  public var reach = 0.0
  public var persuasion = 1.0
  public var credibility: Double? = nil
  public var costPerImpression = 0.0

  public init(site: ActionSite) { self.site = site }

  public mutating func read(_ field: Field, _ v: Node, path: String, _ r: ScenarioReader) {
    switch field {
    case .from: from = r.string(v, path)
    case .layer: layer = r.string(v, path)
    case .to: to = r.strings(v, path) ?? []
    case .audience: audience = r.choice(v, path, Audience.self) ?? audience
    case .reach: reach = r.probability(v, path) ?? 0
    case .persuasion: persuasion = r.double(v, path, min: 0) ?? 1
    case .credibility: credibility = r.probability(v, path)
    case .costPerImpression: costPerImpression = r.double(v, path, min: 0) ?? 0
    case .start: schedule.readStart(v, path, r)
    case .end: schedule.readEnd(v, path, r)
    case .every: schedule.readEvery(v, path, r)
    }
  }

  public mutating func finish(given: [Field: Node], _ node: Node, _ r: ScenarioReader) {
    if audience == .followers && layer == nil {
      r.report(
        given[.audience], "\(site.keyPath).layer",
        expected: "the layer whose followers the broadcast reaches (audience: followers)", found: "nothing")
    }
  }

  public func check(sides: [String], layers: [String]) -> [ScenarioDiagnostic] {
    site.unknownSides(from.map { [$0] } ?? [], "from", sides: sides) + site.unknownSides(to, "to", sides: sides)
      + site.unknownLayer(layer, layers: layers)
  }
}

/// `advocacy`: `side` (required), `fraction` (required), `cost_per_employee_week`, `start`, `end`.
public struct AdvocacyAction: CampaignActionPayload {
  public enum Field: String, CaseIterable, Sendable {
    case side, fraction
    case costPerEmployeeWeek = "cost_per_employee_week"
    case start, end
  }
  public static let kind = CampaignAction.Kind.advocacy
  public static let required: [Field] = [.side, .fraction]

  public var site: ActionSite
  public var schedule = ActionSchedule()
  public var side: String? = nil
  public var fraction = 0.0
  public var costPerEmployeeWeek = 0.0

  public init(site: ActionSite) { self.site = site }

  public mutating func read(_ field: Field, _ v: Node, path: String, _ r: ScenarioReader) {
    switch field {
    case .side: side = r.string(v, path)
    case .fraction: fraction = r.probability(v, path) ?? 0
    case .costPerEmployeeWeek: costPerEmployeeWeek = r.double(v, path, min: 0) ?? 0
    case .start: schedule.readStart(v, path, r)
    case .end: schedule.readEnd(v, path, r)
    }
  }

  public func check(sides: [String], layers: [String]) -> [ScenarioDiagnostic] {
    site.unknownSides(side.map { [$0] } ?? [], "side", sides: sides)
  }
}

/// `incentive`: `to` (`adopters` | `promoters`), `reward` (required), `kappa`, `Rstar`,
/// `cost_per_reward`, `start`, `end`, `every`.
public struct IncentiveAction: CampaignActionPayload {
  public enum Field: String, CaseIterable, Sendable {
    case to, reward, kappa
    case rstar = "Rstar"
    case costPerReward = "cost_per_reward"
    case start, end, every
  }
  public static let kind = CampaignAction.Kind.incentive
  public static let required: [Field] = [.reward]

  /// Who is paid the reward.
  public enum Rewarded: String, Sendable, CaseIterable {
    /// Every new adopter in the window.
    case adopters
    /// Only the new adopters that turn promoter.
    case promoters
  }

  public var site: ActionSite
  public var schedule = ActionSchedule()
  public var rewarded = Rewarded.adopters
  public var reward = 0.0
  public var kappa: Double? = nil
  public var rstar: Double? = nil
  public var costPerReward = 0.0

  public init(site: ActionSite) { self.site = site }

  public mutating func read(_ field: Field, _ v: Node, path: String, _ r: ScenarioReader) {
    switch field {
    case .to: rewarded = r.choice(v, path, Rewarded.self) ?? rewarded
    case .reward: reward = r.probability(v, path) ?? 0
    case .kappa: kappa = r.double(v, path, min: 0)
    case .rstar: rstar = r.probability(v, path)
    case .costPerReward: costPerReward = r.double(v, path, min: 0) ?? 0
    case .start: schedule.readStart(v, path, r)
    case .end: schedule.readEnd(v, path, r)
    case .every: schedule.readEvery(v, path, r)
    }
  }
}

/// `listen`: `responsiveness` (required), `recovery`, `cost_per_response`, `start`, `end`, `every`.
public struct ListenAction: CampaignActionPayload {
  public enum Field: String, CaseIterable, Sendable {
    case responsiveness, recovery
    case costPerResponse = "cost_per_response"
    case start, end, every
  }
  public static let kind = CampaignAction.Kind.listen
  public static let required: [Field] = [.responsiveness]

  public var site: ActionSite
  public var schedule = ActionSchedule()
  public var responsiveness = 0.0
  public var recovery: Double? = nil
  public var costPerResponse = 0.0

  public init(site: ActionSite) { self.site = site }

  public mutating func read(_ field: Field, _ v: Node, path: String, _ r: ScenarioReader) {
    switch field {
    case .responsiveness: responsiveness = r.probability(v, path) ?? 0
    case .recovery: recovery = r.probability(v, path)
    case .costPerResponse: costPerResponse = r.double(v, path, min: 0) ?? 0
    case .start: schedule.readStart(v, path, r)
    case .end: schedule.readEnd(v, path, r)
    case .every: schedule.readEvery(v, path, r)
    }
  }
}
