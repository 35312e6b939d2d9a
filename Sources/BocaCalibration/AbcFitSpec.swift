import BocaModels
import BocaRandom
import BocaScenario
import Yams

/// One `abc-smc` entry of a fit scenario's `fits:` list: the model with its priors and the
/// settings of ABC-SMC (see ``AbcCalibration`` and docs/calibration-abc.md).
///
/// ```yaml
/// - method: abc-smc
///   model: {name: bass, p: {prior: uniform, a: 0, b: 0.2}, q: {prior: uniform, a: 0, b: 1}, field: network}
///   name: network-bass      # model name in the outputs (default: the model's name)
///   particles: 500          # N, accepted particles per generation
///   generations: 12         # at most; stops earlier by min_acceptance or tolerance
///   min_acceptance: 0.02    # stop once a generation accepts fewer than this share of proposals
///   quantile: 0.5           # alpha: tolerance of generation t = alpha-quantile of t-1's distances
///   tolerance: 0.01         # optional: stop once the tolerance is at most this
///   replicates: 1           # simulations per particle; the distance is on their mean curve
///   distance: rmse          # rmse (overall curve) or rmse-sides (each side's curve)
///   predictive_draws: 200   # posterior draws simulated for the predictive check
///   seeds: 0                # random seed nodes per simulation (adopted at step 0), for models that need them
/// ```
///
/// In `model:` a number fixes a parameter, `{prior: NAME, ARG: VALUE…}` gives it a prior (a
/// ``Prior``: uniform a b, beta a b, normal mu sigma, lognormal mu sigma, gamma shape scale,
/// exponential mean; truncated to the parameter's range), a word sets an option (`field:
/// network`), and `layers:` lists the layers the model runs on (default all).
public struct AbcFitSpec: Sendable, Equatable {
  /// The distance between a simulated mean curve and the observed curve.
  public enum DistanceKind: String, Sendable, CaseIterable {
    /// RMSE of the cumulative adoption fraction of all nodes over periods 1…T.
    case rmse
    /// RMSE over the cumulative adoption fraction of each side (of its own nodes), pooled over
    /// sides and periods 1…T.
    case rmseSides = "rmse-sides"
  }

  /// A parameter with a prior.
  public struct Parameter: Sendable, Equatable {
    public var name: String
    public var prior: Prior
    public init(name: String, prior: Prior) {
      self.name = name
      self.prior = prior
    }
  }

  /// The model's registry name (`bass`, `wom`, `ic`…).
  public var model: String
  /// The model's name in the outputs.
  public var name: String
  /// Fixed numeric parameters.
  public var fixed: [String: Double]
  /// Text options (`field: network`).
  public var options: [String: String]
  /// Layers the model runs on (empty: all).
  public var layers: [String]
  /// Parameters with priors, in the order written.
  public var parameters: [Parameter]
  public var particles: Int
  public var generations: Int
  public var minAcceptance: Double
  public var quantile: Double
  public var tolerance: Double?
  public var replicates: Int
  public var distance: DistanceKind
  public var predictiveDraws: Int
  public var seeds: Int

  public init(
    model: String, name: String? = nil, fixed: [String: Double] = [:], options: [String: String] = [:],
    layers: [String] = [], parameters: [Parameter], particles: Int = 500, generations: Int = 12,
    minAcceptance: Double = 0.02, quantile: Double = 0.5, tolerance: Double? = nil, replicates: Int = 1,
    distance: DistanceKind = .rmse, predictiveDraws: Int = 200, seeds: Int = 0
  ) {
    self.model = model
    self.name = name ?? model
    self.fixed = fixed
    self.options = options
    self.layers = layers
    self.parameters = parameters
    self.particles = particles
    self.generations = generations
    self.minAcceptance = minAcceptance
    self.quantile = quantile
    self.tolerance = tolerance
    self.replicates = replicates
    self.distance = distance
    self.predictiveDraws = predictiveDraws
    self.seeds = seeds
  }

  /// The keys of a fit entry.
  public static let keys = [
    "method", "model", "label", "particles", "generations", "min_acceptance", "quantile", "tolerance", "replicates",
    "distance", "predictive_draws", "seeds",
  ]

  /// Decodes an entry, throwing every problem at once (file, line, column, key path, expected,
  /// found) as a `ScenarioError`.
  public init(node: Node, file: String, path: String = "fits[0]") throws {
    let reader = ScenarioReader(file: file)
    let spec = Self.decode(node, path: path, reader: reader)
    if let spec, reader.diagnostics.isEmpty {
      self = spec
    } else {
      throw ScenarioError(reader.diagnostics)
    }
  }

  /// Decodes an entry, recording problems in `reader`; nil when the entry is unusable.
  public static func decode(_ node: Node, path: String, reader: ScenarioReader) -> AbcFitSpec? {
    guard let pairs = reader.mapping(node, path, allowed: keys) else { return nil }
    let before = reader.diagnostics.count
    var modelNode: Node?
    var spec = AbcFitSpec(model: "", parameters: [])
    var outName: String?
    for (key, value) in pairs {
      let at = "\(path).\(key)"
      switch key {
      case "method":
        if let m = reader.string(value, at), m != FitMethod.abcSmc.rawValue {
          reader.report(value, at, expected: "abc-smc", found: "'\(m)'")
        }
      case "model": modelNode = value
      case "label": outName = reader.string(value, at)
      case "particles": spec.particles = reader.int(value, at, min: 2, max: 1_000_000) ?? spec.particles
      case "generations": spec.generations = reader.int(value, at, min: 1, max: 1000) ?? spec.generations
      case "min_acceptance":
        spec.minAcceptance =
          reader.double(value, at, min: 1e-6, max: 1, what: "a share in (0, 1]") ?? spec.minAcceptance
      case "quantile":
        if let a = reader.double(value, at, what: "a quantile in (0, 1)") {
          if a > 0 && a < 1 {
            spec.quantile = a
          } else {
            reader.report(value, at, expected: "a quantile in (0, 1)", found: "\(a)")
          }
        }
      case "tolerance": spec.tolerance = reader.double(value, at, min: 0, what: "a distance ≥ 0")
      case "replicates": spec.replicates = reader.int(value, at, min: 1, max: 10_000) ?? spec.replicates
      case "distance":
        if let d = reader.string(value, at) {
          if let kind = DistanceKind(rawValue: d) {
            spec.distance = kind
          } else {
            let names = DistanceKind.allCases.map(\.rawValue)
            reader.report(
              value, at, expected: "one of \(names.joined(separator: ", "))", found: "'\(d)'",
              suggestion: closest(to: d, in: names))
          }
        }
      case "predictive_draws":
        spec.predictiveDraws = reader.int(value, at, min: 1, max: 1_000_000) ?? spec.predictiveDraws
      case "seeds": spec.seeds = reader.int(value, at, min: 0) ?? spec.seeds
      default: break
      }
    }
    guard let modelNode else {
      reader.report(
        node, "\(path).model", expected: "a model with priors, e.g. {name: bass, p: {prior: uniform, a: 0, b: 0.2}}",
        found: "nothing")
      return nil
    }
    decodeModel(modelNode, path: "\(path).model", reader: reader, into: &spec)
    spec.name = outName ?? spec.model
    return reader.diagnostics.count == before ? spec : nil
  }

  /// Reads `{name: MODEL, KEY: number | {prior: …} | word, layers: […]}`.
  static func decodeModel(_ node: Node, path: String, reader: ScenarioReader, into spec: inout AbcFitSpec) {
    if case .scalar(let s) = node {
      reader.report(
        node, path,
        expected: "a model with priors for abc-smc, e.g. {name: \(s.string), p: {prior: uniform, a: 0, b: 0.2}}",
        found: "'\(s.string)'")
      return
    }
    guard let pairs = reader.mapping(node, path) else { return }
    guard let nameNode = pairs.first(where: { $0.key == "name" })?.node else {
      reader.report(
        node, "\(path).name", expected: "the model's name (\(ModelRegistry.all.map(\.name).joined(separator: ", ")))",
        found: "nothing")
      return
    }
    guard let name = reader.string(nameNode, "\(path).name") else { return }
    let known = ModelRegistry.all.map(\.name)
    guard let entry = ModelRegistry.entry(name) else {
      reader.report(
        nameNode, "\(path).name", expected: "a model (\(known.joined(separator: ", ")))", found: "'\(name)'",
        suggestion: closest(to: name, in: known))
      return
    }
    spec.model = name
    for (key, value) in pairs where key != "name" {
      let at = "\(path).\(key)"
      if key == "layers" {
        spec.layers = reader.strings(value, at) ?? []
        continue
      }
      guard let parameter = entry.parameter(key) else {
        reader.report(
          value, at, expected: "a parameter of '\(name)' (\(entry.keys.joined(separator: ", ")))",
          found: "unknown key '\(key)'", suggestion: closest(to: key, in: entry.keys))
        continue
      }
      switch (value, parameter.kind) {
      case (.mapping, let kind):
        guard let bounds = kind.bounds else {
          reader.report(value, at, expected: parameter.kind.description, found: "a prior")
          continue
        }
        if let prior = decodePrior(value, path: at, bounds: bounds, reader: reader) {
          spec.parameters.append(Parameter(name: key, prior: prior))
        }
      case (_, .word), (_, .nodeIDs):
        if let text = reader.string(value, at) { spec.options[key] = text }
      default:
        guard let bounds = parameter.kind.bounds,
          let v = reader.double(
            value, at, min: bounds.lowerBound, max: bounds.upperBound, what: parameter.kind.description)
        else { continue }
        spec.fixed[key] = v
      }
    }
    if spec.parameters.isEmpty {
      reader.report(
        node, path, expected: "at least one parameter with a prior, e.g. p: {prior: uniform, a: 0, b: 0.2}",
        found: "none")
    }
  }

  /// Reads `{prior: NAME, ARG: VALUE…}` into a prior truncated to `bounds`.
  static func decodePrior(_ node: Node, path: String, bounds: ClosedRange<Double>, reader: ScenarioReader) -> Prior? {
    guard let pairs = reader.mapping(node, path) else { return nil }
    guard let nameNode = pairs.first(where: { $0.key == "prior" })?.node else {
      reader.report(
        node, "\(path).prior", expected: "a prior name (\(Prior.supportedNames.joined(separator: ", ")))",
        found: "nothing")
      return nil
    }
    guard let name = reader.string(nameNode, "\(path).prior") else { return nil }
    guard Prior.supportedNames.contains(name) else {
      reader.report(
        nameNode, "\(path).prior", expected: "a prior name (\(Prior.supportedNames.joined(separator: ", ")))",
        found: "'\(name)'", suggestion: closest(to: name, in: Prior.supportedNames))
      return nil
    }
    var named: [String: Double] = [:]
    for (key, value) in pairs where key != "prior" {
      guard let v = reader.double(value, "\(path).\(key)") else { return nil }
      named[key] = v
    }
    do {
      let distribution = try Distribution(name: name, named: named)
      return try Prior(distribution: distribution, lower: bounds.lowerBound, upper: bounds.upperBound)
    } catch let error as DistributionError {
      reader.report(node, path, expected: "a valid \(name) prior", found: error.message)
    } catch {
      reader.report(
        node, path, expected: "a prior with mass in [\(bounds.lowerBound), \(bounds.upperBound)]", found: "\(error)")
    }
    return nil
  }

  /// A canonical text of everything that determines the fit (sorted keys, exact values), for
  /// the checkpoint's fingerprint.
  var canonical: String {
    var parts = ["model=\(model)", "name=\(name)"]
    parts += fixed.keys.sorted().map { "fixed.\($0)=\(fixed[$0]!.bitPattern)" }
    parts += options.keys.sorted().map { "option.\($0)=\(options[$0]!)" }
    parts.append("layers=\(layers.joined(separator: ","))")
    parts += parameters.map { "prior.\($0.name)=\($0.prior)" }
    parts.append(
      "particles=\(particles) generations=\(generations) min_acceptance=\(minAcceptance.bitPattern) "
        + "quantile=\(quantile.bitPattern) tolerance=\(tolerance?.bitPattern ?? 0) replicates=\(replicates) "
        + "distance=\(distance.rawValue) predictive_draws=\(predictiveDraws) seeds=\(seeds)")
    return parts.joined(separator: "\n")
  }
}
