/// One action of a campaign arm (`arms: {NAME: [ {KIND: {…}}, … ]}`), as written; the schema and
/// every cost formula are in `scenarios/README.md` ("Campaigns") and `docs/wom.md` §10.
///
/// Kinds and their fields (all optional unless said):
/// - `seed`: `policy` (required; a name resolved by the runner's seeding policies), `k` or
///   `budget` (one of them), `side`, `cost_per_seed` (a number or `{side: cost}`), `start`, `end`,
///   `every`. The action seeds in waves at steps start, start + every, … before end; `k` and
///   `budget` are **per wave** (drip seeding: "k per wave", "budget per wave"), and the cost is the
///   sum over the waves. Without `end` and `every` it acts once, at `start` (read as end = start + 1),
///   exactly as before waves existed; with `every` and no `end`, until the run ends; with `end` and
///   no `every`, every step. Later waves follow the policy's order past the nodes that have adopted
///   (so past every node already chosen); `random` draws each wave afresh.
/// - `broadcast`: `from` (side of the source), `layer`, `to` (sides; default all), `audience`
///   (`all`, the default: every node of the `to` sides; `followers`: only those with an edge on
///   `layer` — an in-edge when it is directed — and then `layer` is required), `reach` (required),
///   `persuasion` (default 1), `credibility` (default: mean credibility of `from`),
///   `cost_per_impression`, `start`, `end`, `every`.
/// - `advocacy`: `side` (required), `fraction` (required), `cost_per_employee_week`, `start`, `end`.
/// - `incentive`: `to` (`adopters` | `promoters`), `reward` (required), `kappa`, `Rstar`,
///   `cost_per_reward`, `start`, `end`, `every`.
/// - `listen`: `responsiveness` (required), `recovery`, `cost_per_response`, `start`, `end`, `every`.
public struct CampaignAction: Sendable, Equatable {
  public enum Kind: String, Sendable, CaseIterable {
    case seed, broadcast, advocacy, incentive, listen
  }

  /// Whom a broadcast can reach on its target sides.
  public enum Audience: String, Sendable, CaseIterable {
    /// Every node of the sides.
    case all
    /// Only the nodes with an edge on the broadcast's layer (an in-edge when directed): "the
    /// brand's followers", modelled as the nodes present on that layer.
    case followers
  }

  public var kind: Kind
  /// `arms.NAME[i].KIND`.
  public var keyPath: String
  /// Where the action's kind key was written.
  public var location: SourceLocation
  /// Where each field was written (field name → place).
  public var locations: [String: SourceLocation] = [:]

  // Schedule: steps start, start + every, … before end (exclusive; nil = to the end of the run).
  public var start = 0
  public var end: Int? = nil
  public var every = 1

  // seed
  public var policy = "random"
  public var k: Int? = nil
  public var budget: Double? = nil
  /// `side` of a seed or advocacy action.
  public var side: String? = nil
  /// Per side; `defaultSeedCost` when `cost_per_seed` is one number.
  public var costPerSeed: [String: Double] = [:]
  public var defaultSeedCost: Double? = nil

  // broadcast
  public var from: String? = nil
  public var layer: String? = nil
  /// Target sides (broadcast; empty = all).
  public var to: [String] = []
  public var audience = Audience.all
  public var reach = 0.0
  public var persuasion = 1.0
  public var credibility: Double? = nil
  public var costPerImpression = 0.0

  // advocacy
  public var fraction = 0.0
  public var costPerEmployeeWeek = 0.0

  // incentive
  /// `adopters` or `promoters`.
  public var rewarded = "adopters"
  public var reward = 0.0
  public var kappa: Double? = nil
  public var rstar: Double? = nil
  public var costPerReward = 0.0

  // listen
  public var responsiveness = 0.0
  public var recovery: Double? = nil
  public var costPerResponse = 0.0

  public init(kind: Kind, keyPath: String, location: SourceLocation) {
    self.kind = kind
    self.keyPath = keyPath
    self.location = location
  }

  /// The cost of one seed on `side` (nil when no cost is given for it).
  public func seedCost(side: String) -> Double? { costPerSeed[side] ?? defaultSeedCost }

  /// A diagnostic at `field` of this action (at the action itself when the field is absent).
  public func diagnostic(_ field: String?, expected: String, found: String, suggestion: String? = nil)
    -> ScenarioDiagnostic
  {
    let at = field.flatMap { locations[$0] } ?? location
    return ScenarioDiagnostic(
      file: at.file, line: at.line, column: at.column, keyPath: field.map { "\(keyPath).\($0)" } ?? keyPath,
      expected: expected, found: found, suggestion: suggestion)
  }

  /// Checks the names this action uses against the graph's sides and layers, and that a budget
  /// buys at least one seed. Used when the scenario is read (generated graphs) and again when a
  /// loaded graph exists.
  public func check(sides: [String], layers: [String]) -> [ScenarioDiagnostic] {
    var found: [ScenarioDiagnostic] = []
    let list = sides.joined(separator: ", ")
    func side(_ name: String, _ field: String) {
      if !sides.contains(name) {
        found.append(
          diagnostic(
            field, expected: "a side of the graph (\(list))", found: "'\(name)'",
            suggestion: closest(to: name, in: sides)))
      }
    }
    if let s = self.side { side(s, "side") }
    if let s = from { side(s, "from") }
    for s in to { side(s, "to") }
    for s in costPerSeed.keys.sorted() { side(s, "cost_per_seed") }
    if let l = layer, !layers.contains(l) {
      found.append(
        diagnostic(
          "layer", expected: "a layer of the graph (\(layers.joined(separator: ", ")))", found: "'\(l)'",
          suggestion: closest(to: l, in: layers)))
    }
    if kind == .seed, let budget {
      let pool = self.side.map { [$0] } ?? sides
      let costs = pool.filter { sides.contains($0) }.map { seedCost(side: $0) }
      if let missing = zip(pool, costs).first(where: { $0.1 == nil || $0.1! <= 0 }) {
        found.append(
          diagnostic(
            "cost_per_seed", expected: "a cost > 0 for every side a budget may buy seeds on",
            found: "none for '\(missing.0)'"))
      } else if let cheapest = costs.compactMap({ $0 }).min(), budget < cheapest {
        found.append(
          diagnostic(
            "budget", expected: "a budget that buys at least one seed (the cheapest costs \(cheapest))",
            found: "\(budget)"))
      }
    }
    return found
  }
}
