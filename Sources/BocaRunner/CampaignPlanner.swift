import BocaGraph
import BocaModels
import BocaRandom
import BocaScenario

/// Turns an arm's campaign actions into what runs: the `wom` model with its per-step actions,
/// the seeders, and the unit cost of every action's cost driver. Each kind plans itself
/// (`plan(slot:_:)` on ``SeedAction`` and the other payloads, `CampaignPlanner+Actions.swift`).
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

  /// What the actions of an arm plan into, and what they plan with.
  struct Draft {
    let scenario: Scenario
    let graph: MultiplexGraph
    let layers: [Int]
    /// The model when it is `wom` (the only one that runs actions other than a first seed wave).
    let wom: WordOfMouth?
    let bySide: [[UInt32]]
    var campaign = WordOfMouth.Campaign()
    var seeders: [CampaignSeeder] = []
    var unitCosts: [Double]
    var notes: [String] = []

    /// The nodes of `sides` (all nodes when empty), increasing.
    func nodes(of sides: [String]) -> [UInt32] {
      sides.isEmpty
        ? (0..<graph.nodeCount).map(UInt32.init) : sides.compactMap(graph.sideIndex).flatMap { bySide[$0] }.sorted()
    }
  }

  /// - Throws: ``ScenarioError`` located at the action's key for an unknown policy, a side or layer
  ///   that does not exist, a budget below one seed's cost, or actions that need the `wom` model;
  ///   ``ModelError`` when the `wom` model refuses the planned campaign.
  init(scenario: Scenario, graph: MultiplexGraph, model: any DiffusionModel, layers: [Int]) throws {
    self.model = model
    let actions = scenario.campaign
    guard !actions.isEmpty else { return }
    var problems: [ScenarioDiagnostic] = []
    let layerNames = graph.layers.map(\.name)
    for a in actions { problems += a.check(sides: graph.sideNames, layers: layerNames) }
    guard problems.isEmpty else { throw ScenarioError(problems) }
    let wom = model as? WordOfMouth
    var draft = Draft(
      scenario: scenario, graph: graph, layers: layers, wom: wom, bySide: graph.nodesBySide(),
      unitCosts: [Double](repeating: 0, count: actions.count))
    draft.campaign.slots = actions.count
    for (slot, a) in actions.enumerated() {
      if a.kind != .seed && wom == nil {
        problems.append(
          a.diagnostic(
            nil, expected: "model wom (\(a.kind.rawValue) actions run in the word-of-mouth model)",
            found: "model '\(scenario.model.name)'", cause: .needsWordOfMouth(a.kind, model: scenario.model.name)))
        continue
      }
      let problem: ScenarioDiagnostic?
      switch a {
      case .seed(let action): problem = action.plan(slot: slot, &draft)
      case .broadcast(let action): problem = action.plan(slot: slot, &draft)
      case .advocacy(let action): problem = action.plan(slot: slot, &draft)
      case .incentive(let action): problem = action.plan(slot: slot, &draft)
      case .listen(let action): problem = action.plan(slot: slot, &draft)
      }
      if let problem { problems.append(problem) }
    }
    guard problems.isEmpty else { throw ScenarioError(problems) }
    seeders = draft.seeders
    unitCosts = draft.unitCosts
    notes = draft.notes
    let campaign = draft.campaign
    startsAdoption = hasSeeds || !campaign.broadcasts.isEmpty || !campaign.advocacy.isEmpty
    if let wom, !campaign.isEmpty { self.model = try wom.with(campaign: campaign) }
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
      for case .seed(let a) in arm.actions { if let problem = a.unknownPolicy() { problems.append(problem) } }
    }
    if !problems.isEmpty { throw ScenarioError(problems) }
  }
}

extension ActionSchedule {
  /// The model's schedule of the same steps.
  var steps: WordOfMouth.Schedule { WordOfMouth.Schedule(start: start, end: end, every: every) }
}
