import BocaGraph
import BocaModels
import BocaRandom
import BocaScenario

/// How each kind of campaign action plans itself into a ``CampaignPlanner/Draft``: one method per
/// payload, returning the first problem (located at the action's key) or nil.
extension SeedAction {
  /// A diagnostic at `policy` when the policy is not one the runner knows.
  func unknownPolicy() -> ScenarioDiagnostic? {
    guard !SeedPolicies.known.contains(policy) else { return nil }
    return site.diagnostic(
      "policy", expected: "a seeding policy (\(SeedPolicies.known.joined(separator: ", ")))",
      found: "unknown policy '\(policy)'",
      suggestion: closest(to: policy, in: SeedPolicies.known), cause: .unknownPolicy(policy))
  }

  /// The first wave becomes a ``CampaignSeeder`` (drawn before the replicate); the later waves,
  /// under `wom`, become ``WordOfMouth/SeedWaves`` that the model draws as it runs.
  func plan(slot: Int, _ d: inout CampaignPlanner.Draft) -> ScenarioDiagnostic? {
    let graph = d.graph
    let scenario = d.scenario
    let wom = d.wom
    let pool = d.nodes(of: side.map { [$0] } ?? [])
    let cheapestCost = graph.sideNames.compactMap { seedCost(side: $0) }.filter { $0 > 0 }.min()
    let perWave =
      k ?? budget.flatMap { b in cheapestCost.map { Int(clamping: b / $0, to: 0...pool.count) } } ?? pool.count
    // The waves after the first: at start + every, … before end, within the run.
    let horizon = scenario.steps ?? WordOfMouth.defaultHorizon
    let next = schedule.start + schedule.every
    let later = schedule.end.map { next < $0 } ?? true
    if later && wom == nil {
      let field = site.locations["every"] != nil ? "every" : "end"
      return site.diagnostic(
        field, expected: "one wave (seed waves after the first need model wom)",
        found: "a wave at step \(next) (model '\(scenario.model.name)')",
        cause: .needsWordOfMouth(.seed, model: scenario.model.name))
    }
    let waveEnd = min(schedule.end ?? horizon + 1, horizon + 1)
    let waves = later && next < waveEnd ? WordOfMouth.Schedule(start: next, end: waveEnd, every: schedule.every) : nil
    let waveCount = 1 + (waves.map { ($0.end! - 1 - $0.start) / $0.every + 1 } ?? 0)
    let count = perWave > pool.count / waveCount ? pool.count : perWave * waveCount
    let order: SeedPolicies.Order?
    do {
      order = try SeedPolicies.resolve(
        policy, pool: pool, count: count, graph: graph, layers: d.layers, model: scenario.model,
        seed: RandomSeedDerivation.seed(root: scenario.seed, scenarioHash: 0, point: -2, replicate: slot))
    } catch {
      return site.diagnostic(
        "policy", expected: "a policy that can run here", found: "\(error)",
        cause: .policyFailed(policy: policy, reason: "\(error)"))
    }
    if let note = SeedPolicies.note(policy, model: scenario.model, graph: graph, layers: d.layers),
      !d.notes.contains(note)
    {
      d.notes.append(note)
    }
    guard let order else { return unknownPolicy() }
    if let k, k > pool.count {
      return site.diagnostic(
        "k", expected: "at most \(pool.count) (the nodes available)", found: "\(k)",
        cause: .moreSeedsThanNodes(k: k, available: pool.count))
    }
    if schedule.start > 0 && wom == nil {
      return site.diagnostic(
        "start", expected: "0 (seeds after step 0 need model wom)", found: "\(schedule.start)",
        cause: .needsWordOfMouth(.seed, model: scenario.model.name))
    }
    let costs = graph.sideNames.map { seedCost(side: $0) ?? 0 }
    let poolSides = Set(pool.map { graph.nodeSide[Int($0)] })
    let cheapest = poolSides.map { costs[Int($0)] }.min() ?? 0
    let draw = SeedDraw(order: order, k: k, budget: budget, costOfSide: costs, cheapest: cheapest)
    d.seeders.append(CampaignSeeder(draw: draw, sideOf: graph.nodeSide, start: schedule.start))
    if schedule.start > 0 { d.campaign.lateSeeds = true }
    if let waves {
      d.campaign.seedWaves.append(WordOfMouth.SeedWaves(schedule: waves, draw: draw, slot: slot))
      d.unitCosts[slot] = 1  // the model reports what the later waves' seeds cost
    }
    return nil
  }
}

extension BroadcastAction {
  /// A ``WordOfMouth/Broadcast`` to the nodes of `to` (only those on `layer` for followers), with
  /// the source's credibility (given, or the mean of side `from`) and the layer's strength.
  func plan(slot: Int, _ d: inout CampaignPlanner.Draft) -> ScenarioDiagnostic? {
    let graph = d.graph
    let scenario = d.scenario
    var audience = d.nodes(of: to)
    if self.audience == .followers, let name = layer, let l = graph.layerIndex(name) {
      let present = CampaignPlanner.onLayer(graph.layers[l], nodeCount: graph.nodeCount)
      audience.removeAll { !present[Int($0)] }
    }
    var source = credibility
    if source == nil, let from, let s = graph.sideIndex(from), let column = graph.attributes["credibility"],
      !d.bySide[s].isEmpty
    {
      source = d.bySide[s].reduce(0.0) { $0 + column[Int($1)] } / Double(d.bySide[s].count)
    }
    let strength =
      layer.map {
        scenario.model.parameters.perLayer["strength"]?[$0] ?? scenario.model.parameters.values["strength"] ?? 1
      } ?? 1
    d.campaign.broadcasts.append(
      WordOfMouth.Broadcast(
        schedule: schedule.steps, audience: audience, reach: reach, persuasion: persuasion,
        sourceCredibility: source ?? d.wom!.parameters.credibility, layerStrength: strength, slot: slot))
    d.unitCosts[slot] = costPerImpression
    return nil
  }
}

extension AdvocacyAction {
  func plan(slot: Int, _ d: inout CampaignPlanner.Draft) -> ScenarioDiagnostic? {
    d.campaign.advocacy.append(
      WordOfMouth.Advocacy(schedule: schedule.steps, pool: d.nodes(of: [side ?? ""]), fraction: fraction, slot: slot))
    d.unitCosts[slot] = costPerEmployeeWeek
    return nil
  }
}

extension IncentiveAction {
  /// κ and R* default to the model's.
  func plan(slot: Int, _ d: inout CampaignPlanner.Draft) -> ScenarioDiagnostic? {
    let p = d.wom!.parameters
    d.campaign.incentives.append(
      WordOfMouth.Incentive(
        schedule: schedule.steps, reward: reward, crowding: kappa ?? p.crowding,
        crowdingThreshold: rstar ?? p.crowdingThreshold, promotersOnly: rewarded == .promoters, slot: slot))
    d.unitCosts[slot] = costPerReward
    return nil
  }
}

extension ListenAction {
  /// ρ defaults to the model's.
  func plan(slot: Int, _ d: inout CampaignPlanner.Draft) -> ScenarioDiagnostic? {
    d.campaign.listening.append(
      WordOfMouth.Listening(
        schedule: schedule.steps, responsiveness: responsiveness, recovery: recovery ?? d.wom!.parameters.recovery,
        slot: slot))
    d.unitCosts[slot] = costPerResponse
    return nil
  }
}
