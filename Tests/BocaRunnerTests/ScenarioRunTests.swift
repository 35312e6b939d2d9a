import BocaGraph
import BocaResults
import Foundation
import XCTest

@testable import BocaRunner
@testable import BocaScenario

final class ScenarioRunTests: XCTestCase {
  var scratch: URL!

  override func setUpWithError() throws {
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent("boca-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: scratch)
  }

  func run(_ scenario: Scenario, threads: Int, into name: String) throws -> URL {
    let graph = try GraphFactory.build(scenario.graph, rootSeed: scenario.seed)
    return try ScenarioRun(scenario: scenario, threads: threads)
      .execute(graph: graph, directory: scratch.appendingPathComponent(name), commandLine: ["test"])
  }

  func bytes(_ dir: URL, _ file: String) throws -> Data { try Data(contentsOf: dir.appendingPathComponent(file)) }

  /// The same scenario gives byte-identical tables on 1 and 2 threads and on a second run.
  func testTablesDoNotDependOnThreadsOrRepetition() throws {
    let s = try Scenario.parse(ScenarioFixture.twoSided, file: "two-sided.yaml")
    let a = try run(s, threads: 1, into: "a")
    let b = try run(s, threads: 2, into: "b")
    let c = try run(s, threads: 1, into: "c")
    for table in ["runs.csv", "timeseries.csv"] {
      XCTAssertEqual(try bytes(a, table), try bytes(b, table), table)
      XCTAssertEqual(try bytes(a, table), try bytes(c, table), table)
    }
    XCTAssertTrue(FileManager.default.fileExists(atPath: a.appendingPathComponent("results.sqlite").path))
    XCTAssertTrue(FileManager.default.fileExists(atPath: a.appendingPathComponent("manifest.json").path))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: a.path).filter { $0.hasSuffix(".partial") }
    XCTAssertEqual(leftovers, [])
  }

  /// Per-side spreads add up to the spread; the seeds all come from the seeded side; the time
  /// series is non-decreasing and ends at the final spread.
  func testRunsTableIsConsistent() throws {
    let s = try Scenario.parse(ScenarioFixture.twoSided, file: "two-sided.yaml")
    let dir = try run(s, threads: 2, into: "r")
    let lines = try String(contentsOf: dir.appendingPathComponent("runs.csv"), encoding: .utf8).split(separator: "\n")
    XCTAssertEqual(lines.first, "point,arm,replicate,seed,spread,spread_consumer,spread_prosumer,seeded,organic")
    XCTAssertEqual(lines.count, 1 + s.replicates)
    var finals: [Int] = []
    for line in lines.dropFirst() {
      let f = line.split(separator: ",").map(String.init)
      let spread = Int(f[4])!
      XCTAssertEqual(spread, Int(f[5])! + Int(f[6])!)
      XCTAssertEqual(Int(f[7])!, 3, "the three seeds are the seeded adopters")
      XCTAssertEqual(Int(f[7])! + Int(f[8])!, spread)
      XCTAssertGreaterThanOrEqual(Int(f[6])!, 3, "the three seeds are prosumers")
      finals.append(spread)
    }
    let series = try String(contentsOf: dir.appendingPathComponent("timeseries.csv"), encoding: .utf8).split(
      separator: "\n")
    var last: [Int: Int] = [:]
    for line in series.dropFirst() {
      let f = line.split(separator: ",").map(String.init)
      guard f[4] == "all" && f[5] == "adopted" else { continue }
      let r = Int(f[2])!
      let active = Int(f[6])!
      XCTAssertGreaterThanOrEqual(active, last[r] ?? 0)
      last[r] = active
    }
    XCTAssertEqual((0..<s.replicates).map { last[$0]! }, finals)
  }

  /// Names that only the built graph can check are errors before anything runs.
  func testUnknownLayerInModelIsAnError() throws {
    let text = ScenarioFixture.twoSided.replacingOccurrences(
      of: "p: {social: 0.1, offline: 0.2}", with: "p: {social: 0.1, ofline: 0.2}")
    XCTAssertThrowsError(try Scenario.parse(text, file: "x.yaml")) { error in
      let d = (error as? ScenarioError)?.diagnostics ?? []
      XCTAssertTrue(d.contains { $0.keyPath == "model.p.ofline" && $0.suggestion == "offline" }, "\(d)")
    }
  }

  /// The generated graph follows the scenario: side sizes, layers, attributes drawn per side.
  func testGeneratedGraphFollowsTheScenario() throws {
    let s = try Scenario.parse(ScenarioFixture.twoSided, file: "two-sided.yaml")
    let g = try GraphFactory.build(s.graph, rootSeed: s.seed)
    XCTAssertEqual(g.sideCounts(), [300, 30])
    XCTAssertEqual(g.layers.map(\.name), ["social", "offline"])
    XCTAssertEqual(g.layers[0].edgeCount, 2 * (330 - 2))
    let activity = try XCTUnwrap(g.attributes["activity"])
    XCTAssertTrue(activity[0..<300].allSatisfy { $0 > 0 && $0 < 1 })
    XCTAssertTrue(activity[300...].allSatisfy { $0.isNaN })
    XCTAssertEqual(g.attributes["credibility"]?[300], 0.8)
    XCTAssertEqual(g.checksum, try GraphFactory.build(s.graph, rootSeed: s.seed).checksum)
    XCTAssertNotEqual(g.checksum, try GraphFactory.build(s.graph, rootSeed: s.seed + 1).checksum)
  }

  /// A model's own states reach the scenario's time series: for SIR, susceptible + infected +
  /// recovered is the node count at every recorded step, and the ever-infected (adopted) count
  /// equals infected + recovered.
  func testTimeseriesCarriesTheModelStates() throws {
    let text = """
      name: sir-states
      seed: 3
      replicates: 5
      steps: 12
      graph:
        sides: {people: {count: 400}}
        layers: {contacts: {generate: {er: {p: 0.02}}}}
      model: {name: sir, beta: 0.2, gamma: 0.3}
      seeds: {policy: random, k: 3}
      outputs: {timeseries: true}
      """
    let s = try Scenario.parse(text, file: "sir.yaml")
    let dir = try run(s, threads: 1, into: "sir")
    let rows = try String(contentsOf: dir.appendingPathComponent("timeseries.csv"), encoding: .utf8)
      .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
    var byKey: [String: [String: Int]] = [:]  // "replicate,step" → state → count
    for f in rows where f[4] == "all" { byKey["\(f[2]),\(f[3])", default: [:]][f[5]] = Int(f[6])! }
    XCTAssertEqual(byKey.count, 5 * 13)
    for (key, states) in byKey {
      let (susceptible, infected, recovered) = (states["susceptible"]!, states["infected"]!, states["recovered"]!)
      XCTAssertEqual(susceptible + infected + recovered, 400, key)
      XCTAssertEqual(states["adopted"]!, infected + recovered, key)
    }
  }
}
