/// A distribution written wrongly: unknown name, missing or extra argument, value out of range.
public struct DistributionError: Error, CustomStringConvertible, Sendable {
  /// The distribution's name as written.
  public let name: String
  /// What was expected and what was found.
  public let message: String

  public init(name: String, message: String) {
    self.name = name
    self.message = message
  }

  public var description: String { "distribution '\(name)': \(message)" }
}

extension Distribution {
  /// The names a scenario may use, with their parameters in positional order.
  public static let parameterNames: [String: [String]] = [
    "constant": ["value"],
    "uniform": ["a", "b"],
    "normal": ["mu", "sigma"],
    "lognormal": ["mu", "sigma"],
    "beta": ["a", "b"],
    "gamma": ["shape", "scale"],
    "exponential": ["mean"],
    "pareto": ["shape", "scale"],
    "poisson": ["mu"],
    "binomial": ["n", "p"],
    "geometric": ["p"],
    "discrete": ["weights", "values"],
  ]

  /// Builds a distribution from its name and its arguments, given either by position
  /// (`{beta: [2, 8]}`) or by name (`{lognormal: {mu: 0, sigma: 0.5}}`), and checks them.
  ///
  /// `discrete` takes its weights as the positional list, or `{weights: [...], values: [...]}` by
  /// name (`namedLists`).
  ///
  /// - Throws: ``DistributionError`` saying what was expected and what was found.
  public init(
    name: String, positional: [Double]? = nil, named: [String: Double]? = nil,
    namedLists: [String: [Double]] = [:]
  ) throws {
    guard let keys = Distribution.parameterNames[name] else {
      let known = Distribution.parameterNames.keys.sorted().joined(separator: ", ")
      throw DistributionError(name: name, message: "unknown distribution; expected one of \(known)")
    }
    if name == "discrete" {
      let weights = positional ?? namedLists["weights"]
      guard let weights else {
        throw DistributionError(name: name, message: "expected a list of weights, e.g. {discrete: [0.2, 0.8]}")
      }
      self = .discrete(try DiscreteTable(weights: weights, values: namedLists["values"]))
      return
    }
    var args: [Double]
    if let positional {
      guard positional.count == keys.count else {
        throw DistributionError(
          name: name,
          message:
            "expected \(keys.count) argument\(keys.count == 1 ? "" : "s") (\(keys.joined(separator: ", "))), found \(positional.count)"
        )
      }
      args = positional
    } else {
      let named = named ?? [:]
      if let extra = named.keys.sorted().first(where: { !keys.contains($0) }) {
        throw DistributionError(
          name: name, message: "unknown parameter '\(extra)'; expected \(keys.joined(separator: ", "))")
      }
      args = []
      for key in keys {
        guard let v = named[key] else {
          throw DistributionError(
            name: name, message: "missing parameter '\(key)'; expected \(keys.joined(separator: ", "))")
        }
        args.append(v)
      }
    }
    if let bad = args.first(where: { !$0.isFinite }) {
      throw DistributionError(name: name, message: "expected finite numbers, found \(bad)")
    }
    func require(_ ok: Bool, _ what: String, _ found: Double) throws {
      if !ok { throw DistributionError(name: name, message: "expected \(what), found \(found)") }
    }
    switch name {
    case "constant": self = .constant(args[0])
    case "uniform":
      try require(args[0] < args[1], "a < b", args[1])
      self = .uniform(a: args[0], b: args[1])
    case "normal":
      try require(args[1] >= 0, "sigma ≥ 0", args[1])
      self = .normal(mu: args[0], sigma: args[1])
    case "lognormal":
      try require(args[1] > 0, "sigma > 0", args[1])
      self = .lognormal(mu: args[0], sigma: args[1])
    case "beta":
      try require(args[0] > 0, "a > 0", args[0])
      try require(args[1] > 0, "b > 0", args[1])
      self = .beta(a: args[0], b: args[1])
    case "gamma":
      try require(args[0] > 0, "shape > 0", args[0])
      try require(args[1] > 0, "scale > 0", args[1])
      self = .gamma(shape: args[0], scale: args[1])
    case "exponential":
      try require(args[0] > 0, "mean > 0", args[0])
      self = .exponential(mean: args[0])
    case "pareto":
      try require(args[0] > 0, "shape > 0", args[0])
      try require(args[1] > 0, "scale > 0", args[1])
      self = .pareto(shape: args[0], scale: args[1])
    case "poisson":
      try require(args[0] >= 0, "mu ≥ 0", args[0])
      self = .poisson(mu: args[0])
    case "binomial":
      try require(args[0] >= 0 && args[0] == args[0].rounded() && args[0] < 4_294_967_296, "a whole n ≥ 0", args[0])
      try require(args[1] >= 0 && args[1] <= 1, "p in [0, 1]", args[1])
      self = .binomial(n: Int(args[0]), p: args[1])
    case "geometric":
      try require(args[0] > 0 && args[0] <= 1, "p in (0, 1]", args[0])
      self = .geometric(p: args[0])
    default:
      fatalError("unreachable: \(name) is in parameterNames")
    }
  }
}
