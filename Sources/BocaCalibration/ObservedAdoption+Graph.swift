import BocaGraph

extension ObservedAdoption {
  /// The adoption times in column `column` of the graph's node table, under `censoring`.
  ///
  /// - ``Censoring/lastPeriod``: T is the largest value; nodes with value T are censored and the
  ///   fitted periods are 1…T−1. Every cell must hold a whole number ≥ 1.
  /// - ``Censoring/value(_:)``: cells equal to the value, and empty or non-numeric cells (`NA`),
  ///   are censored; the fitted periods are 1…(largest other value).
  ///
  /// - Throws: ``FitError/data(_:)`` naming the column, the node (as the table names it) and the
  ///   value when the column is missing or a value is not a period.
  public init(graph: MultiplexGraph, column: String, censoring: Censoring) throws {
    guard let values = graph.attributes[column] else {
      let known = graph.attributes.keys.sorted()
      throw FitError.dataValue(
        key: "data.toa", expected: "a column of the node table holding adoption times",
        found: "no column '\(column)' (columns: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
    }
    var toa = [Int?](repeating: nil, count: graph.nodeCount)
    var last = 0
    for i in 0..<graph.nodeCount {
      let v = values[i]
      if case .value(let x) = censoring, v.isNaN || v == x { continue }
      guard v.isFinite, v >= 1, v == v.rounded(), v < Double(Int32.max) else {
        let shown = v.isNaN ? "an empty or non-numeric cell" : "\(v)"
        let hint =
          censoring == .lastPeriod && v.isNaN ? " (to read empty cells as not adopted, use censoring: {value: …})" : ""
        throw FitError.dataValue(
          key: "data.toa",
          expected: "a period (a whole number ≥ 1) in column '\(column)'",
          found: "\(shown) for node \(graph.nodeLabel(i))\(hint)")
      }
      toa[i] = Int(v)
      last = max(last, Int(v))
    }
    var periods = last
    if censoring == .lastPeriod {
      periods = last - 1
      for i in toa.indices where toa[i] == last { toa[i] = nil }
    }
    guard periods >= 1 else {
      throw FitError.dataValue(
        key: "data.censoring", expected: "adoptions in at least one period before the censored end",
        found: "none in column '\(column)' (last period \(last))")
    }
    self.init(
      nodeCount: graph.nodeCount, periods: periods, toa: toa, nodeSide: graph.nodeSide, sideNames: graph.sideNames)
  }

}
