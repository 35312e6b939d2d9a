import BocaRandom
import Foundation
import XCTest

@testable import BocaRunner

/// `ReplicateRunner`'s stop closure ends a batch part-way: the workers stop polling it between
/// replicates and `Stopped` is thrown instead of a partial result.
final class ReplicateRunnerStopTests: XCTestCase {
  /// Counts replicates run; the stop closure says yes once `limit` have run.
  final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
  }

  func testStopEndsTheBatchPartWayAndThrowsStopped() throws {
    let ran = Counter()
    XCTAssertThrowsError(
      try ReplicateRunner.run(
        count: 10_000, threads: 2, kind: .taus2, seed: { UInt32($0 + 1) }, makeState: { () },
        body: { _, _, _ -> Int in
          ran.add()
          usleep(1000)
          return 0
        }, stop: { ran.value >= 20 })
    ) { error in
      XCTAssertTrue(error is ReplicateRunner.Stopped, "\(error)")
    }
    XCTAssertLessThan(ran.value, 10_000, "the batch ran to the end")
  }

  func testNoStopRunsEveryReplicate() throws {
    let results = try ReplicateRunner.run(
      count: 100, threads: 3, kind: .taus2, seed: { UInt32($0 + 1) }, makeState: { () },
      body: { r, _, _ in r }, stop: { false })
    XCTAssertEqual(results, Array(0..<100))
  }
}
