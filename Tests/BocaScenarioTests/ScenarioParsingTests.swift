import BocaRandom
import XCTest

@testable import BocaScenario

final class ScenarioParsingTests: XCTestCase {
  /// Tests/Fixtures/scenarios/two-sided.yaml (shared with BocaRunnerTests).
  static let valid = ScenarioFixture.text("two-sided.yaml")

  func testValidScenarioReadsEverySection() throws {
    let s = try Scenario.parse(Self.valid, file: "two-sided.yaml")
    XCTAssertEqual(s.name, "two-sided")
    XCTAssertEqual(s.seed, 7)
    XCTAssertEqual(s.replicates, 20)
    XCTAssertEqual(s.rng, .taus2)
    XCTAssertEqual(s.graph.sides.map(\.name), ["consumer", "prosumer"])
    XCTAssertEqual(s.graph.sides.map(\.count), [300, 30])
    XCTAssertEqual(s.graph.sides[0].attributes.map(\.name), ["activity"])
    XCTAssertEqual(s.graph.layers.map(\.name), ["social", "offline"])
    XCTAssertEqual(s.graph.layers[1].overlapWith, "social")
    XCTAssertEqual(s.graph.layers[1].overlap, 0.3)
    XCTAssertEqual(s.model.parameters.perLayer["p"], ["social": 0.1, "offline": 0.2])
    XCTAssertEqual(s.seeding?.policy, .random)
    XCTAssertEqual(s.seeding?.side, "prosumer")
    XCTAssertTrue(s.outputs.timeseries)
  }

  func testTheHashChangesWithTheText() throws {
    let a = try Scenario.parse(Self.valid, file: "a.yaml")
    let b = try Scenario.parse(Self.valid.replacingOccurrences(of: "seed: 7", with: "seed: 8"), file: "a.yaml")
    XCTAssertNotEqual(a.sourceHash, b.sourceHash)
  }

  /// Three independent mistakes are all reported, each with its line and key path.
  func testThreeMistakesAreReportedTogetherWithLines() {
    let text = """
      name: broken
      replicats: 20
      graph:
        sides:
          consumer: {count: 300, activity: {lognormal: {mu: 0, sigma: -0.5}}}
        layers:
          social: {generate: {ba: {m: 2}}}
      model:
        name: ic
        p: 1.7
      """
    XCTAssertThrowsError(try Scenario.parse(text, file: "broken.yaml")) { error in
      guard let e = error as? ScenarioError else { return XCTFail("\(error)") }
      XCTAssertEqual(e.diagnostics.count, 3, "\(e)")
      let byPath = Dictionary(e.diagnostics.map { ($0.keyPath, $0) }, uniquingKeysWith: { a, _ in a })
      XCTAssertEqual(byPath["replicats"]?.line, 2)
      XCTAssertEqual(byPath["replicats"]?.suggestion, "replicates")
      XCTAssertEqual(byPath["graph.sides.consumer.activity.lognormal"]?.line, 5)
      XCTAssertEqual(byPath["model.p"]?.line, 10)
      XCTAssertTrue(byPath["model.p"]?.description.contains("found 1.7") ?? false)
      XCTAssertTrue(e.description.contains("broken.yaml:2:"), e.description)
    }
  }

  func testUnknownNamesGetSuggestions() {
    let text = Self.valid.replacingOccurrences(of: "name: ic", with: "name: icc")
      .replacingOccurrences(of: "side: prosumer", with: "side: prosumers")
    XCTAssertThrowsError(try Scenario.parse(text, file: "x.yaml")) { error in
      let d = (error as? ScenarioError)?.diagnostics ?? []
      XCTAssertTrue(d.contains { $0.keyPath == "model.name" && $0.suggestion == "ic" }, "\(d)")
    }
    let text2 = Self.valid.replacingOccurrences(of: "side: prosumer", with: "side: prosumers")
    XCTAssertThrowsError(try Scenario.parse(text2, file: "x.yaml")) { error in
      let d = (error as? ScenarioError)?.diagnostics ?? []
      XCTAssertTrue(d.contains { $0.keyPath == "seeds.side" && $0.suggestion == "prosumer" }, "\(d)")
    }
  }

  func testInvalidYAMLNamesTheLine() {
    let text = "name: x\ngraph: {sides: [\nmodel: ic\n"
    XCTAssertThrowsError(try Scenario.parse(text, file: "bad.yaml")) { error in
      XCTAssertTrue(error is ScenarioError, "\(type(of: error)): \(error)")
      XCTAssertTrue("\(error)".contains("bad.yaml:"), "\(error)")
      XCTAssertTrue("\(error)".contains("valid YAML"), "\(error)")
    }
  }

  func testMissingRequiredSectionsAreNamed() {
    XCTAssertThrowsError(try Scenario.parse("name: x\n", file: "m.yaml")) { error in
      let paths = (error as? ScenarioError)?.diagnostics.map(\.keyPath) ?? []
      XCTAssertEqual(Set(paths), ["graph", "model"])
    }
  }
}
