/// What one fit (one model by one method) produced; `boca fit` writes the rows of every fit's
/// report into `estimates.csv`, `fits.csv`, `curves.csv` and `posterior.csv`.

/// One parameter's estimate: a row of `estimates.csv`
/// (`model,method,parameter,estimate,ci_low,ci_high`). nil bounds are written as empty cells.
public struct ParameterEstimate: Sendable, Equatable {
  public var model: String
  public var method: String
  public var parameter: String
  public var estimate: Double
  public var ciLow: Double?
  public var ciHigh: Double?
  public init(model: String, method: String, parameter: String, estimate: Double, ciLow: Double?, ciHigh: Double?) {
    self.model = model
    self.method = method
    self.parameter = parameter
    self.estimate = estimate
    self.ciLow = ciLow
    self.ciHigh = ciHigh
  }
}

/// One fit's summary: a row of `fits.csv` (`model,method,neg_log_lik,aic,rmse,simulations`).
public struct FitSummary: Sendable, Equatable {
  public var model: String
  public var method: String
  public var negLogLik: Double?
  public var aic: Double?
  /// RMSE of the predictive mean cumulative fraction against the observed one, periods 1…T.
  public var rmse: Double?
  /// Simulations run for the fit and its predictive check.
  public var simulations: Int?
  public init(model: String, method: String, negLogLik: Double?, aic: Double?, rmse: Double?, simulations: Int?) {
    self.model = model
    self.method = method
    self.negLogLik = negLogLik
    self.aic = aic
    self.rmse = rmse
    self.simulations = simulations
  }
}

/// One period of the posterior (or plug-in) predictive check: a row of `curves.csv`
/// (`model,method,side,period,observed,predictive_mean,band_low,band_high`). `side` is `all` for
/// the whole population, else a side name; values are cumulative fractions of that side's nodes.
/// The band is the central 90% of the simulated curves.
public struct CurvePoint: Sendable, Equatable {
  public var model: String
  public var method: String
  public var side: String
  public var period: Int
  public var observed: Double
  public var predictiveMean: Double
  public var bandLow: Double
  public var bandHigh: Double
  public init(
    model: String, method: String, side: String, period: Int, observed: Double, predictiveMean: Double,
    bandLow: Double, bandHigh: Double
  ) {
    self.model = model
    self.method = method
    self.side = side
    self.period = period
    self.observed = observed
    self.predictiveMean = predictiveMean
    self.bandLow = bandLow
    self.bandHigh = bandHigh
  }
}

/// One weighted posterior particle: rows of `posterior.csv`
/// (`model,method,generation,particle,weight,distance,<parameter columns…>`).
public struct PosteriorParticle: Sendable, Equatable {
  public var generation: Int
  public var index: Int
  public var weight: Double
  public var distance: Double
  /// Values in the order of ``FitReport/parameterNames``.
  public var values: [Double]
  public init(generation: Int, index: Int, weight: Double, distance: Double, values: [Double]) {
    self.generation = generation
    self.index = index
    self.weight = weight
    self.distance = distance
    self.values = values
  }
}

/// One ABC-SMC generation: a row of `generations.csv`
/// (`model,method,generation,tolerance,accepted,proposed,acceptance_rate,simulations`).
public struct GenerationSummary: Sendable, Equatable {
  public var generation: Int
  public var tolerance: Double
  public var accepted: Int
  public var proposed: Int
  public var simulations: Int
  public init(generation: Int, tolerance: Double, accepted: Int, proposed: Int, simulations: Int) {
    self.generation = generation
    self.tolerance = tolerance
    self.accepted = accepted
    self.proposed = proposed
    self.simulations = simulations
  }
}

/// Everything one fit produced.
public struct FitReport: Sendable, Equatable {
  public var model: String
  public var method: String
  public var parameterNames: [String]
  public var estimates: [ParameterEstimate]
  public var summary: FitSummary
  public var curves: [CurvePoint]
  /// The final posterior sample (ABC); empty for other methods.
  public var posterior: [PosteriorParticle]
  /// Per-generation tolerance and acceptance (ABC); empty for other methods.
  public var generations: [GenerationSummary]
  public init(
    model: String, method: String, parameterNames: [String], estimates: [ParameterEstimate], summary: FitSummary,
    curves: [CurvePoint], posterior: [PosteriorParticle] = [], generations: [GenerationSummary] = []
  ) {
    self.model = model
    self.method = method
    self.parameterNames = parameterNames
    self.estimates = estimates
    self.summary = summary
    self.curves = curves
    self.posterior = posterior
    self.generations = generations
  }
}
