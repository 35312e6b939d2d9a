import BocaCalibration
import BocaGraph
import BocaRandom
import BocaRunner
import BocaScenario
import Dispatch
import Foundation
import XCTest

/// Parameter recovery: adoption times simulated from known (p, q) on the two shipped networks and
/// on a generated two-sided network are fitted by maximum likelihood; the 95% profile intervals
/// must cover the truth in 90–99% of the repetitions, for each parameter of each model. The
/// coverage table printed here is the one in docs/calibration.md.
final class RecoveryCoverageTests: XCTestCase {
  static let repetitions = 200

  static func shippedContacts(_ name: String) throws -> NetworkContacts {
    let scenario = try FitScenario.load(
      path: ReferenceFitTests.root.appendingPathComponent("scenarios/fit-\(name).yaml").path)
    return NetworkContacts(graph: try GraphFactory.build(scenario.graph, rootSeed: scenario.seed))
  }

  /// 300 buyers and 60 sellers: each buyer names 2 sellers and 1 buyer at random, each seller 5 buyers.
  static func twoSided() throws -> (NetworkContacts, [UInt16]) {
    let rng = try RandomGenerator(seed: 2026)
    let buyers = 300
    let sellers = 60
    var union = [[UInt32]](repeating: [], count: buyers + sellers)
    for b in 0..<buyers {
      union[b] = [UInt32(buyers + rng.uniformInt(sellers)), UInt32(buyers + rng.uniformInt(sellers))]
      let other = rng.uniformInt(buyers)
      if other != b { union[b].append(UInt32(other)) }
    }
    for s in 0..<sellers { union[buyers + s] = (0..<5).map { _ in UInt32(rng.uniformInt(buyers)) } }
    return (
      NetworkContacts(union: union), [UInt16](repeating: 0, count: buyers) + [UInt16](repeating: 1, count: sellers)
    )
  }

  /// Coverage of (p, q) over `repetitions` simulated data sets.
  static func coverage(
    _ model: HazardModel, contacts: NetworkContacts, p: Double, q: Double, periods: Int, seed: UInt64
  ) throws -> [Double] {
    let simulator = HazardSimulator(model: model, contacts: contacts, perLayer: false)
    let n = contacts.nodeCount
    let hits = HitCounter()
    DispatchQueue.concurrentPerform(iterations: 2) { worker in
      guard let rng = try? RandomGenerator(seed: 1) else { return }
      var r = worker
      while r < repetitions {
        rng.reseed(RandomSeedDerivation.seed(root: seed, scenarioHash: 0, point: 0, replicate: r))
        let toa = simulator.simulate(p: p, q: [q], periods: periods, rng: rng).map { $0 == 0 ? nil : $0 }
        let observed = ObservedAdoption(nodeCount: n, periods: periods, toa: toa, nodeSide: [], sideNames: [])
        if let fit = try? HazardFit.fit(HazardLikelihood(model: model, contacts: contacts, observed: observed)) {
          hits.add(
            [p, q].indices.map { j in
              fit.intervals[j].low <= [p, q][j] && [p, q][j] <= fit.intervals[j].high ? 1 : 0
            })
        }
        r += 2
      }
    }
    XCTAssertEqual(hits.runs, repetitions, "every fit succeeded")
    return hits.counts.map { Double($0) / Double(repetitions) }
  }

  /// Coverage of every parameter of hazard-exposure with one q per layer (medical innovation's
  /// three layers) and of hazard-fraction with one p per side (the four cities).
  func testProfileIntervalsCoverTheTruthWithPerLayerAndPerSideParameters() throws {
    let scenario = try FitScenario.load(
      path: ReferenceFitTests.root.appendingPathComponent("scenarios/fit-medical-innovation.yaml").path)
    let graph = try GraphFactory.build(scenario.graph, rootSeed: scenario.seed)
    let contacts = NetworkContacts(graph: graph)
    let n = graph.nodeCount
    let periods = 17
    let cases: [(String, HazardModel, Bool, Bool, [Double])] = [
      ("hazard-exposure, q per layer", .exposure, true, false, [0.05, 0.08, 0.04, 0.06]),
      ("hazard-fraction, p per city", .fraction, false, true, [0.03, 0.05, 0.04, 0.06, 0.3]),
    ]
    var table: [String] = []
    for (index, (name, model, perLayer, perSide, truth)) in cases.enumerated() {
      let simulator = HazardSimulator(model: model, contacts: contacts, perLayer: perLayer)
      let pCount = perSide ? graph.sideNames.count : 1
      let nodeP = (0..<n).map { truth[perSide ? Int(graph.nodeSide[$0]) : 0] }
      let hits = HitCounter(parameters: truth.count)
      DispatchQueue.concurrentPerform(iterations: 2) { worker in
        guard let rng = try? RandomGenerator(seed: 1) else { return }
        var r = worker
        while r < Self.repetitions {
          rng.reseed(RandomSeedDerivation.seed(root: UInt64(20 + index), scenarioHash: 0, point: 0, replicate: r))
          let toa = simulator.simulate(p: nodeP, q: Array(truth[pCount...]), periods: periods, rng: rng)
          let observed = ObservedAdoption(
            nodeCount: n, periods: periods, toa: toa.map { $0 == 0 ? nil : $0 }, nodeSide: graph.nodeSide,
            sideNames: graph.sideNames)
          let lik = HazardLikelihood(
            model: model, contacts: contacts, observed: observed, perLayer: perLayer, perSide: perSide)
          if let fit = try? HazardFit.fit(lik) {
            hits.add(
              truth.indices.map { fit.intervals[$0].low <= truth[$0] && truth[$0] <= fit.intervals[$0].high ? 1 : 0 })
          }
          r += 2
        }
      }
      XCTAssertEqual(hits.runs, Self.repetitions, "every fit succeeded")
      let coverage = hits.counts.map { Double($0) / Double(Self.repetitions) }
      table.append("| medical-innovation | \(name) | \(truth) | \(coverage) |")
      for (j, v) in coverage.enumerated() {
        XCTAssertGreaterThanOrEqual(v, 0.90, "\(name) parameter \(j)")
        XCTAssertLessThanOrEqual(v, 0.99, "\(name) parameter \(j)")
      }
    }
    print("coverage of 95% profile intervals, \(Self.repetitions) repetitions each:\n" + table.joined(separator: "\n"))
  }

  func testProfileIntervalsCoverTheTruthOnShippedAndGeneratedNetworks() throws {
    let medical = try Self.shippedContacts("medical-innovation")
    let farmers = try Self.shippedContacts("brazilian-farmers")
    let (twoSided, _) = try Self.twoSided()
    let cases: [(String, NetworkContacts, Int, [(HazardModel, Double, Double)])] = [
      ("medical-innovation", medical, 17, [(.exposure, 0.05, 0.05), (.fraction, 0.05, 0.2)]),
      ("brazilian-farmers", farmers, 19, [(.exposure, 0.02, 0.06), (.fraction, 0.02, 0.17)]),
      ("two-sided (300 + 60)", twoSided, 12, [(.exposure, 0.03, 0.1), (.fraction, 0.03, 0.3)]),
    ]
    var table = ["| network | model | true p | true q | coverage p | coverage q |", "|---|---|---|---|---|---|"]
    for (name, contacts, periods, models) in cases {
      for (index, (model, p, q)) in models.enumerated() {
        let c = try Self.coverage(model, contacts: contacts, p: p, q: q, periods: periods, seed: UInt64(7 + index))
        table.append("| \(name) | \(model.rawValue) | \(p) | \(q) | \(c[0]) | \(c[1]) |")
        for (j, v) in c.enumerated() {
          XCTAssertGreaterThanOrEqual(v, 0.90, "\(name) \(model) parameter \(j)")
          XCTAssertLessThanOrEqual(v, 0.99, "\(name) \(model) parameter \(j)")
        }
      }
    }
    print("coverage of 95% profile intervals, \(Self.repetitions) repetitions each:\n" + table.joined(separator: "\n"))
  }
}

/// Counts of covering intervals, added from two workers.
final class HitCounter: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var counts: [Int]
  init(parameters: Int = 2) { counts = [Int](repeating: 0, count: parameters) }
  private(set) var runs = 0
  func add(_ hits: [Int]) {
    lock.withLock {
      for j in hits.indices { counts[j] += hits[j] }
      runs += 1
    }
  }
}
