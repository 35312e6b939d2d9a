import BocaGraph
import BocaModels
import BocaRandom
import BocaScenario

/// Turns an arm's campaign actions into what runs: the `wom` model with its per-step actions,
/// the seeders, and the unit cost of every action's cost driver.
///
/// Cost of one replicate (docs/wom.md §10, scenarios/README.md "Campaigns"):
///
///     cost = Σ_seed actions Σ_waves Σ_{seeds v picked} cost_per_seed[side(v)]
///          + Σ_broadcasts cost_per_impression · impressions     (reached non-adopters, per active step)
///          + Σ_advocacy  cost_per_employee_week · Σ_{steps t run in [start, end)} advocates(t)
///          + Σ_incentives cost_per_reward · rewards paid         (new adopters, or new promoters, in the window)
///          + Σ_listening cost_per_response · answers             (agitators answered in the window)
public struct CampaignPlanner {
  var model: any DiffusionModel
  var seeders: [CampaignSeeder] = []
  /// Unit cost per action slot (the action's index in the arm).
  var unitCosts: [Double] = []
  var hasSeeds: Bool { !seeders.isEmpty }
  /// Whether an action can make nodes adopt without any seed: a seed action, a broadcast, or
  /// advocacy (its advocates talk whether or not anyone adopted).
  var startsAdoption = false
  /// What the `--verbose` user is told: the cascade probability each cascade-tuned seed policy
  /// was tuned to (``SeedPolicies/note(_:model:graph:layers:)``).
  var notes: [String] = []

  /// - Throws: ``ScenarioError`` located at the action's key for an unknown policy, a side or layer
  ///   that does not exist, a budget below one seed's cost, or actions that need the `wom` model.
  init(scenario: Scenario, graph: MultiplexGraph, model: any DiffusionModel, layers: [Int]) throws {
    self.model = model
    let actions = scenario.campaign
    guard !actions.isEmpty else { return }
    var problems: [ScenarioDiagnostic] = []
    let layerNames = graph.layers.map(\.name)
    for a in actions { problems += a.check(sides: graph.sideNames, layers: layerNames) }
    guard problems.isEmpty else { throw ScenarioError(problems) }
    let bySide = graph.nodesBySide()
    func nodes(of sides: [String]) -> [UInt32] {
      sides.isEmpty
        ? (0..<graph.nodeCount).map(UInt32.init) : sides.compactMap(graph.sideIndex).flatMap { bySide[$0] }.sorted()
    }
    var campaign = WordOfMouth.Campaign()
    campaign.slots = actions.count
    unitCosts = [Double](repeating: 0, count: actions.count)
    let wom = model as? WordOfMouth
    for (slot, a) in actions.enumerated() {
      let schedule = WordOfMouth.Schedule(start: a.start, end: a.end, every: a.every)
      if a.kind != .seed && wom == nil {
        problems.append(
          a.diagnostic(
            nil, expected: "model wom (\(a.kind.rawValue) actions run in the word-of-mouth model)",
            found: "model '\(scenario.model.name)'"))
        continue
      }
      switch a.kind {
      case .seed:
        let pool = nodes(of: a.side.map { [$0] } ?? [])
        let cheapestCost = graph.sideNames.compactMap { a.seedCost(side: $0) }.filter { $0 > 0 }.min()
        let perWave =
          a.k ?? a.budget.flatMap { b in cheapestCost.map { Int(clamping: b / $0, to: 0...pool.count) } } ?? pool.count
        // The waves after the first: at start + every, … before end, within the run.
        let horizon = scenario.steps ?? WordOfMouth.defaultHorizon
        let next = a.start + a.every
        let later = a.end.map { next < $0 } ?? true
        if later && wom == nil {
          let field = a.locations["every"] != nil ? "every" : "end"
          problems.append(
            a.diagnostic(
              field, expected: "one wave (seed waves after the first need model wom)",
              found: "a wave at step \(next) (model '\(scenario.model.name)')"))
          continue
        }
        let waveEnd = min(a.end ?? horizon + 1, horizon + 1)
        let waves = later && next < waveEnd ? WordOfMouth.Schedule(start: next, end: waveEnd, every: a.every) : nil
        let waveCount = 1 + (waves.map { ($0.end! - 1 - $0.start) / $0.every + 1 } ?? 0)
        let count = perWave > pool.count / waveCount ? pool.count : perWave * waveCount
        let order: SeedPolicies.Order?
        do {
          order = try SeedPolicies.resolve(
            a.policy, pool: pool, count: count, graph: graph, layers: layers, model: scenario.model,
            seed: SeedDerivation.seed(root: scenario.seed, scenarioHash: 0, point: -2, replicate: slot))
        } catch {
          problems.append(a.diagnostic("policy", expected: "a policy that can run here", found: "\(error)"))
          continue
        }
        if let note = SeedPolicies.note(a.policy, model: scenario.model, graph: graph, layers: layers),
          !notes.contains(note)
        {
          notes.append(note)
        }
        guard let order else {
          problems.append(
            a.diagnostic(
              "policy", expected: "a seeding policy (\(SeedPolicies.known.joined(separator: ", ")))",
              found: "unknown policy '\(a.policy)'",
              suggestion: closest(to: a.policy, in: SeedPolicies.known)))
          continue
        }
        if let k = a.k, k > pool.count {
          problems.append(a.diagnostic("k", expected: "at most \(pool.count) (the nodes available)", found: "\(k)"))
          continue
        }
        if a.start > 0 && wom == nil {
          problems.append(a.diagnostic("start", expected: "0 (seeds after step 0 need model wom)", found: "\(a.start)"))
          continue
        }
        let costs = graph.sideNames.map { a.seedCost(side: $0) ?? 0 }
        let poolSides = Set(pool.map { graph.nodeSide[Int($0)] })
        let cheapest = poolSides.map { costs[Int($0)] }.min() ?? 0
        let draw = SeedDraw(order: order, k: a.k, budget: a.budget, costOfSide: costs, cheapest: cheapest)
        seeders.append(CampaignSeeder(draw: draw, sideOf: graph.nodeSide, start: a.start))
        if a.start > 0 { campaign.lateSeeds = true }
        if let waves {
          campaign.seedWaves.append(WordOfMouth.SeedWaves(schedule: waves, draw: draw, slot: slot))
          unitCosts[slot] = 1  // the model reports what the later waves' seeds cost
        }
      case .broadcast:
        var audience = nodes(of: a.to)
        if a.audience == .followers, let name = a.layer, let l = graph.layerIndex(name) {
          let present = Self.onLayer(graph.layers[l], nodeCount: graph.nodeCount)
          audience.removeAll { !present[Int($0)] }
        }
        var source = a.credibility
        if source == nil, let from = a.from, let s = graph.sideIndex(from),
          let column = graph.attributes["credibility"], !bySide[s].isEmpty
        {
          source = bySide[s].reduce(0.0) { $0 + column[Int($1)] } / Double(bySide[s].count)
        }
        let strength =
          a.layer.map {
            scenario.model.parameters.perLayer["strength"]?[$0] ?? scenario.model.parameters.values["strength"] ?? 1
          } ?? 1
        campaign.broadcasts.append(
          WordOfMouth.Broadcast(
            schedule: schedule, audience: audience, reach: a.reach, persuasion: a.persuasion,
            sourceCredibility: source ?? wom!.parameters.credibility, layerStrength: strength, slot: slot))
        unitCosts[slot] = a.costPerImpression
      case .advocacy:
        campaign.advocacy.append(
          WordOfMouth.Advocacy(schedule: schedule, pool: nodes(of: [a.side ?? ""]), fraction: a.fraction, slot: slot))
        unitCosts[slot] = a.costPerEmployeeWeek
      case .incentive:
        let p = wom!.parameters
        campaign.incentives.append(
          WordOfMouth.Incentive(
            schedule: schedule, reward: a.reward, crowding: a.kappa ?? p.crowding,
            crowdingThreshold: a.rstar ?? p.crowdingThreshold,
            promotersOnly: a.rewarded == "promoters", slot: slot))
        unitCosts[slot] = a.costPerReward
      case .listen:
        campaign.listening.append(
          WordOfMouth.Listening(
            schedule: schedule, responsiveness: a.responsiveness, recovery: a.recovery ?? wom!.parameters.recovery,
            slot: slot))
        unitCosts[slot] = a.costPerResponse
      }
    }
    guard problems.isEmpty else { throw ScenarioError(problems) }
    startsAdoption = hasSeeds || !campaign.broadcasts.isEmpty || !campaign.advocacy.isEmpty
    if let wom, !campaign.isEmpty {
      do { self.model = try wom.with(campaign: campaign) } catch let error as ModelError {
        throw RunError.invalid("\(error)")
      }
    }
  }

  /// Whether each node has an edge on `layer`: any edge when undirected, an in-edge when directed
  /// (a follower receives what the layer carries).
  static func onLayer(_ layer: Layer, nodeCount: Int) -> [Bool] {
    var present = [Bool](repeating: false, count: nodeCount)
    if layer.directed, layer.inAdjacency == nil {
      for v in layer.out.targets { present[Int(v)] = true }
    } else if let incoming = layer.incoming {
      for v in 0..<min(nodeCount, incoming.nodeCount) where incoming.degree(v) > 0 { present[v] = true }
    }
    return present
  }

  /// Checks, before any graph is built, that every seed action names a known policy.
  ///
  /// - Throws: ``ScenarioError`` at each unknown `policy` key (file, line, key path).
  public static func checkPolicies(_ plan: ScenarioPlan) throws {
    var problems: [ScenarioDiagnostic] = []
    for arm in plan.arms {
      for a in arm.actions where a.kind == .seed && !SeedPolicies.known.contains(a.policy) {
        problems.append(
          a.diagnostic(
            "policy", expected: "a seeding policy (\(SeedPolicies.known.joined(separator: ", ")))",
            found: "unknown policy '\(a.policy)'",
            suggestion: closest(to: a.policy, in: SeedPolicies.known)))
      }
    }
    if !problems.isEmpty { throw ScenarioError(problems) }
  }
}
