/// The kind of value a parameter takes: its schema type.
///
/// Declared once per model parameter (``ModelEntry/parameters``) and per scenario key
/// (`BocaScenario.ScenarioSchema`); the sweep planner types swept values by it (a range over a
/// count gives whole numbers, over anything else real numbers, however the bounds are written)
/// and checks a range's bounds against it.
public enum ValueKind: Sendable, Equatable, CustomStringConvertible {
  /// A whole number ≥ `minimum` (a count: steps, k, m, an absolute threshold).
  case count(minimum: Int)
  /// A probability, a real number in [0, 1].
  case probability
  /// A real number ≥ 0 (a rate, a slope, a strength, a cost).
  case nonNegative
  /// Any real number.
  case real
  /// A word: one of `allowed`, or free text (a side, a list of layers) when `allowed` is empty.
  case word(allowed: [String])
  /// Original node ids of the graph, comma-separated (`seeds_b: 3,17`): only the graph itself
  /// can say whether they exist, so they are checked once it is built, not on a stand-in.
  case nodeIDs

  /// Whether values are whole numbers.
  public var isWhole: Bool {
    if case .count = self { return true }
    return false
  }

  /// Whether values are numbers.
  public var isNumber: Bool {
    switch self {
    case .word, .nodeIDs: return false
    default: return true
    }
  }

  /// The closed interval numbers of this kind lie in (`nil` for words).
  public var bounds: ClosedRange<Double>? {
    switch self {
    case .count(let minimum): return Double(minimum)...9_007_199_254_740_992  // 2^53: whole in a Double and an Int
    case .probability: return 0...1
    case .nonNegative: return 0...Double.greatestFiniteMagnitude
    case .real: return -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
    case .word, .nodeIDs: return nil
    }
  }

  /// How the kind reads in messages: "a whole number ≥ 1", "a probability in [0, 1]"…
  public var description: String {
    switch self {
    case .count(let minimum): return "a whole number ≥ \(minimum)"
    case .probability: return "a probability in [0, 1]"
    case .nonNegative: return "a real number ≥ 0"
    case .real: return "a real number"
    case .word(let allowed): return allowed.isEmpty ? "a word" : "one of \(allowed.joined(separator: ", "))"
    case .nodeIDs: return "node ids of the graph"
    }
  }
}

/// One parameter a model reads: its key (the symbol of its documented equation) and its kind.
public struct ParameterSpec: Sendable, Equatable {
  public let name: String
  public let kind: ValueKind

  public init(_ name: String, _ kind: ValueKind) {
    self.name = name
    self.kind = kind
  }

  /// Parameters of one kind, in order.
  public static func many(_ names: [String], _ kind: ValueKind) -> [ParameterSpec] {
    names.map { ParameterSpec($0, kind) }
  }
}
