/// The largest whole numbers a scenario may give where a larger one would overflow a step or
/// count computed from it, or run for ever; each is refused at validation, at its line, above
/// these (documented in `scenarios/README.md`, "Limits"). Real numbers (budgets, costs, rates)
/// are checked for their own ranges where they are read, and every count computed from them is
/// clamped (`Int(clamping:to:)`), so no value converts with a trap.
public enum NumericRanges {
  /// The most steps a run may record, and the latest step a campaign schedule or a time-series
  /// interval may name.
  public static let maximumSteps = 1_000_000
  /// The most replicates per point and arm (fixed, or an adaptive rule's `max`, `min`, `batch`).
  public static let maximumReplicates = 1_000_000_000
  /// The most seeds a campaign budget may buy (`budget / cost_per_seed`): the most nodes a graph
  /// may have. A budget that buys more is beyond any count and refused.
  public static let maximumSeeds = Double(UInt32.max - 1)
  /// The most values a sweep range or sample may produce (`steps` of a range, `sweep.n`).
  public static let maximumSweepValues = 1_000_000
}
