import BocaModels

/// What one replicate reports.
public struct ReplicateOutcome: Sendable {
  /// Nodes ever active, seeds included.
  public var spread: Int
  /// Spread per side, in the graph's side order.
  public var bySide: [Int]
  /// Cumulative active count after each step (step 0 = seeds), when recorded.
  public var steps: [Int]
  /// Cumulative active count per step and side (step-major), when recorded.
  public var stepsBySide: [Int]
  /// Names of the model's per-state counts.
  public var stateNames: [String]
  /// Per-step state counts (step-major), when recorded.
  public var stateCounts: [Int]
  /// The campaign's cost in this replicate (0 without campaign actions).
  public var cost: Double = 0
  /// Adopters placed by a seed: the initial seeds (campaign seed actions at step 0 included) and
  /// the nodes adopted by later seed actions. The rest of `spread` is `organic`.
  public var seeded = 0
  /// Adopters not placed by a seed (word of mouth, advertising, broadcasts…): `spread − seeded`.
  public var organic: Int { spread - seeded }
}

extension ReplicateOutcome {
  /// Summarises a trace: final spread by side and, when recorded, the cumulative curve by side.
  init(trace: ReplicateTrace, spread: Int, sideOf: [UInt16], sides: Int) {
    var bySide = [Int](repeating: 0, count: sides)
    var stepsBySide: [Int] = []
    if trace.recording {
      var start = 0
      for end in trace.stepEnds {
        for v in trace.order[start..<end] { bySide[Int(sideOf[Int(v)])] += 1 }
        stepsBySide.append(contentsOf: bySide)
        start = end
      }
      for v in trace.order[start...] { bySide[Int(sideOf[Int(v)])] += 1 }
    } else {
      for v in trace.order { bySide[Int(sideOf[Int(v)])] += 1 }
    }
    self.init(
      spread: spread, bySide: bySide, steps: trace.stepEnds, stepsBySide: stepsBySide, stateNames: trace.stateNames,
      stateCounts: trace.stateCounts)
  }
}

extension ReplicateOutcome {
  /// How many of the initial `seeds` adopted: the distinct seeds at the head of the adoption
  /// `order` (every model adopts its seeds first, ``BocaModels/ReplicateTrace/order``).
  static func initialSeeded(_ seeds: [UInt32], order: [UInt32]) -> Int {
    guard !seeds.isEmpty else { return 0 }
    let set = Set(seeds)
    return order.prefix(set.count).reduce(0) { $0 + (set.contains($1) ? 1 : 0) }
  }
}
