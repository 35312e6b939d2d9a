import BocaGraph
import BocaModels
import BocaRandom

/// Simulates cumulative adoption curves of a Boca model, period by period, for calibration.
///
/// ## Periods
/// A model's step 0 is its initial state (the seed nodes, if any, have adopted); step t ≥ 1 is
/// the t-th round of adoption. The data's period 1 is the first period anyone can adopt, so
/// period t is step t: the curve value of period t is the share of nodes that adopted by the
/// end of step t (seeds included). Without seeds adoption starts from the external influence
/// (Bass's p, wom's p, Goldenberg's α). A replicate that stops early (everyone adopted or nothing
/// can change) keeps its last value for the remaining periods.
///
/// ## Layout
/// ``simulate(model:seeds:rng:replicates:)`` leaves in ``curves`` the mean over `replicates`
/// replicates of the overall curve (values 0..<T) followed by each side's curve (the share of
/// that side's nodes; values (1+s)·T..<(2+s)·T). One simulator per thread: it reuses its
/// buffers and trace, so a simulation allocates nothing once they have grown (the model's own
/// simulator is made once per parameter set, by the caller).
public final class CurveSimulator {
  public let nodeCount: Int
  /// Periods 1…T.
  public let periods: Int
  /// Side of each node (empty: one side).
  let nodeSide: [UInt16]
  /// Node count of each side.
  let sideSizes: [Double]
  /// Mean curves: overall, then each side (T values each).
  public private(set) var curves: [Double]
  var counts: [Int]
  var trace = ReplicateTrace(recording: true)
  var seedBuffer: [UInt32] = []

  public init(nodeCount: Int, periods: Int, nodeSide: [UInt16], sideCount: Int) {
    self.nodeCount = nodeCount
    self.periods = periods
    self.nodeSide = sideCount > 0 ? nodeSide : []
    var sizes = [Double](repeating: 0, count: sideCount)
    if sideCount > 0 { for s in nodeSide { sizes[Int(s)] += 1 } }
    sideSizes = sizes
    curves = [Double](repeating: 0, count: (1 + sideCount) * periods)
    counts = [Int](repeating: 0, count: (1 + sideCount) * periods)
    trace.order.reserveCapacity(nodeCount)
    trace.stepEnds.reserveCapacity(periods + 1)
  }

  /// Sets up for the sides of `observed`.
  public convenience init(observed: ObservedAdoption) {
    self.init(
      nodeCount: observed.nodeCount, periods: observed.periods, nodeSide: observed.nodeSide,
      sideCount: observed.nodeSide.isEmpty || observed.sideNames.count < 2 ? 0 : observed.sideNames.count)
  }

  /// Number of sides with their own curve.
  public var sideCount: Int { sideSizes.count }

  /// Runs `replicates` replicates of `simulator` (continuing `rng`'s stream), each from `seeds`
  /// random distinct nodes, and leaves their mean curves in ``curves``.
  public func simulate(simulator: any ReplicateSimulator, seeds: Int, rng: RandomGenerator, replicates: Int) {
    let T = periods
    for i in counts.indices { counts[i] = 0 }
    for _ in 0..<replicates {
      seedBuffer.removeAll(keepingCapacity: true)
      if seeds > 0 {
        for s in rng.choose(min(seeds, nodeCount), from: nodeCount) { seedBuffer.append(UInt32(s)) }
      }
      _ = simulator.run(seeds: seedBuffer, rng: rng, horizon: T, trace: &trace)
      // stepEnds[t] = adopters by the end of step t; step t is period t.
      let ends = trace.stepEnds
      var begin = 0
      for period in 1...max(T, 1) where T >= 1 {
        let end = period < ends.count ? ends[period] : (ends.last ?? 0)
        counts[period - 1] += end
        if !sideSizes.isEmpty {
          // Adopters of this period, credited to their sides from this period on.
          while begin < end {
            let side = Int(nodeSide[Int(trace.order[begin])])
            counts[(1 + side) * T + period - 1] += 1
            begin += 1
          }
        }
      }
    }
    // Side counts above are per-period increments: accumulate them.
    if !sideSizes.isEmpty {
      for s in 0..<sideSizes.count {
        var running = 0
        for period in 0..<T {
          running += counts[(1 + s) * T + period]
          counts[(1 + s) * T + period] = running
        }
      }
    }
    let r = Double(replicates)
    for period in 0..<T { curves[period] = Double(counts[period]) / (r * Double(nodeCount)) }
    for s in 0..<sideSizes.count {
      let size = max(sideSizes[s], 1)
      for period in 0..<T { curves[(1 + s) * T + period] = Double(counts[(1 + s) * T + period]) / (r * size) }
    }
  }
}
