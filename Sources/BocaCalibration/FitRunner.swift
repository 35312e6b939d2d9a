import BocaGraph
import BocaRandom
import BocaScenario
import Foundation

/// Runs the fits of a ``FitScenario`` on its graph and observed adoption times.
///
/// - `nls-meanfield`: ``BassMeanField``; its curve is the closed form (no simulation; the band
///   is the curve itself) and its RMSE the closed form's.
/// - `abc-smc`: ``AbcCalibration`` with the entry's ``AbcFitSpec``, seeded with
///   ``RandomSeedDerivation/seed(root:scenarioHash:point:replicate:attempt:)`` at (scenario seed,
///   scenario hash, fit index, 0).
/// - `mle`: ``HazardFit`` on the ``HazardLikelihood``; the predictive check simulates the model
///   at the point estimates (plug-in, not draws from the estimates' distribution)
///   `scenario.simulations` times with ``HazardSimulator``, run s of fit f seeded with
///   ``RandomSeedDerivation/seed(root:scenarioHash:point:replicate:attempt:)`` at
///   (scenario seed, scenario hash, f, s): the result does not depend on `threads`.
public enum FitRunner {
  /// The observed adoption of the scenario's data column (the checks `validate` makes too).
  ///
  /// - Throws: a ``ScenarioError`` at the `data` key (file, line, column) when the column does not
  ///   hold adoption times.
  public static func observed(_ scenario: FitScenario, graph: MultiplexGraph) throws -> ObservedAdoption {
    do {
      return try ObservedAdoption(graph: graph, column: scenario.toaColumn, censoring: scenario.censoring)
    } catch FitError.dataValue(let key, let expected, let found) {
      guard let at = scenario.locations[key] ?? scenario.locations["data"] else {
        throw FitError.dataValue(key: key, expected: expected, found: found)
      }
      throw ScenarioError([
        ScenarioDiagnostic(
          file: at.file, line: at.line, column: at.column, keyPath: key, expected: expected, found: found)
      ])
    }
  }

  /// Every fit's report, in the scenario's order. `progress` gets one line per step.
  ///
  /// `checkpoints`: a folder where ABC-SMC fits save each finished generation (in a subfolder per
  /// fit), so that a fit run again on the same folder resumes from there with the same result.
  public static func run(
    _ scenario: FitScenario, graph: MultiplexGraph, threads: Int, checkpoints: URL? = nil,
    progress: @escaping (String) -> Void = { _ in }
  ) throws -> [FitReport] {
    let observed = try observed(scenario, graph: graph)
    let contacts = NetworkContacts(graph: graph)
    var reports: [FitReport] = []
    for (index, entry) in scenario.fits.enumerated() {
      progress("fit \(index + 1)/\(scenario.fits.count): \(entry.label) by \(entry.method.rawValue)")
      let started = Date()
      let report: FitReport
      switch entry.method {
      case .nlsMeanfield:
        report = try meanField(entry, observed: observed)
      case .mle:
        report = try likelihood(
          entry, index: index, scenario: scenario, observed: observed, contacts: contacts, threads: threads,
          progress: progress)
      case .abcSmc:
        guard let spec = entry.abc else { throw FitError.data("fits[\(index)]: abc-smc without its settings") }
        report = try AbcCalibration.fit(
          spec: spec, graph: graph, observed: observed,
          seed: UInt64(
            RandomSeedDerivation.seed(
              root: scenario.seed, scenarioHash: scenario.sourceHash, point: index, replicate: 0)),
          threads: threads, progress: { progress("  \(entry.label): \($0)") },
          checkpoint: checkpoints?.appendingPathComponent("fit-\(index)"))
      }
      progress(
        "fit \(index + 1)/\(scenario.fits.count): \(entry.label) by \(entry.method.rawValue) done in \(String(format: "%.4f", Date().timeIntervalSince(started))) s"
      )
      reports.append(report)
    }
    return reports
  }

  static func meanField(_ entry: FitScenario.Entry, observed: ObservedAdoption) throws -> FitReport {
    let o = observed.cumulativeFraction()
    let fit = try BassMeanField.fit(observed: o)
    let method = entry.method.rawValue
    let estimates = BassMeanField.parameterNames.indices.map { j in
      ParameterEstimate(
        model: entry.label, method: method, parameter: BassMeanField.parameterNames[j], estimate: fit.estimates[j],
        ciLow: fit.intervals[j]?.low, ciHigh: fit.intervals[j]?.high)
    }
    let curves = o.indices.map { t in
      CurvePoint(
        model: entry.label, method: method, side: "all", period: t + 1, observed: o[t], predictiveMean: fit.curve[t],
        bandLow: fit.curve[t], bandHigh: fit.curve[t])
    }
    return FitReport(
      model: entry.label, method: method, parameterNames: BassMeanField.parameterNames, estimates: estimates,
      summary: FitSummary(
        model: entry.label, method: method, negLogLik: nil, aic: nil, rmse: fit.rmse, simulations: nil),
      curves: curves)
  }

  static func likelihood(
    _ entry: FitScenario.Entry, index: Int, scenario: FitScenario, observed: ObservedAdoption,
    contacts: NetworkContacts, threads: Int, progress: (String) -> Void = { _ in }
  ) throws -> FitReport {
    let started = Date()
    guard let model = HazardModel(rawValue: entry.model) else {
      throw FitError.data("fits[\(index)]: no likelihood for model '\(entry.model)'")
    }
    let lik = HazardLikelihood(
      model: model, contacts: contacts, observed: observed, perLayer: entry.perLayer, perSide: entry.perSide)
    let fit = try HazardFit.fit(lik)
    progress(
      "  \(entry.label): likelihood fit (estimates and profile intervals, \(lik.recordCount) at-risk cells) in \(String(format: "%.4f", Date().timeIntervalSince(started))) s"
    )
    let method = entry.method.rawValue
    let estimates = fit.parameterNames.indices.map { j in
      ParameterEstimate(
        model: entry.label, method: method, parameter: fit.parameterNames[j], estimate: fit.estimates[j],
        ciLow: fit.intervals[j].low, ciHigh: fit.intervals[j].high)
    }
    let simulator = HazardSimulator(model: model, contacts: contacts, perLayer: entry.perLayer)
    let sides = observed.sideNames.count
    let root = scenario.seed
    let hash = scenario.sourceHash
    let runs = try simulator.curves(
      p: (0..<observed.nodeCount).map { fit.estimates[lik.pCount > 1 ? Int(observed.nodeSide[$0]) : 0] },
      q: Array(fit.estimates[lik.pCount...]), periods: observed.periods, count: scenario.simulations,
      threads: threads, nodeSide: observed.nodeSide, sideCount: sides,
      seed: { RandomSeedDerivation.seed(root: root, scenarioHash: hash, point: index, replicate: $0) })
    var curves: [CurvePoint] = []
    var rmse = Double.nan
    let groups =
      [("all", observed.cumulativeFraction())]
      + (sides > 1 ? (0..<sides).map { (observed.sideNames[$0], observed.cumulativeFraction(side: $0)) } : [])
    for (g, (side, o)) in groups.enumerated() {
      let band = PredictiveBand(curves: runs.map { $0[g] }, observed: o)
      if g == 0 { rmse = band.rmse }
      for t in o.indices {
        curves.append(
          CurvePoint(
            model: entry.label, method: method, side: side, period: t + 1, observed: o[t],
            predictiveMean: band.mean[t], bandLow: band.low[t], bandHigh: band.high[t]))
      }
    }
    return FitReport(
      model: entry.label, method: method, parameterNames: fit.parameterNames, estimates: estimates,
      summary: FitSummary(
        model: entry.label, method: method, negLogLik: fit.negLogLik, aic: fit.aic, rmse: rmse,
        simulations: scenario.simulations),
      curves: curves)
  }
}
