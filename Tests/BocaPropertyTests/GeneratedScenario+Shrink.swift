extension GeneratedScenario {
  /// Smaller variants of this scenario, most drastic first: drop arms, actions, sweep keys,
  /// sides, layers, mechanisms (model parameters), attributes, action fields and the seeds
  /// section; halve node counts, replicates and steps; replace a layer's generator by `er`. A variant may be invalid (a dropped side
  /// that a layer still names): the property then passes or discards it, and the shrinker moves on.
  func shrinkCandidates() -> [GeneratedScenario] {
    var out: [GeneratedScenario] = []
    func variant(_ change: (inout GeneratedScenario) -> Void) {
      var s = self
      change(&s)
      if s != self { out.append(s) }
    }
    // Structure.
    if arms.count > 1 {
      for i in arms.indices { variant { $0.arms.remove(at: i) } }
    }
    if arms.count == 1 { variant { $0.arms = [] } }
    for (a, arm) in arms.enumerated() {
      for i in arm.actions.indices { variant { $0.arms[a].actions.remove(at: i) } }
      for i in arm.overrides.indices { variant { $0.arms[a].overrides.remove(at: i) } }
    }
    for i in sweep.indices { variant { $0.sweep.remove(at: i) } }
    for (k, key) in sweep.enumerated() where key.values.count > 1 {
      variant { $0.sweep[k].values = Array(key.values.prefix(1)) }
      variant { $0.sweep[k].values.removeFirst() }
    }
    if sides.count > 1 {
      for i in sides.indices { variant { $0.sides.remove(at: i) } }
    }
    if layers.count > 1 {
      for i in layers.indices { variant { $0.layers.remove(at: i) } }
    }
    for i in model.parameters.indices { variant { $0.model.parameters.remove(at: i) } }
    if !model.layers.isEmpty { variant { $0.model.layers = [] } }
    if seeds != nil { variant { $0.seeds = nil } }
    // Sizes.
    variant { $0.replicates = max(1, replicates / 2) }
    if replicates > 1 { variant { $0.replicates -= 1 } }
    if let steps {
      variant { $0.steps = max(1, steps / 2) }
      if steps > 1 { variant { $0.steps = steps - 1 } }
    }
    for (i, side) in sides.enumerated() where side.count > 1 {
      variant { $0.sides[i].count = max(1, side.count / 2) }
      variant { $0.sides[i].count = side.count - 1 }
    }
    if let seeds, seeds.k > 1, seeds.policy != "nodes" { variant { $0.seeds!.k = max(1, seeds.k / 2) } }
    // Details: a column from every side at once (a column on some sides only is another scenario).
    for column in Set(sides.flatMap { $0.attributes.map(\.key) }).sorted() {
      variant { for i in $0.sides.indices { $0.sides[i].attributes.removeAll { $0.key == column } } }
    }
    for (i, side) in sides.enumerated() {
      for j in side.attributes.indices { variant { $0.sides[i].attributes.remove(at: j) } }
    }
    for (i, layer) in layers.enumerated() {
      if !layer.generate.hasPrefix("{er:") { variant { $0.layers[i].generate = "{er: {p: 0.3}}" } }
      if layer.directed { variant { $0.layers[i].directed = false } }
      if !layer.sides.isEmpty { variant { $0.layers[i].sides = [] } }
    }
    for (a, arm) in arms.enumerated() {
      for (i, action) in arm.actions.enumerated() {
        for j in action.fields.indices { variant { $0.arms[a].actions[i].fields.remove(at: j) } }
      }
    }
    if timeseries { variant { $0.timeseries = false } }
    return out
  }
}
