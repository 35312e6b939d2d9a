/// The mean curves of one point × arm over all its replicates, from `timeseries` rows.
///
/// A replicate's rows stop at its own last step when its cascade finished before the others (or
/// when the run has no horizon). Averaging only the rows present at each step would average only
/// the replicates still running, biasing the curve towards the slow, large cascades. Here every
/// replicate counts at every step up to the common horizon (the largest last step of the
/// point × arm; the scenario's `steps` when it has one, since then every replicate is written up
/// to it): a replicate that stopped carries its final state forward. A step is reported when
/// every replicate still running at it has a row there (so with `timeseries_every: k` the steps
/// are 0, k, 2k, … and the horizon, not a finished replicate's own last step). The last point of
/// the mean adopters curve is then the mean final spread.
public struct CurveAccumulator {
  /// One reported step of one curve (side, state).
  public struct Point: Equatable {
    public var side: String
    public var state: String
    public var step: Int
    /// Replicates averaged (all of them) and those whose own rows reach this step.
    public var n: Int
    public var running: Int
    public var summary: MeanSummary
  }

  private struct Key: Hashable {
    var side: String
    var state: String
  }

  /// Per curve (in first-seen order): per replicate, its rows as (step, value), in step order.
  private var order: [Key] = []
  private var series: [Key: [Int: [(step: Int, value: Double)]]] = [:]

  public init() {}

  public var isEmpty: Bool { order.isEmpty }

  /// Adds one row; rows of a replicate come in step order.
  public mutating func add(replicate: Int, step: Int, side: String, state: String, value: Double) {
    let key = Key(side: side, state: state)
    if series[key] == nil {
      order.append(key)
      series[key] = [:]
    }
    series[key]![replicate, default: []].append((step, value))
  }

  /// The reported points, per curve in first-seen order and by step.
  public func points() -> [Point] {
    var result: [Point] = []
    for key in order {
      let replicates = series[key]!.sorted { $0.key < $1.key }.map(\.value).filter { !$0.isEmpty }
      guard !replicates.isEmpty else { continue }
      let lastSteps = replicates.map { $0.last!.step }
      let steps = Set(replicates.flatMap { $0.map(\.step) }).sorted()
      var cursor = [Int](repeating: 0, count: replicates.count)
      for t in steps {
        var values: [Double] = []
        values.reserveCapacity(replicates.count)
        var running = 0
        var complete = true
        for (i, rows) in replicates.enumerated() {
          while cursor[i] < rows.count && rows[cursor[i]].step < t { cursor[i] += 1 }
          if lastSteps[i] >= t {
            running += 1
            guard cursor[i] < rows.count, rows[cursor[i]].step == t else {
              complete = false
              break
            }
            values.append(rows[cursor[i]].value)
          } else {
            values.append(rows[rows.count - 1].value)
          }
        }
        guard complete else { continue }
        result.append(
          Point(
            side: key.side, state: key.state, step: t, n: values.count, running: running,
            summary: MeanSummary(values)))
      }
    }
    return result
  }
}
