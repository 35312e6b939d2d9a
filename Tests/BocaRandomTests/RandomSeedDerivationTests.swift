import XCTest

@testable import BocaRandom

final class RandomSeedDerivationTests: XCTestCase {
  func testSeedsAreInGSLRangeAndDependOnEveryInput() {
    let base = RandomSeedDerivation.seed(root: 1, scenarioHash: 2, point: 3, replicate: 4)
    XCTAssertGreaterThanOrEqual(base, 1)
    XCTAssertNotEqual(base, RandomSeedDerivation.seed(root: 9, scenarioHash: 2, point: 3, replicate: 4))
    XCTAssertNotEqual(base, RandomSeedDerivation.seed(root: 1, scenarioHash: 9, point: 3, replicate: 4))
    XCTAssertNotEqual(base, RandomSeedDerivation.seed(root: 1, scenarioHash: 2, point: 9, replicate: 4))
    XCTAssertNotEqual(base, RandomSeedDerivation.seed(root: 1, scenarioHash: 2, point: 3, replicate: 9))
    XCTAssertEqual(base, RandomSeedDerivation.seed(root: 1, scenarioHash: 2, point: 3, replicate: 4))
  }

  /// 200,000 seeds in 2^32 − 1 values: the birthday bound predicts about 4.7 collisions; the
  /// table must resolve every one, so all seeds are distinct.
  func testReplicateSeedsAreCollisionFree() {
    let table = ReplicateSeeds(root: 20_261_122, scenarioHash: 77, points: 4, replicates: 50_000)
    XCTAssertEqual(Set(table.values).count, table.values.count)
    XCTAssertFalse(table.values.contains(0))
  }

  func testReplicateSeedsAreTheSameWhateverTheOrderOfUse() {
    let a = ReplicateSeeds(root: 5, scenarioHash: 6, points: 3, replicates: 10)
    let b = ReplicateSeeds(root: 5, scenarioHash: 6, points: 3, replicates: 10)
    XCTAssertEqual(a.values, b.values)
    XCTAssertEqual(a[2, 7], b.values[2 * 10 + 7])
  }
}
