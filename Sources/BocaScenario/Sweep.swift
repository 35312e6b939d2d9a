/// The points a scenario runs: which key paths vary, and their values at every point.
///
/// A scenario without `sweep:` has one point and no swept parameters. Point indices are the
/// row order of ``points`` and enter every replicate seed (``BocaRandom/ReplicateSeeds``).
public struct Sweep: Sendable, Equatable {
  /// How the points were chosen.
  public var design: SweepDesign
  /// The swept key paths, in the order they were written (one column each in the tables).
  public var parameters: [String]
  /// One row per point: the value of each parameter, in ``parameters`` order.
  public var points: [[SweepValue]]

  public init(design: SweepDesign, parameters: [String], points: [[SweepValue]]) {
    self.design = design
    self.parameters = parameters
    self.points = points
  }

  /// One point, nothing swept.
  public static let single = Sweep(design: .list, parameters: [], points: [[]])

  /// Groups of points (indices, increasing) with the same value for every parameter, numbers
  /// compared as numbers (`1` and `1.0` are the same). Such points are run as written, each
  /// with its own seeds, but they add replicates of one configuration rather than cover the
  /// design space: an LHS over a count with more points than whole numbers in its range makes
  /// them, and so does a value listed twice.
  public var duplicates: [[Int]] {
    var groups: [[String]: [Int]] = [:]
    var order: [[String]] = []
    for (i, point) in points.enumerated() {
      let key = point.map { v in v.number.map { "\($0)" } ?? v.text }
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(i)
    }
    return order.compactMap { groups[$0]!.count > 1 ? groups[$0] : nil }
  }
}

/// One swept value: a whole number, a number or a word, written into the scenario as its
/// ``text``.
public enum SweepValue: Sendable, Equatable, CustomStringConvertible {
  case int(Int)
  case double(Double)
  case text(String)

  /// The value as a YAML scalar and as a table cell (numbers in shortest round-trip form).
  public var text: String {
    switch self {
    case .int(let v): return String(v)
    case .double(let v): return v.description
    case .text(let s): return s
    }
  }

  public var description: String { text }

  /// The value as a number, when it is one.
  public var number: Double? {
    switch self {
    case .int(let v): return Double(v)
    case .double(let v): return v
    case .text: return nil
    }
  }

  /// Reads a YAML scalar's text: a whole number, a number, or else a word.
  public init(parsing text: String) {
    if let v = Int(text) {
      self = .int(v)
    } else if let v = Double(text), v.isFinite {
      self = .double(v)
    } else {
      self = .text(text)
    }
  }
}

/// What a run of a scenario replicates at each point: a fixed count, or as many as needed for a
/// metric's 95% confidence interval to be narrow enough.
public enum ReplicatePlan: Sendable, Equatable {
  /// Exactly this many replicates per point and arm.
  case fixed(Int)
  /// Replicates in batches until the 95% CI of `metric` is narrow enough (or `max` is reached);
  /// at least `min`. Where differences from a baseline arm are reported (`compare_to`, or
  /// `boca compare`), the CI is that of every arm's paired difference from the baseline,
  /// relative to the baseline's mean; otherwise that of each arm's mean. The rule (never stopping on a sample without variation) is
  /// `BocaRunner.StoppingRule`. Arms at one point always run the same replicates, so paired
  /// differences stay paired.
  case adaptive(metric: String, relativeHalfWidth: Double, min: Int, max: Int, batch: Int)

  /// The default and least `min` of adaptive replicates: below 30 the stopping rule's coverage
  /// is not what it states (`docs/statistics.md`), so a smaller `min` is refused.
  public static let minimumAdaptive = 30

  /// The most replicates one point can take (the seed table's width).
  public var maximum: Int {
    switch self {
    case .fixed(let n): return n
    case .adaptive(_, _, _, let max, _): return max
    }
  }
}

/// One arm of a comparison: a name and key-path overrides applied to the scenario for that arm.
/// (Kept a struct so that campaign actions can join the overrides later.)
public struct ArmSpec: Sendable, Equatable {
  public var name: String
  /// Key path → value as written (`seeds.k: 10`), in file order.
  public var overrides: [ArmOverride]
  /// Campaign actions (none for an arm of overrides only).
  public var actions: [CampaignAction]

  public init(name: String, overrides: [ArmOverride], actions: [CampaignAction] = []) {
    self.name = name
    self.overrides = overrides
    self.actions = actions
  }
}

/// One key-path override of an arm.
public struct ArmOverride: Sendable, Equatable {
  public var keyPath: String
  public var value: String
}
