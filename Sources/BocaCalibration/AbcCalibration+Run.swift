import BocaModels
import BocaRandom
import Foundation

extension Engine {
  func run(progress: ((String) -> Void)?, checkpoint: URL?) throws -> FitReport {
    let N = spec.particles
    var summaries: [GenerationSummary] = []
    var population: AbcPopulation?
    var stopped = false
    if let checkpoint, let state = try AbcCheckpoint.latest(in: checkpoint, fingerprint: fingerprint) {
      population = state.population
      summaries = state.generationSummaries
      stopped = state.stopped
      progress?("abc-smc \(spec.name): resumed after generation \(state.generation)")
    }
    while !stopped {
      let generation = population.map { $0.generation + 1 } ?? 0
      let tolerance =
        population.map { PredictiveBand.quantile(sorted: $0.distances.sorted(), spec.quantile) } ?? .infinity
      let kernel = population?.kernel()
      let cumulative = population?.cumulativeWeights() ?? []
      let limit = generation == 0 ? max(N * 100, 10_000) : Int((Double(N) / spec.minAcceptance).rounded(.up))
      var accepted: [AbcProposal] = []
      var proposed = 0
      var simulations = 0
      var next = 0
      while accepted.count < N && next < limit {
        let hi = min(next + AbcCalibration.batchSize, limit)
        let previous = population
        let results = batch(next, hi) { i, worker in
          self.propose(
            generation: generation, index: i, previous: previous, cumulative: cumulative, kernel: kernel, worker: worker
          )
        }
        for (offset, r) in results.enumerated() {
          simulations += r.simulations
          guard accepted.count < N else { continue }
          if r.distance.isFinite && r.distance <= tolerance {
            accepted.append(r)
            proposed = next + offset + 1
          }
        }
        if accepted.count < N { proposed = hi }
        next = hi
      }
      let complete = accepted.count == N
      let summary = GenerationSummary(
        generation: generation, tolerance: tolerance, accepted: accepted.count, proposed: proposed,
        simulations: simulations)
      summaries.append(summary)
      let rate = Double(accepted.count) / Double(max(proposed, 1))
      progress?(
        "abc-smc \(spec.name): generation \(generation): tolerance \(tolerance), accepted \(accepted.count) of "
          + "\(proposed) (\(rate)), \(simulations) simulations")
      if !complete {
        guard let population else {
          throw AbcError.noAcceptedPrior(model: spec.name, proposals: proposed, reason: probeFailure)
        }
        // Abandoned: the previous generation stays the posterior.
        stopped = true
        if let checkpoint {
          try AbcCheckpoint(fingerprint: fingerprint, population: population, summaries: summaries, stopped: true)
            .save(in: checkpoint)
        }
        break
      }
      var weights = [Double](repeating: 1 / Double(N), count: N)
      if let population {
        for (i, r) in accepted.enumerated() {
          weights[i] = population.importanceWeight(prior: r.prior, theta: r.theta, kernel: kernel!)
        }
        let total = weights.reduce(0, +)
        // (Every kernel density underflowing would leave no information: fall back to equal weights.)
        weights = total > 0 && total.isFinite ? weights.map { $0 / total } : weights.map { _ in 1 / Double(N) }
      }
      let finished = AbcPopulation(
        generation: generation, tolerance: tolerance, values: accepted.flatMap(\.theta), weights: weights,
        distances: accepted.map(\.distance), dimension: dimension)
      population = finished
      stopped =
        generation + 1 >= spec.generations || rate < spec.minAcceptance
        || (spec.tolerance.map { tolerance <= $0 } ?? false)
      if let checkpoint {
        try AbcCheckpoint(fingerprint: fingerprint, population: finished, summaries: summaries, stopped: stopped)
          .save(in: checkpoint)
      }
    }
    return try report(posterior: population!, summaries: summaries)
  }

  /// The fit's report: estimates, posterior, generations, and the posterior predictive check.
  func report(posterior: AbcPopulation, summaries: [GenerationSummary]) throws -> FitReport {
    let method = FitMethod.abcSmc.rawValue
    let estimates = spec.parameters.enumerated().map { k, p in
      ParameterEstimate(
        model: spec.name, method: method, parameter: p.name, estimate: posterior.mean(k),
        ciLow: posterior.quantile(k, 0.025), ciHigh: posterior.quantile(k, 0.975))
    }
    let (curves, rmse, draws) = predictive(posterior)
    let simulations = summaries.reduce(0) { $0 + $1.simulations } + draws
    let particles = (0..<posterior.count).map { i in
      PosteriorParticle(
        generation: posterior.generation, index: i, weight: posterior.weights[i], distance: posterior.distances[i],
        values: Array(posterior.particle(i)))
    }
    return FitReport(
      model: spec.name, method: method, parameterNames: spec.parameters.map(\.name), estimates: estimates,
      summary: FitSummary(
        model: spec.name, method: method, negLogLik: nil, aic: nil, rmse: rmse, simulations: simulations),
      curves: curves, posterior: particles, generations: summaries)
  }

  /// Posterior predictive check: `predictive_draws` particles drawn by weight, each simulated
  /// once (one replicate), summarised by ``PredictiveBand`` per curve (overall and each side).
  /// Draw d is seeded with `RandomSeedDerivation.seed(root: seed, scenarioHash: FNV("predictive:" +
  /// name), point: 0, replicate: d)`.
  func predictive(_ posterior: AbcPopulation) -> (curves: [CurvePoint], rmse: Double, simulations: Int) {
    let T = observed.periods
    let sides = sideNames.count
    let cumulative = posterior.cumulativeWeights()
    let salt = RandomSeedDerivation.fnv1a(Array("predictive:\(spec.name)".utf8))
    let D = spec.predictiveDraws
    let dim = dimension
    let results = batch(0, D) { d, worker in
      let rng = worker.rng
      rng.reseed(RandomSeedDerivation.seed(root: self.seed, scenarioHash: salt, point: 0, replicate: d))
      let j = AbcPopulation.ancestor(cumulative, u: rng.uniform())
      let theta = Array(posterior.values[(j * dim)..<((j + 1) * dim)])
      guard let simulator = self.simulator(theta, worker: worker) else {
        return AbcProposal(theta: [], distance: .infinity, prior: 0, simulations: 0)
      }
      worker.curves.simulate(simulator: simulator, seeds: self.spec.seeds, rng: rng, replicates: 1)
      // The curves travel in `theta` (overall, then sides).
      return AbcProposal(theta: worker.curves.curves, distance: 0, prior: 0, simulations: 1)
    }
    let simulated = results.filter { $0.simulations > 0 }.map(\.theta)
    var points: [CurvePoint] = []
    var rmse = Double.nan
    guard !simulated.isEmpty else { return ([], rmse, 0) }
    for s in 0...sides {
      let range = (s * T)..<((s + 1) * T)
      let band = PredictiveBand(curves: simulated.map { Array($0[range]) }, observed: Array(observedCurves[range]))
      if s == 0 { rmse = band.rmse }
      let side = s == 0 ? "all" : sideNames[s - 1]
      for t in 0..<T {
        points.append(
          CurvePoint(
            model: spec.name, method: FitMethod.abcSmc.rawValue, side: side, period: t + 1,
            observed: observedCurves[s * T + t], predictiveMean: band.mean[t], bandLow: band.low[t],
            bandHigh: band.high[t]))
      }
    }
    return (points, rmse, simulated.count)
  }
}

extension FitReport {
  /// The weighted posterior median of `parameter` (ABC fits; nil without a posterior): the
  /// smallest value whose cumulative weight reaches 1/2.
  public func posteriorMedian(of parameter: String) -> Double? {
    guard let k = parameterNames.firstIndex(of: parameter), !posterior.isEmpty else { return nil }
    let order = posterior.indices.sorted {
      posterior[$0].values[k] < posterior[$1].values[k]
        || (posterior[$0].values[k] == posterior[$1].values[k] && $0 < $1)
    }
    var s = 0.0
    for i in order {
      s += posterior[i].weight
      if s >= 0.5 - 1e-12 { return posterior[i].values[k] }
    }
    return order.last.map { posterior[$0].values[k] }
  }
}
