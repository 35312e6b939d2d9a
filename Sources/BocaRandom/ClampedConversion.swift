extension Int {
  /// `x` rounded toward zero and clamped to `range`; NaN gives the range's lower bound. A
  /// conversion from `Double` that cannot trap, for counts computed from numbers a user wrote
  /// (a budget over a cost, a share of a population), where `Int(x)` traps beyond ±2^63.
  @inlinable public init(clamping x: Double, to range: ClosedRange<Int> = Int.min...Int.max) {
    if x.isNaN || x <= Double(range.lowerBound) {
      self = range.lowerBound
    } else if x >= Double(range.upperBound) {
      self = range.upperBound
    } else {
      self = Swift.max(range.lowerBound, Swift.min(range.upperBound, Int(x.rounded(.towardZero))))
    }
  }
}
