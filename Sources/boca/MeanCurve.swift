import BocaModels
import Foundation

/// The mean adoption curve over replicates, for `boca simulate --timeseries`.
///
/// Step t's value of a replicate is its cumulative adopters at the end of step t; a replicate
/// that stopped before the last step (a finished cascade) keeps its final value. State counts
/// (e.g. infected, recovered) are averaged the same way.
struct MeanCurve {
  let steps: Int
  let stateNames: [String]
  /// mean and sd of adopters per step; means of each state per step.
  let meanAdopted: [Double]
  let sdAdopted: [Double]
  let stateMeans: [[Double]]

  init(_ traces: [ReplicateTrace], horizon: Int?) {
    let longest = traces.map(\.stepCount).max() ?? 1
    steps = max(1, horizon.map { $0 + 1 } ?? longest)
    stateNames = traces.first?.stateNames ?? []
    let k = stateNames.count
    var sum = [Double](repeating: 0, count: steps)
    var sumSq = [Double](repeating: 0, count: steps)
    var states = [[Double]](repeating: [Double](repeating: 0, count: steps), count: k)
    for trace in traces where trace.stepCount > 0 {
      for t in 0..<steps {
        let at = min(t, trace.stepCount - 1)
        let v = Double(trace.stepEnds[at])
        sum[t] += v
        sumSq[t] += v * v
        for s in 0..<k where trace.stateCounts.count >= (at + 1) * k {
          states[s][t] += Double(trace.stateCounts[at * k + s])
        }
      }
    }
    let n = Double(max(traces.count, 1))
    meanAdopted = sum.map { $0 / n }
    sdAdopted = zip(sum, sumSq).map { s, ss in
      traces.count > 1 ? max(0, (ss - s * s / n) / (n - 1)).squareRoot() : 0
    }
    stateMeans = states.map { $0.map { $0 / n } }
  }

  var csv: String {
    var text = (["step", "mean_adopted", "sd_adopted"] + stateNames.map { "mean_\($0)" }).joined(separator: ",") + "\n"
    for t in 0..<steps {
      text +=
        ([String(t), fmt(meanAdopted[t]), fmt(sdAdopted[t])] + stateMeans.map { fmt($0[t]) }).joined(separator: ",")
        + "\n"
    }
    return text
  }
}
