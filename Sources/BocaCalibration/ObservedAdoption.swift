/// Observed adoption times of the nodes of a network: the data a fit is calibrated against.
///
/// Periods are numbered 1…`periods`. `toa[i]` is the period in which node i adopted, or nil when
/// node i is right-censored (not seen to adopt within the observed window). Under the rule
/// ``Censoring/lastPeriod`` every node whose recorded time is the last period T is censored, and the
/// fit uses periods 1…T−1 only: the last value of these data sets mixes late adopters and
/// never-adopters.
public struct ObservedAdoption: Sendable, Equatable {
  /// How right-censoring is stated in the scenario.
  public enum Censoring: Sendable, Equatable {
    /// The last recorded period mixes late adopters and never-adopters: censored, not fitted.
    case lastPeriod
    /// A value of the toa column that means "not adopted by the end" (e.g. 99 or NaN).
    case value(Double)
  }

  /// Number of nodes (the graph's node count; node i is the graph's node i).
  public let nodeCount: Int
  /// The last period that is fitted (T − 1 under ``Censoring/lastPeriod``).
  public let periods: Int
  /// Each node's adoption period in 1…`periods`, nil when censored.
  public let toa: [Int?]
  /// Each node's side index (into the graph's side names), for per-side curves.
  public let nodeSide: [UInt16]
  /// Side names (may be empty: one side).
  public let sideNames: [String]

  public init(nodeCount: Int, periods: Int, toa: [Int?], nodeSide: [UInt16], sideNames: [String]) {
    precondition(toa.count == nodeCount && (nodeSide.isEmpty || nodeSide.count == nodeCount))
    self.nodeCount = nodeCount
    self.periods = periods
    self.toa = toa
    self.nodeSide = nodeSide
    self.sideNames = sideNames
  }

  /// Cumulative fraction of adopters by the end of each period 1…`periods`: of all n nodes, or
  /// with `side`, of that side's nodes (zeros for a side without nodes).
  public func cumulativeFraction(side: Int? = nil) -> [Double] {
    var counts = [Int](repeating: 0, count: periods + 1)
    var size = 0
    for i in 0..<nodeCount where side == nil || Int(nodeSide[i]) == side {
      size += 1
      if let t = toa[i], t >= 1, t <= periods { counts[t] += 1 }
    }
    var total = 0
    return (0..<periods).map { t in
      total += counts[t + 1]
      return Double(total) / Double(max(size, 1))
    }
  }
}
