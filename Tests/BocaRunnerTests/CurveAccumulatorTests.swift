import XCTest

@testable import BocaRunner

/// Mean curves over generated replicate trajectories: every replicate counts at every step, a
/// finished one at its final value, and the last point is the mean final value.
final class CurveAccumulatorTests: XCTestCase {
  struct Trajectory {
    var values: [Int]  // cumulative count at steps 0…last
  }

  /// Rows as `PointRun.writeSeries` writes them: steps 0, k, 2k, … and the replicate's last step
  /// (or the horizon, when there is one: then the final value is repeated up to it).
  func rows(_ t: Trajectory, every k: Int, horizon: Int?) -> [(Int, Int)] {
    let last = horizon ?? (t.values.count - 1)
    var steps = Array(stride(from: 0, through: last, by: k))
    if steps.last != last { steps.append(last) }
    return steps.map { ($0, t.values[min($0, t.values.count - 1)]) }
  }

  func testEveryReplicateCountsAtEveryStepAndTheCurveEndsAtTheMeanFinalValue() {
    var g = SystemRandomNumberGenerator()
    for _ in 0..<300 {
      let replicates = Int.random(in: 1...25, using: &g)
      let every = Int.random(in: 1...4, using: &g)
      let horizon: Int? = Bool.random(using: &g) ? Int.random(in: 0...15, using: &g) : nil
      let trajectories = (0..<replicates).map { _ -> Trajectory in
        let length = Int.random(in: 1...16, using: &g)
        var v = [Int.random(in: 1...5, using: &g)]
        for _ in 1..<length { v.append(v.last! + Int.random(in: 0...6, using: &g)) }
        if let horizon, v.count > horizon + 1 { v.removeLast(v.count - horizon - 1) }
        return Trajectory(values: v)
      }
      var acc = CurveAccumulator()
      for (r, t) in trajectories.enumerated() {
        for (step, value) in rows(t, every: every, horizon: horizon) {
          acc.add(replicate: r, step: step, side: "all", state: "adopted", value: Double(value))
        }
      }
      let points = acc.points()
      let finals = trajectories.map { Double($0.values.last!) }
      let meanFinal = finals.reduce(0, +) / Double(replicates)
      let context = "every \(every), horizon \(horizon.map(String.init) ?? "none"): \(trajectories.map(\.values))"
      guard let last = points.last else { return XCTFail("no points: \(context)") }
      XCTAssertEqual(last.summary.mean, meanFinal, accuracy: 1e-9 * max(1, meanFinal), context)
      let top = horizon ?? trajectories.map { $0.values.count - 1 }.max()!
      XCTAssertEqual(last.step, top, context)
      XCTAssertTrue(points.allSatisfy { $0.n == replicates }, context)
      // Each reported point is the mean of every replicate's value at the step, carried forward.
      for p in points {
        XCTAssertTrue(p.step % every == 0 || p.step == top, "step \(p.step) off the grid: \(context)")
        let values = trajectories.map { Double($0.values[min(p.step, $0.values.count - 1)]) }
        XCTAssertEqual(p.summary.mean, values.reduce(0, +) / Double(replicates), accuracy: 1e-9, context)
        XCTAssertEqual(p.running, trajectories.filter { (horizon ?? ($0.values.count - 1)) >= p.step }.count, context)
      }
      XCTAssertEqual(Set(points.map(\.step)).count, points.count, "each step once: \(context)")
      let grid = Set(stride(from: 0, through: top, by: every)).union([top])
      XCTAssertEqual(Set(points.map(\.step)), grid, context)
    }
  }
}
