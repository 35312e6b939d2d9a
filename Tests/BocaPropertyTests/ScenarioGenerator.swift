/// Builds small random scenarios from a seed, over the schema of `scenarios/README.md` and the
/// `wom` mechanisms of `docs/wom.md`: 1–3 sides (with or without attribute columns), 1–3 layers
/// (er, ba, ws, sbm, bipartite; directed or not; over all or some sides), one of the models, each
/// `wom` mechanism on or off (p > 0 and p = 0 both common), seeds or none, arms with campaign
/// actions (seed waves, broadcasts, advocacy, incentives, listening) on random schedules, and
/// sweeps of a model parameter. Scenarios are small (≤ about 60 nodes, ≤ 6 replicates, ≤ 12
/// steps) so that hundreds run in seconds.
///
/// ``Profile/wellFormed`` scenarios are valid by the documented schema; ``Profile/anything``
/// also makes the mistakes users make (a column on some sides only, seed ids not in the graph,
/// per-layer keys naming no layer, k larger than the side…), for the validate-vs-run property.
struct ScenarioGenerator {
  enum Profile {
    /// Valid by the documented schema; any model.
    case wellFormed
    /// Valid, model `wom`, with campaign arms (the campaign properties).
    case campaign
    /// Possibly invalid (user mistakes mixed in).
    case anything
  }

  static let models = [
    "wom", "wom", "wom", "bass", "ic", "lt", "threshold", "sir", "sis", "icn", "competing-ic", "goldenberg",
  ]
  static let sideNames = ["consumer", "prosumer", "brand", "employee"]
  static let layerNames = ["social", "offline", "market"]

  let profile: Profile

  func make(seed: UInt64) -> GeneratedScenario {
    var g = SplitMix(seed: seed)
    let sides = makeSides(&g)
    let layers = makeLayers(&g, sides: sides)
    let modelName = profile == .campaign ? "wom" : g.pick(Self.models)
    var s = GeneratedScenario(
      caseSeed: seed, rootSeed: UInt64(g.int(1...1_000_000)), replicates: g.int(1...6),
      steps: g.chance(0.75) ? g.int(1...12) : nil, sides: sides, layers: layers,
      model: makeModel(&g, name: modelName, sides: sides, layers: layers))
    if modelName == "wom" { addColumns(&g, to: &s) }
    s.seeds = makeSeeds(&g, s)
    s.arms = makeArms(&g, s)
    if g.chance(0.3), let key = sweepable(&g, s) { s.sweep = [key] }
    if profile == .anything { mutate(&g, &s) }
    return s
  }

  // MARK: - Graph

  func makeSides(_ g: inout SplitMix) -> [GeneratedScenario.Side] {
    let names = Array(Self.sideNames.prefix(g.int(1...3)))
    return names.map { name in
      GeneratedScenario.Side(name: name, count: name == "brand" && g.chance(0.5) ? 1 : g.int(2...24))
    }
  }

  func makeLayers(_ g: inout SplitMix, sides: [GeneratedScenario.Side]) -> [GeneratedScenario.Layer] {
    let count = g.int(1...min(3, Self.layerNames.count))
    return Self.layerNames.prefix(count).map { name in
      var span = g.chance(0.3) ? g.subset(sides.map(\.name), keep: 0.6) : []
      if span.count == sides.count { span = [] }
      let members =
        span.isEmpty
        ? sides.reduce(0) { $0 + $1.count } : sides.filter { span.contains($0.name) }.reduce(0) { $0 + $1.count }
      var choices = ["er", "er", "sbm"]
      if members >= 3 { choices.append("ba") }
      if members >= 5 { choices.append("ws") }
      if sides.count >= 2 && span.isEmpty { choices.append("bipartite") }
      if span.isEmpty || members == 0 { span = [] }
      let directed = g.chance(0.3)
      switch g.pick(choices) {
      case "ba":
        return .init(
          name: name, generate: "{ba: {m: \(g.int(1...min(2, members - 1)))}}", directed: directed, sides: span)
      case "ws":
        return .init(
          name: name, generate: "{ws: {k: 2, p: \(g.probability(max: 0.3))}}", directed: directed, sides: span)
      case "sbm":
        let rows = sides.enumerated().map { i, a in
          "\(a.name): {" + sides[i...].map { "\($0.name): \(g.probability(max: 0.4))" }.joined(separator: ", ") + "}"
        }
        return .init(name: name, generate: "{sbm: {mixing: {\(rows.joined(separator: ", "))}}}", directed: directed)
      case "bipartite":
        // Mean degrees at most the other side's size (a node cannot have more distinct partners).
        let a = sides[0].name
        let b = sides[1].name
        return .init(
          name: name,
          generate:
            "{bipartite: {sides: [\(a), \(b)], degree: {\(a): {poisson: [\(g.int(1...min(3, sides[1].count)))]}, \(b): {poisson: [\(g.int(1...min(3, sides[0].count)))]}}}}"
        )
      default:
        return .init(name: name, generate: "{er: {p: \(g.probability(max: 0.35))}}", directed: directed, sides: span)
      }
    }
  }

  /// Node columns `wom` reads (activity, credibility, forgetting): each either on every side or on none.
  func addColumns(_ g: inout SplitMix, to s: inout GeneratedScenario) {
    for column in ["activity", "credibility", "forgetting"] where g.chance(0.25) {
      for i in s.sides.indices {
        let value: String
        switch g.int(0...2) {
        case 0: value = "\(g.probability(max: column == "forgetting" ? 0.3 : 1))"
        case 1: value = "{beta: [\(g.int(1...5)), \(g.int(1...5))]}"
        default: value = "{uniform: [0, \(g.probability(max: column == "forgetting" ? 0.3 : 1))]}"
        }
        s.sides[i].attributes.append(.init(column, value))
      }
    }
  }

  // MARK: - Model

  func makeModel(
    _ g: inout SplitMix, name: String, sides: [GeneratedScenario.Side], layers: [GeneratedScenario.Layer]
  ) -> GeneratedScenario.Model {
    var m = GeneratedScenario.Model(name: name)
    func put(_ key: String, _ value: Double) { m.parameters.append(.init(key, "\(value)")) }
    switch name {
    case "bass":
      put("p", g.chance(0.3) ? 0 : g.probability(max: 0.1))
      put("q", g.probability(max: 0.6))
      if g.chance(0.3) { m.parameters.append(.init("field", "mean")) }
    case "ic":
      if g.chance(0.3) {
        m.parameters.append(
          .init("p", "{" + layers.map { "\($0.name): \(g.probability(max: 0.5))" }.joined(separator: ", ") + "}"))
      } else {
        put("p", g.probability(max: 0.5))
      }
    case "lt": break
    case "threshold":
      if g.chance(0.5) { put("theta", Double(g.int(1...3))) } else { put("phi", max(0.05, g.probability())) }
    case "sir", "sis":
      if g.chance(0.3) {
        m.parameters.append(.init("time", "continuous"))
        put("tau", g.probability(max: 2))
        put("gamma", g.probability(max: 1))
      } else {
        put("beta", g.probability(max: 0.6))
        put("gamma", g.probability(max: 0.6))
      }
    case "icn":
      put("p", g.probability(max: 0.5))
      put("q_quality", g.probability())
    case "competing-ic":
      put("p_a", g.probability(max: 0.5))
      put("p_b", g.probability(max: 0.5))
      let total = sides.reduce(0) { $0 + $1.count }
      m.parameters.append(.init("seeds_b", "\"\(g.int(0...(total - 1)))\""))
    case "goldenberg":
      put("alpha", g.probability(max: 0.1))
      put("beta_w", g.probability(max: 0.3))
    default:
      womParameters(&g, &m, sides: sides, layers: layers)
    }
    if layers.count > 1 && g.chance(0.2) {
      m.layers = g.subset(layers.map(\.name), keep: 0.6)
    }
    return m
  }

  /// Each mechanism of `docs/wom.md` §4 on (a random value) or off (absent, or its off value
  /// written out).
  func womParameters(
    _ g: inout SplitMix, _ m: inout GeneratedScenario.Model, sides: [GeneratedScenario.Side],
    layers: [GeneratedScenario.Layer]
  ) {
    func maybe(_ key: String, on: Double = 0.35, off: String, value: () -> String) {
      if g.chance(on) {
        m.parameters.append(.init(key, value()))
      } else if g.chance(0.2) {
        m.parameters.append(.init(key, off))
      }
    }
    // p = 0 about half the time: word of mouth only.
    maybe("p", on: 0.5, off: "0") { "\(g.probability(max: 0.1))" }
    maybe("q", on: 0.7, off: "0") { "\(g.probability(max: 0.6))" }
    maybe("pic", off: "0") { "\(g.probability(max: 0.4))" }
    maybe("C0", off: "1") { "\(g.probability())" }
    maybe("gain", off: "0") { "\(g.probability(max: 0.3))" }
    maybe("loss", off: "0") { "\(g.probability(max: 0.3))" }
    maybe("pi", off: "1") { "\(g.probability())" }
    maybe("eps", off: "0") { "\(g.probability(max: 0.2))" }
    maybe("mu", off: "0") { "\(g.probability())" }
    maybe("r", off: "0") { "\(g.probability(max: 0.5))" }
    maybe("rho", off: "0.5") { "\(g.probability())" }
    maybe("R", off: "0") { "\(g.probability(max: 0.5))" }
    maybe("Rstar", off: "0.5") { "\(g.probability())" }
    maybe("kappa", off: "0") { "\(g.probability(max: 2))" }
    maybe("chi", off: "0") { "\(g.probability(max: 3))" }
    maybe("a", off: "1") { "\(g.probability())" }
    maybe("c", off: "1") { "\(g.probability())" }
    maybe("f", off: "0") { "\(g.probability(max: 0.2))" }
    if g.chance(0.25) {
      m.parameters.append(.init("lurkers", g.pick(sides.map(\.name))))
      m.parameters.append(.init("lambda", "\(g.probability(max: 0.5))"))
    }
    if g.chance(0.3) {
      if g.chance(0.5) {
        m.parameters.append(.init("strength", "\(g.probability(max: 2))"))
      } else {
        m.parameters.append(
          .init("strength", "{" + layers.map { "\($0.name): \(g.probability(max: 2))" }.joined(separator: ", ") + "}"))
      }
    }
  }

  // MARK: - Seeds and arms

  func makeSeeds(_ g: inout SplitMix, _ s: GeneratedScenario) -> GeneratedScenario.Seeds? {
    let needs = !["wom", "bass", "goldenberg"].contains(s.model.name)
    guard needs || g.chance(0.6) else { return nil }
    switch g.int(0...3) {
    case 0:
      return .init(policy: "nodes", k: 0, nodes: (0..<g.int(1...3)).map { _ in g.int(0...(s.nodeCount - 1)) })
    case 1:
      let side = g.pick(s.sides)
      return .init(policy: g.pick(["random", "degree"]), k: g.int(1...min(3, side.count)), side: side.name)
    default:
      return .init(policy: g.pick(["random", "degree"]), k: g.int(1...min(4, s.nodeCount)))
    }
  }

  func makeArms(_ g: inout SplitMix, _ s: GeneratedScenario) -> [GeneratedScenario.Arm] {
    let wom = s.model.name == "wom"
    let campaign = profile == .campaign
    guard campaign || g.chance(0.5) else { return [] }
    var arms: [GeneratedScenario.Arm] = []
    if g.chance(0.7) { arms.append(.init(name: "baseline")) }
    for i in 0..<g.int(1...2) {
      var arm = GeneratedScenario.Arm(name: "arm\(i + 1)")
      if !campaign && g.chance(0.3) {
        // Halving keeps a probability or rate valid, not a whole-number count (theta).
        if let p = s.model.parameters.first(where: {
          !$0.value.hasPrefix("{") && Double($0.value) != nil && $0.key != "theta"
        }) {
          let v = Double(p.value)!
          arm.overrides.append(.init("model.\(p.key)", "\(v <= 1 ? (v / 2 * 1000).rounded() / 1000 : v)"))
        }
      }
      let count = wom ? g.int((campaign ? 1 : 0)...3) : (g.chance(0.5) ? 1 : 0)
      for _ in 0..<count { arm.actions.append(makeAction(&g, s, womOnly: wom)) }
      arms.append(arm)
    }
    return arms
  }

  /// A schedule: start (often 0: actions at step 0 are where the cross-side bug lived), end, every.
  func schedule(_ g: inout SplitMix, _ s: GeneratedScenario, fields: inout [GeneratedScenario.Field], every: Bool) {
    let horizon = s.steps ?? 12
    let start = g.chance(0.5) ? 0 : g.int(0...horizon)
    if start > 0 || g.chance(0.3) { fields.append(.init("start", "\(start)")) }
    if g.chance(0.6) { fields.append(.init("end", "\(start + g.int(1...horizon))")) }
    if every && g.chance(0.5) { fields.append(.init("every", "\(g.int(1...3))")) }
  }

  func makeAction(_ g: inout SplitMix, _ s: GeneratedScenario, womOnly wom: Bool) -> GeneratedScenario.Action {
    var f: [GeneratedScenario.Field] = []
    let sideNames = s.sides.map(\.name)
    let kind = wom ? g.pick(["seed", "seed", "broadcast", "advocacy", "incentive", "listen"]) : "seed"
    func price(_ key: String) { if g.chance(0.85) { f.append(.init(key, "\(g.probability(max: 5))")) } }
    switch kind {
    case "seed":
      f.append(.init("policy", g.pick(["random", "degree"])))
      let side = g.chance(0.5) ? g.pick(s.sides) : nil
      if let side { f.append(.init("side", side.name)) }
      let pool = side?.count ?? s.nodeCount
      if g.chance(0.7) {
        f.append(.init("k", "\(g.int(1...min(3, pool)))"))
        price("cost_per_seed")
      } else {
        // A budget: a price for every side a seed may be bought on, and at least the cheapest.
        let names = side.map { [$0.name] } ?? sideNames
        let costs = names.map { _ in Double(g.int(1...4)) }
        f.append(.init("budget", "\(costs.min()! * Double(g.int(1...3)))"))
        f.append(
          .init(
            "cost_per_seed",
            names.count == 1 && g.chance(0.5)
              ? "\(costs[0])" : "{" + zip(names, costs).map { "\($0): \($1)" }.joined(separator: ", ") + "}"))
      }
      if wom { schedule(&g, s, fields: &f, every: true) }
    case "broadcast":
      f.append(.init("reach", "\(g.probability())"))
      if g.chance(0.5) { f.append(.init("persuasion", "\(g.probability())")) }
      if g.chance(0.3) { f.append(.init("credibility", "\(g.probability())")) }
      if g.chance(0.3) { f.append(.init("from", g.pick(sideNames))) }
      if g.chance(0.4) { f.append(.init("to", "[\(g.subset(sideNames).joined(separator: ", "))]")) }
      if g.chance(0.4) {
        f.append(.init("layer", g.pick(s.layers.map(\.name))))
        if g.chance(0.5) { f.append(.init("audience", g.pick(["all", "followers"]))) }
      }
      price("cost_per_impression")
      schedule(&g, s, fields: &f, every: true)
    case "advocacy":
      f.append(.init("side", g.pick(sideNames)))
      f.append(.init("fraction", "\(g.probability())"))
      price("cost_per_employee_week")
      schedule(&g, s, fields: &f, every: false)
    case "incentive":
      f.append(.init("reward", "\(g.probability(max: 0.6))"))
      if g.chance(0.5) { f.append(.init("to", g.pick(["adopters", "promoters"]))) }
      if g.chance(0.3) { f.append(.init("kappa", "\(g.probability(max: 2))")) }
      if g.chance(0.3) { f.append(.init("Rstar", "\(g.probability())")) }
      price("cost_per_reward")
      schedule(&g, s, fields: &f, every: true)
    default:
      f.append(.init("responsiveness", "\(g.probability())"))
      if g.chance(0.5) { f.append(.init("recovery", "\(g.probability())")) }
      price("cost_per_response")
      schedule(&g, s, fields: &f, every: true)
    }
    return .init(kind: kind, fields: f)
  }

  /// A sweep of one scalar model parameter over 2–3 values (so that shards have points to split).
  func sweepable(_ g: inout SplitMix, _ s: GeneratedScenario) -> GeneratedScenario.SweepKey? {
    let scalars = s.model.parameters.filter { Double($0.value) != nil && !["theta"].contains($0.key) }
    guard let p = scalars.isEmpty ? nil : g.pick(scalars), let v = Double(p.value) else {
      return .init(
        keyPath: "graph.sides.\(s.sides[0].name).count", values: ["\(s.sides[0].count)", "\(s.sides[0].count + 3)"])
    }
    let values = (0..<g.int(2...3)).map { i in "\((v * Double(3 - i) / 3 * 1000).rounded() / 1000)" }
    return .init(keyPath: "model.\(p.key)", values: values)
  }

  // MARK: - Mistakes

  /// One or two mistakes users make; some are caught by the parser, some only with the graph,
  /// and the property is that `validate` and `run` agree on each.
  func mutate(_ g: inout SplitMix, _ s: inout GeneratedScenario) {
    for _ in 0..<g.int(0...2) {
      switch g.int(0...6) {
      case 0 where s.sides.count > 1:
        // A column the model reads on some sides only.
        s.sides[0].attributes.append(
          .init(g.pick(["activity", "credibility", "forgetting"]), "\(g.probability(max: 0.5))"))
      case 1:
        s.seeds = .init(policy: "nodes", k: 0, nodes: [s.nodeCount + g.int(0...5)])
      case 2:
        s.model.parameters.append(.init(s.model.name == "wom" ? "strength" : "p", "{nosuchlayer: 0.5}"))
      case 3:
        s.seeds = .init(policy: "random", k: s.nodeCount + 1)
      case 4:
        s.model.parameters.append(.init("lurkers", g.chance(0.5) ? "nosuchside" : s.sides[0].name))
      case 5:
        if !s.arms.isEmpty {
          s.arms[0].actions.append(
            .init(kind: "advocacy", fields: [.init("side", "nosuchside"), .init("fraction", "0.5")]))
        }
      default:
        s.layers[0].sides = ["nosuchside"]
      }
    }
  }
}
