import XCTest

/// The generator itself: valid profiles give consistent scenarios (the shrinker relies on it),
/// the same seed gives the same scenario, and the profiles cover what the properties need.
final class ScenarioGeneratorTests: XCTestCase {
  func testValidProfilesGiveConsistentReproducibleScenarios() {
    var models = Set<String>()
    var kinds = Set<String>()
    var womWithPZero = 0
    for profile in [ScenarioGenerator.Profile.wellFormed, .campaign] {
      for i in 0..<300 {
        let seed = SplitMix.caseSeed(root: 99, index: i)
        let s = ScenarioGenerator(profile: profile).make(seed: seed)
        XCTAssertTrue(s.isConsistent, "case seed \(seed) (\(profile)):\n\(s.yaml)")
        XCTAssertEqual(s, ScenarioGenerator(profile: profile).make(seed: seed))
        models.insert(s.model.name)
        for arm in s.arms { for a in arm.actions { kinds.insert(a.kind) } }
        if s.model.name == "wom" && (s.model.value("p") ?? "0") == "0" { womWithPZero += 1 }
      }
    }
    XCTAssertEqual(models.count, Set(ScenarioGenerator.models).count, "every model is generated: \(models.sorted())")
    XCTAssertEqual(kinds, ["seed", "broadcast", "advocacy", "incentive", "listen"])
    XCTAssertGreaterThan(womWithPZero, 50, "p = 0 is common")
  }
}
