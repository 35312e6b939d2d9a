import Yams

/// One action of a campaign arm (`arms: {NAME: [ {KIND: {…}}, … ]}`), as written; the schema and
/// every cost formula are in `scenarios/README.md` ("Campaigns") and `docs/wom.md` §10.
///
/// Each kind is one payload type that owns its keys: it decodes them (``CampaignActionPayload``,
/// one exhaustive `switch` over its `Field` enum, so a key added to a kind must be read), checks
/// them against the graph (``check(sides:layers:)``) and, in BocaRunner, plans itself
/// (`CampaignPlanner`). Kinds and their fields are documented on the payload types:
/// ``SeedAction``, ``BroadcastAction``, ``AdvocacyAction``, ``IncentiveAction``, ``ListenAction``.
public enum CampaignAction: Sendable, Equatable {
  case seed(SeedAction)
  case broadcast(BroadcastAction)
  case advocacy(AdvocacyAction)
  case incentive(IncentiveAction)
  case listen(ListenAction)

  public enum Kind: String, Sendable, CaseIterable {
    case seed, broadcast, advocacy, incentive, listen
  }

  public var kind: Kind { payload.kind }

  /// The action's payload, whatever its kind.
  public var payload: any CampaignActionPayload {
    switch self {
    case .seed(let a): return a
    case .broadcast(let a): return a
    case .advocacy(let a): return a
    case .incentive(let a): return a
    case .listen(let a): return a
    }
  }

  /// Where the action was written.
  public var site: ActionSite { payload.site }
  /// When it acts.
  public var schedule: ActionSchedule { payload.schedule }

  /// A diagnostic at `field` of this action (at the action itself when the field is absent).
  public func diagnostic(
    _ field: String?, expected: String, found: String, suggestion: String? = nil, cause: CampaignProblem? = nil
  ) -> ScenarioDiagnostic {
    site.diagnostic(field, expected: expected, found: found, suggestion: suggestion, cause: cause)
  }

  /// Checks the names this action uses against the graph's sides and layers, and that a budget
  /// buys at least one seed. Used when the scenario is read (generated graphs) and again when a
  /// loaded graph exists.
  public func check(sides: [String], layers: [String]) -> [ScenarioDiagnostic] {
    payload.check(sides: sides, layers: layers)
  }

  /// Reads the body of a `KIND: {…}` action at `keyPath`; nil (with diagnostics in `r`) when it
  /// is not a mapping.
  static func decode(_ kind: Kind, _ node: Node, keyPath: String, _ r: ScenarioReader) -> CampaignAction? {
    switch kind {
    case .seed: return decode(SeedAction.self, node, keyPath: keyPath, r).map(CampaignAction.seed)
    case .broadcast: return decode(BroadcastAction.self, node, keyPath: keyPath, r).map(CampaignAction.broadcast)
    case .advocacy: return decode(AdvocacyAction.self, node, keyPath: keyPath, r).map(CampaignAction.advocacy)
    case .incentive: return decode(IncentiveAction.self, node, keyPath: keyPath, r).map(CampaignAction.incentive)
    case .listen: return decode(ListenAction.self, node, keyPath: keyPath, r).map(CampaignAction.listen)
    }
  }

  /// The one decoder of every kind: unknown keys are refused by the reader (file, line, key, the
  /// kind's keys), required keys reported when missing, each key read by the payload, then the
  /// checks that need several keys.
  static func decode<P: CampaignActionPayload>(_ type: P.Type, _ node: Node, keyPath: String, _ r: ScenarioReader)
    -> P?
  {
    guard let fields = r.mapping(node, keyPath, allowed: P.Field.allCases.map(\.rawValue)) else { return nil }
    var a = P(site: ActionSite(keyPath: keyPath, location: r.location(node)))
    for required in P.required where !fields.contains(where: { $0.key == required.rawValue }) {
      r.report(node, "\(keyPath).\(required.rawValue)", expected: "the key '\(required.rawValue)'", found: "nothing")
    }
    var given: [P.Field: Node] = [:]
    for (key, v) in fields {
      // The reader kept only the kind's keys, so every key names a field.
      guard let field = P.Field(rawValue: key) else { continue }
      a.site.locations[key] = r.location(v)
      given[field] = v
      a.read(field, v, path: "\(keyPath).\(key)", r)
    }
    if let end = a.schedule.end, end <= a.schedule.start {
      r.report(
        fields.first { $0.key == "end" }?.node, "\(keyPath).end", expected: "an end after start (\(a.schedule.start))",
        found: "\(end)")
    }
    a.finish(given: given, node, r)
    return a
  }
}

/// What every kind of campaign action is: its keys, how it reads them and checks them.
public protocol CampaignActionPayload: Sendable, Equatable {
  /// The kind's keys, in the order the "one of the keys …" message lists them.
  associatedtype Field: RawRepresentable, CaseIterable, Hashable where Field.RawValue == String
  static var kind: CampaignAction.Kind { get }
  /// Keys that must be written.
  static var required: [Field] { get }
  var site: ActionSite { get set }
  var schedule: ActionSchedule { get }
  init(site: ActionSite)
  /// Reads one key (its value at `v`, key path `path`), reporting a bad value to `r`.
  mutating func read(_ field: Field, _ v: Node, path: String, _ r: ScenarioReader)
  /// The checks and defaults that need several keys (`given`: the keys written, with their values).
  mutating func finish(given: [Field: Node], _ node: Node, _ r: ScenarioReader)
  /// Checks the sides and layers the action names against the graph's.
  func check(sides: [String], layers: [String]) -> [ScenarioDiagnostic]
}

extension CampaignActionPayload {
  public var kind: CampaignAction.Kind { Self.kind }
  public mutating func finish(given: [Field: Node], _ node: Node, _ r: ScenarioReader) {}
  public func check(sides: [String], layers: [String]) -> [ScenarioDiagnostic] { [] }
}

/// Where an action was written: its key path (`arms.NAME[i].KIND`), the place of its kind key and
/// of each field, for diagnostics after the file is read.
public struct ActionSite: Sendable, Equatable {
  /// `arms.NAME[i].KIND`.
  public var keyPath: String
  /// Where the action's kind key was written.
  public var location: SourceLocation
  /// Where each field was written (field name → place).
  public var locations: [String: SourceLocation] = [:]

  public init(keyPath: String, location: SourceLocation, locations: [String: SourceLocation] = [:]) {
    self.keyPath = keyPath
    self.location = location
    self.locations = locations
  }

  /// A diagnostic at `field` of this action (at the action itself when the field is absent).
  public func diagnostic(
    _ field: String?, expected: String, found: String, suggestion: String? = nil, cause: CampaignProblem? = nil
  ) -> ScenarioDiagnostic {
    let at = field.flatMap { locations[$0] } ?? location
    return ScenarioDiagnostic(
      file: at.file, line: at.line, column: at.column, keyPath: field.map { "\(keyPath).\($0)" } ?? keyPath,
      expected: expected, found: found, suggestion: suggestion, cause: cause.map(DiagnosticCause.campaign))
  }

  /// Diagnostics for the names in `names` (at `field`) that are not sides of the graph.
  func unknownSides(_ names: [String], _ field: String, sides: [String]) -> [ScenarioDiagnostic] {
    names.filter { !sides.contains($0) }.map { name in
      diagnostic(
        field, expected: "a side of the graph (\(sides.joined(separator: ", ")))", found: "'\(name)'",
        suggestion: closest(to: name, in: sides), cause: .unknownSide(name))
    }
  }

  /// A diagnostic at `layer` when `name` is not a layer of the graph.
  func unknownLayer(_ name: String?, layers: [String]) -> [ScenarioDiagnostic] {
    guard let name, !layers.contains(name) else { return [] }
    return [
      diagnostic(
        "layer", expected: "a layer of the graph (\(layers.joined(separator: ", ")))", found: "'\(name)'",
        suggestion: closest(to: name, in: layers), cause: .unknownLayer(name))
    ]
  }
}

/// When an action acts: steps start, start + every, … before end (exclusive; nil = to the end of
/// the run).
public struct ActionSchedule: Sendable, Equatable {
  public var start = 0
  public var end: Int? = nil
  public var every = 1

  public init(start: Int = 0, end: Int? = nil, every: Int = 1) {
    self.start = start
    self.end = end
    self.every = every
  }

  /// Reads `start` (0 when bad).
  mutating func readStart(_ v: Node, _ path: String, _ r: ScenarioReader) {
    start = r.int(v, path, min: 0, max: NumericRanges.maximumSteps) ?? 0
  }

  /// Reads `end` (nil when bad).
  mutating func readEnd(_ v: Node, _ path: String, _ r: ScenarioReader) {
    end = r.int(v, path, min: 0, max: NumericRanges.maximumSteps + 1)
  }

  /// Reads `every` (1 when bad).
  mutating func readEvery(_ v: Node, _ path: String, _ r: ScenarioReader) {
    every = r.int(v, path, min: 1, max: NumericRanges.maximumSteps) ?? 1
  }
}

extension ScenarioReader {
  /// One of `choices` (by raw value), reporting anything else with a "did you mean".
  func choice<C: RawRepresentable & CaseIterable>(_ v: Node, _ path: String, _: C.Type) -> C?
  where C.RawValue == String {
    guard let text = string(v, path) else { return nil }
    if let c = C(rawValue: text) { return c }
    let names = C.allCases.map(\.rawValue)
    report(
      v, path, expected: names.joined(separator: " or "), found: "'\(text)'", suggestion: closest(to: text, in: names))
    return nil
  }
}
