import Foundation

/// PRIM, the Patient Rule Induction Method of Friedman & Fisher (1999), as the EMA workbench
/// (Kwakkel & Jaxa-Rozen 2016) reports it: a box of parameter ranges in which a boolean
/// condition is dense, found by peeling thin slices off the data and pasting some back.
///
/// Rows are `x` (n rows × d parameters) with a condition `y`. Peeling removes, at each step,
/// the `alpha` quantile slice on one side of one dimension that most increases the box's mean
/// of `y` (the original objective), as long as the box keeps a mass of at least `massMin`.
/// The trajectory of boxes gives the coverage–density trade-off. The chosen box (see
/// ``Selection``) is then pasted: a slice of `pasteAlpha` × (rows in the box) is added back on
/// the side that raises the density most, while the density does not fall. Last, restrictions
/// with a quasi-p-value above `pDrop` are dropped.
public struct Prim: Sendable {
  /// Share of the box's rows peeled off per step (0.05 as in Friedman & Fisher and the EMA
  /// workbench).
  public var alpha: Double
  /// Share of the box's rows pasted back per pasting step.
  public var pasteAlpha: Double
  /// Smallest share of all rows a box may keep (the peel that would go below it is not taken).
  public var massMin: Double
  /// A restriction of the chosen box whose quasi-p-value is above this is dropped (the least
  /// significant first, then the others re-assessed): a bound that chance alone explains is not
  /// reported. 1 keeps every restriction (the EMA workbench leaves dropping to the user).
  public var pDrop: Double

  public init(alpha: Double = 0.05, pasteAlpha: Double = 0.05, massMin: Double = 0.05, pDrop: Double = 0.05) {
    self.alpha = alpha
    self.pasteAlpha = pasteAlpha
    self.massMin = massMin
    self.pDrop = pDrop
  }

  /// How one box is chosen from a peeling trajectory.
  public enum Selection: Sendable, Equatable {
    /// The box with the largest coverage × density (a balance of the two; the default).
    case balanced
    /// The box with the largest coverage among those with density ≥ the target (the first such
    /// box along the trajectory when density rises as it peels); the densest if none reaches it.
    case density(Double)
    /// The box with the largest density among those with coverage ≥ the target; the first box
    /// if none reaches it.
    case coverage(Double)
    /// The box at this step of the trajectory (0 is the whole data; clamped to the last step).
    case step(Int)
  }

  /// A box: a range per dimension, with its statistics over the rows it was found on.
  public struct Box: Sendable, Equatable {
    public var low: [Double]
    public var high: [Double]
    /// Share of all rows meeting the condition that lie in the box (over the rows of the whole
    /// data set, also for later boxes of a covering).
    public var coverage: Double
    /// Share of the box's rows meeting the condition.
    public var density: Double
    /// Share of all rows in the box.
    public var mass: Double
    /// Rows in the box, and those of them that meet the condition.
    public var count: Int
    public var hits: Int
  }

  /// One box of a covering: its peeling trajectory, the chosen step, the chosen box after
  /// pasting, and per dimension whether its range is restricted and the quasi-p-value.
  public struct Result: Sendable {
    public var trajectory: [Box]
    public var pasting: [Box]
    public var chosenStep: Int
    public var box: Box
    /// A dimension is restricted when a bound of the box differs from the range of the data.
    public var restricted: [Bool]
    /// Per restricted dimension, the one-sided binomial probability of at least the box's hits
    /// among its rows at the density of the box with that dimension's restriction removed (the
    /// EMA workbench's quasi-p-value); `nil` for unrestricted dimensions.
    public var pValue: [Double?]
    /// Dimensions whose restriction was dropped for a quasi-p-value above ``Prim/pDrop``, in order.
    public var dropped: [Int]
  }

  public enum PrimError: Error, CustomStringConvertible, Equatable {
    case noRows
    case ragged(row: Int, expected: Int, found: Int)
    case countMismatch(rows: Int, labels: Int)
    case notFinite(row: Int, column: Int)
    case badSetting(String)

    public var description: String {
      switch self {
      case .noRows: return "PRIM needs at least one row"
      case .ragged(let row, let expected, let found):
        return "row \(row) has \(found) values, expected \(expected)"
      case .countMismatch(let rows, let labels): return "\(rows) rows but \(labels) condition values"
      case .notFinite(let row, let column): return "row \(row), column \(column): not a finite number"
      case .badSetting(let s): return s
      }
    }
  }

  /// Finds up to `boxes` boxes (a covering: the rows of each box are removed before the next
  /// one is sought; it stops early when no row left meets the condition).
  public func run(x: [[Double]], y: [Bool], selection: Selection = .balanced, boxes: Int = 1) throws -> [Result] {
    guard alpha > 0, alpha < 0.5, pasteAlpha > 0, pasteAlpha < 1, massMin >= 0, massMin < 1, pDrop >= 0, pDrop <= 1
    else {
      throw PrimError.badSetting("PRIM needs 0 < alpha < 0.5, 0 < paste alpha < 1, 0 ≤ mass min < 1 and 0 ≤ p-drop ≤ 1")
    }
    guard !x.isEmpty else { throw PrimError.noRows }
    guard x.count == y.count else { throw PrimError.countMismatch(rows: x.count, labels: y.count) }
    let d = x[0].count
    var columns = [[Double]](repeating: [Double](repeating: 0, count: x.count), count: d)
    for (i, row) in x.enumerated() {
      guard row.count == d else { throw PrimError.ragged(row: i, expected: d, found: row.count) }
      for j in 0..<d {
        guard row[j].isFinite else { throw PrimError.notFinite(row: i, column: j) }
        columns[j][i] = row[j]
      }
    }
    let data = Data(columns: columns, y: y)
    var remaining = Array(0..<x.count)
    var results: [Result] = []
    for _ in 0..<max(1, boxes) {
      guard remaining.contains(where: { y[$0] }) else { break }
      let result = findBox(data, rows: remaining, selection: selection)
      results.append(result)
      remaining = remaining.filter { !data.contains(row: $0, low: result.box.low, high: result.box.high) }
      if remaining.isEmpty { break }
    }
    return results
  }

  struct Data {
    let columns: [[Double]]
    let y: [Bool]
    let totalHits: Int
    let low: [Double]
    let high: [Double]

    init(columns: [[Double]], y: [Bool]) {
      self.columns = columns
      self.y = y
      totalHits = y.reduce(0) { $0 + ($1 ? 1 : 0) }
      low = columns.map { $0.min() ?? 0 }
      high = columns.map { $0.max() ?? 0 }
    }

    var n: Int { y.count }

    func contains(row i: Int, low: [Double], high: [Double]) -> Bool {
      for j in 0..<columns.count where columns[j][i] < low[j] || columns[j][i] > high[j] { return false }
      return true
    }

    func box(low: [Double], high: [Double], rows: [Int]) -> Box {
      var count = 0
      var hits = 0
      for i in rows where contains(row: i, low: low, high: high) {
        count += 1
        if y[i] { hits += 1 }
      }
      return Box(
        low: low, high: high, coverage: totalHits > 0 ? Double(hits) / Double(totalHits) : 0,
        density: count > 0 ? Double(hits) / Double(count) : 0, mass: Double(count) / Double(n), count: count,
        hits: hits)
    }
  }

  func findBox(_ data: Data, rows: [Int], selection: Selection) -> Result {
    let d = data.columns.count
    let minCount = Int((massMin * Double(data.n)).rounded(.up))
    var low = rows.isEmpty ? data.low : (0..<d).map { j in rows.map { data.columns[j][$0] }.min()! }
    var high = rows.isEmpty ? data.high : (0..<d).map { j in rows.map { data.columns[j][$0] }.max()! }
    var inBox = rows
    var trajectory = [data.box(low: low, high: high, rows: rows)]
    var hits = trajectory[0].hits
    // Peeling.
    while true {
      var best: (density: Double, count: Int, j: Int, upper: Bool, bound: Double)? = nil
      for j in 0..<d {
        let values = inBox.map { data.columns[data.columns.startIndex + j][$0] }.sorted()
        let m = values.count
        // At least one row per peel (a small box peels faster than alpha, as with quantiles).
        guard m >= 2 else { continue }
        let k = max(1, Int(alpha * Double(m)))
        for upper in [false, true] {
          var bound = upper ? values[m - 1 - k] : values[k]
          // Ties at the edge (a grid): peel the whole group of the edge value, as the EMA
          // workbench does, rather than nothing.
          if upper, bound == values[m - 1] {
            guard let next = values.last(where: { $0 < values[m - 1] }) else { continue }
            bound = next
          } else if !upper, bound == values[0] {
            guard let next = values.first(where: { $0 > values[0] }) else { continue }
            bound = next
          }
          var removed = 0
          var removedHits = 0
          for i in inBox {
            let v = data.columns[j][i]
            if upper ? v > bound : v < bound {
              removed += 1
              if data.y[i] { removedHits += 1 }
            }
          }
          let count = inBox.count - removed
          guard removed > 0, count >= max(1, minCount) else { continue }
          let density = Double(hits - removedHits) / Double(count)
          if best == nil || density > best!.density || (density == best!.density && count > best!.count) {
            best = (density, count, j, upper, bound)
          }
        }
      }
      guard let step = best else { break }
      if step.upper { high[step.j] = step.bound } else { low[step.j] = step.bound }
      inBox = inBox.filter { data.columns[step.j][$0] >= low[step.j] && data.columns[step.j][$0] <= high[step.j] }
      let box = data.box(low: low, high: high, rows: inBox)
      hits = box.hits
      trajectory.append(box)
    }
    let chosen = Prim.choose(trajectory, selection)
    // Pasting the chosen box.
    var box = trajectory[chosen]
    var pasting: [Box] = []
    let boxLow = rows.isEmpty ? data.low : trajectory[0].low
    let boxHigh = rows.isEmpty ? data.high : trajectory[0].high
    while true {
      let k = max(1, Int(pasteAlpha * Double(box.count)))
      var best: Box? = nil
      for j in 0..<d {
        for upper in [false, true] {
          // Rows outside the box only in dimension j, on this side.
          var outside: [Double] = []
          for i in rows {
            let v = data.columns[j][i]
            guard upper ? v > box.high[j] : v < box.low[j] else { continue }
            var other = true
            for l in 0..<d where l != j && (data.columns[l][i] < box.low[l] || data.columns[l][i] > box.high[l]) {
              other = false
              break
            }
            if other { outside.append(v) }
          }
          guard !outside.isEmpty else { continue }
          outside.sort()
          var newLow = box.low
          var newHigh = box.high
          if upper {
            newHigh[j] = outside[min(k, outside.count) - 1]
          } else {
            newLow[j] = outside[outside.count - min(k, outside.count)]
          }
          let candidate = data.box(low: newLow, high: newHigh, rows: rows)
          if candidate.density >= box.density, best == nil || candidate.density > best!.density {
            best = candidate
          }
        }
      }
      guard let next = best else { break }
      box = next
      pasting.append(next)
    }
    // Restrictions and their quasi-p-values; a restriction whose quasi-p-value exceeds
    // `pDrop` (the least significant first) is dropped and the rest recomputed.
    func assess(_ box: Box) -> (restricted: [Bool], pValue: [Double?]) {
      var restricted = [Bool](repeating: false, count: d)
      var pValue = [Double?](repeating: nil, count: d)
      for j in 0..<d where box.low[j] > boxLow[j] || box.high[j] < boxHigh[j] {
        restricted[j] = true
        var freeLow = box.low
        var freeHigh = box.high
        freeLow[j] = boxLow[j]
        freeHigh[j] = boxHigh[j]
        let free = data.box(low: freeLow, high: freeHigh, rows: rows)
        let p = free.count > 0 ? Double(free.hits) / Double(free.count) : 0
        pValue[j] = Prim.binomialUpperTail(atLeast: box.hits, of: box.count, p: p)
      }
      return (restricted, pValue)
    }
    var (restricted, pValue) = assess(box)
    var dropped: [Int] = []
    while let j = (0..<d).filter({ (pValue[$0] ?? 0) > pDrop }).max(by: { pValue[$0]! < pValue[$1]! }) {
      var low = box.low
      var high = box.high
      low[j] = boxLow[j]
      high[j] = boxHigh[j]
      box = data.box(low: low, high: high, rows: rows)
      dropped.append(j)
      (restricted, pValue) = assess(box)
    }
    return Result(
      trajectory: trajectory, pasting: pasting, chosenStep: chosen, box: box, restricted: restricted, pValue: pValue,
      dropped: dropped)
  }

  /// The index of the box that `selection` picks from a trajectory (never empty).
  public static func choose(_ trajectory: [Box], _ selection: Selection) -> Int {
    let indices = Array(trajectory.indices)
    switch selection {
    case .balanced:
      return indices.max {
        trajectory[$0].coverage * trajectory[$0].density < trajectory[$1].coverage * trajectory[$1].density
      }!
    case .density(let target):
      let dense = indices.filter { trajectory[$0].density >= target }
      if dense.isEmpty { return indices.max { trajectory[$0].density < trajectory[$1].density }! }
      return dense.max { trajectory[$0].coverage < trajectory[$1].coverage }!
    case .coverage(let target):
      let covering = indices.filter { trajectory[$0].coverage >= target }
      if covering.isEmpty { return 0 }
      return covering.max { trajectory[$0].density < trajectory[$1].density }!
    case .step(let s):
      return min(max(0, s), trajectory.count - 1)
    }
  }

  /// P(X ≥ k) for X ~ Binomial(n, p), summed in log space.
  public static func binomialUpperTail(atLeast k: Int, of n: Int, p: Double) -> Double {
    if k <= 0 { return 1 }
    if k > n { return 0 }
    if p <= 0 { return 0 }
    if p >= 1 { return 1 }
    let logP = Foundation.log(p)
    let logQ = Foundation.log1p(-p)
    var logFactorial = [Double](repeating: 0, count: n + 1)
    for i in stride(from: 2, through: n, by: 1) { logFactorial[i] = logFactorial[i - 1] + Foundation.log(Double(i)) }
    var terms: [Double] = []
    terms.reserveCapacity(n - k + 1)
    for i in k...n {
      terms.append(logFactorial[n] - logFactorial[i] - logFactorial[n - i] + Double(i) * logP + Double(n - i) * logQ)
    }
    let top = terms.max()!
    let sum = terms.reduce(0) { $0 + Foundation.exp($1 - top) }
    return min(1, Foundation.exp(top + Foundation.log(sum)))
  }
}
