import BocaGraph
import BocaModels
import BocaRandom
import Foundation
import XCTest

@testable import BocaCalibration

/// The calibrations of the shipped data sets (docs/calibration-abc.md, Benchmarks/calibration-abc.md).
/// They take minutes, so they run only with BOCA_ABC_DATASETS=1 (a measurement, not a unit test);
/// they print the posterior, the predictive RMSE, the simulations and the time.
final class AbcDataSetTests: XCTestCase {
  func fit(_ dataSet: String, _ spec: AbcFitSpec, threads: Int) throws -> FitReport {
    let (graph, observed) = try AbcFixtures.dataSet(dataSet)
    let start = Date()
    let report = try AbcCalibration.fit(
      spec: spec, graph: graph, observed: observed,
      seed: UInt64(ProcessInfo.processInfo.environment["BOCA_ABC_SEED"] ?? "2026")!, threads: threads,
      progress: { print($0) }, checkpoint: nil)
    let seconds = Date().timeIntervalSince(start)
    let sims = report.summary.simulations ?? 0
    print(
      "ABC \(dataSet) \(spec.name): rmse \(report.summary.rmse ?? .nan), simulations \(sims), \(seconds) s, "
        + "\(Double(sims) / seconds) simulations/s, threads \(threads)")
    for e in report.estimates {
      print(
        "  \(e.parameter) = \(e.estimate) [\(e.ciLow ?? .nan), \(e.ciHigh ?? .nan)] median \(report.posteriorMedian(of: e.parameter) ?? .nan)"
      )
    }
    return report
  }

  static func uniform(_ a: Double, _ b: Double) -> Prior {
    try! Prior(distribution: .uniform(a: a, b: b), lower: 0, upper: 1)
  }

  static func spec(_ name: String, priors: [(String, Prior)]) -> AbcFitSpec {
    let env = ProcessInfo.processInfo.environment
    return AbcFitSpec(
      model: "bass", name: name, parameters: priors.map { AbcFitSpec.Parameter(name: $0.0, prior: $0.1) },
      particles: Int(env["BOCA_ABC_PARTICLES"] ?? "500")!, generations: Int(env["BOCA_ABC_GENERATIONS"] ?? "12")!,
      minAcceptance: Double(env["BOCA_ABC_MIN_ACCEPTANCE"] ?? "0.02")!,
      quantile: Double(env["BOCA_ABC_QUANTILE"] ?? "0.5")!,
      replicates: Int(env["BOCA_ABC_REPLICATES"] ?? "4")!, predictiveDraws: 400)
  }

  func testShippedDataSets() throws {
    guard ProcessInfo.processInfo.environment["BOCA_ABC_DATASETS"] == "1" else {
      throw XCTSkip("set BOCA_ABC_DATASETS=1 to calibrate the shipped data sets (minutes)")
    }
    let threads = Int(ProcessInfo.processInfo.environment["BOCA_ABC_THREADS"] ?? "2") ?? 2
    let only = ProcessInfo.processInfo.environment["BOCA_ABC_ONLY"]
    let models = (ProcessInfo.processInfo.environment["BOCA_ABC_MODELS"] ?? "pq,pqm,pqw,pqmw").split(separator: ",")
    let priors: [String: (String, Prior)] = [
      "p": ("p", Self.uniform(0, 0.2)), "q": ("q", Self.uniform(0, 1)), "m": ("m", Self.uniform(0.5, 1)),
      "w": ("w", Self.uniform(0, 1)),
    ]
    for dataSet in ["medical-innovation", "brazilian-farmers"] where only == nil || only == dataSet {
      for model in models {
        let spec = Self.spec("network-bass-\(model)", priors: model.map { priors[String($0)]! })
        _ = try fit(dataSet, spec, threads: threads)
      }
    }
  }
}
