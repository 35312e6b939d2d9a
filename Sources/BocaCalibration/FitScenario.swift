import BocaRandom
import BocaScenario
import Foundation
import Yams

/// A fit scenario (`boca fit`): a loaded network with each node's adoption time, and the list of
/// model fits to make. Schema (documented in `docs/calibration.md`):
///
///     name: fit-medical-innovation
///     seed: 1966
///     graph: {load: {nodes: …, edges: …, directed: true, influence: reversed}}
///     data: {toa: toa, censoring: last-period}      # or censoring: {value: 99}
///     predictive: {simulations: 1000}
///     fits:
///       - {model: bass-meanfield, method: nls-meanfield}
///       - {model: hazard-exposure, method: mle}
///       - {model: hazard-exposure, method: mle, q: per-layer, label: hazard-exposure-layers}
///       - {model: hazard-fraction, method: mle}
public struct FitScenario: Sendable {
  public static let topLevelKeys = ["name", "description", "seed", "graph", "data", "predictive", "fits"]

  /// One entry of `fits:`.
  public struct Entry: @unchecked Sendable {
    /// The name in the `model` column: `label` when given, else the model's name.
    public var label: String
    public var model: String
    public var method: FitMethod
    /// One q per layer (hazard-exposure by mle).
    public var perLayer: Bool
    /// One p per side (mle): each side's own external hazard.
    public var perSide: Bool = false
    /// The entry as written.
    public var node: Node
    /// The ABC-SMC settings, priors and model (method `abc-smc` only).
    public var abc: AbcFitSpec? = nil
  }

  public var name: String
  public var description: String?
  public var seed: UInt64
  public var graph: GraphSpec
  public var toaColumn: String
  public var censoring: ObservedAdoption.Censoring
  /// Simulations of each fitted hazard model for its predictive check.
  public var simulations: Int
  public var fits: [Entry]
  public var file: String
  public var sourceHash: UInt64
  /// Where `data.toa`, `data.censoring`… were written, to locate problems found in the data.
  public var locations: [String: SourceLocation] = [:]

  /// Whether the file at `path` is a fit scenario (a YAML mapping with a top-level `fits` key).
  public static func isFitScenario(path: String) -> Bool {
    guard let tree = try? Scenario.readTree(path: path), case .mapping(let map) = tree.root else { return false }
    return map.keys.contains { $0.string == "fits" }
  }

  /// Reads and checks a fit scenario, reporting every problem at once.
  ///
  /// - Throws: ``ScenarioError`` (file, line, key, expected, found).
  public static func load(path: String) throws -> FitScenario {
    let (root, hash, base) = try Scenario.readTree(path: path)
    let r = ScenarioReader(file: path)
    let decoded = decode(root, r, file: path, baseDirectory: base, hash: hash)
    guard r.diagnostics.isEmpty, let decoded else { throw ScenarioError(r.diagnostics) }
    return decoded
  }

  static func decode(_ root: Node, _ r: ScenarioReader, file: String, baseDirectory: String, hash: UInt64)
    -> FitScenario?
  {
    guard let top = r.mapping(root, "", allowed: topLevelKeys) else { return nil }
    let fields = Dictionary(top.map { ($0.key, $0.node) }, uniquingKeysWith: { a, _ in a })
    func required(_ key: String, _ what: String) -> Node? {
      if let node = fields[key] { return node }
      r.report(root, key, expected: what, found: "nothing")
      return nil
    }
    let name = required("name", "the key 'name'").flatMap { r.string($0, "name") }
    let description = fields["description"].flatMap { r.string($0, "description") }
    let seed = fields["seed"].flatMap { r.int($0, "seed", min: 0) }.map(UInt64.init) ?? 1
    let graph = required("graph", "the key 'graph' (graph.load with a node table)").flatMap {
      Scenario.decodeGraph($0, r, baseDirectory: baseDirectory)
    }
    if let graph, let node = fields["graph"], graph.load?.nodes == nil {
      r.report(
        node, "graph.load.nodes", expected: "a loaded graph with a node table (it holds the adoption times)",
        found: graph.load == nil ? "a generated graph" : "no node table")
    }
    var toa = "toa"
    var locations: [String: SourceLocation] = [:]
    var censoring = ObservedAdoption.Censoring.lastPeriod
    if let data = required("data", "the key 'data' ({toa: COLUMN, censoring: last-period | {value: X}})"),
      let map = r.mapping(data, "data", allowed: ["toa", "censoring"])
    {
      for (key, value) in map {
        locations["data.\(key)"] = r.location(value)
        if key == "toa" {
          toa = r.string(value, "data.toa") ?? toa
        } else if let c = decodeCensoring(value, r) {
          censoring = c
        }
      }
      if !map.contains(where: { $0.key == "censoring" }) {
        r.report(
          data, "data.censoring", expected: "how the data are censored: last-period, or {value: X}", found: "nothing")
      }
      locations["data"] = r.location(data)
    }
    var simulations = 1000
    if let node = fields["predictive"], let map = r.mapping(node, "predictive", allowed: ["simulations"]) {
      for (_, value) in map {
        simulations = r.int(value, "predictive.simulations", min: 1, max: 10_000_000) ?? simulations
      }
    }
    var fits: [Entry] = []
    if let node = required("fits", "the key 'fits' (a list of {model, method})"), let list = r.sequence(node, "fits") {
      if list.isEmpty { r.report(node, "fits", expected: "at least one fit", found: "an empty list") }
      for (i, item) in list.enumerated() {
        if let entry = decodeEntry(item, r, path: "fits[\(i)]") { fits.append(entry) }
      }
      var seen = Set<String>()
      for (i, entry) in fits.enumerated() where !seen.insert("\(entry.label) \(entry.method.rawValue)").inserted {
        r.report(
          list[i], "fits[\(i)]", expected: "each (model, method) once (give a second fit a label)",
          found: "'\(entry.label)' by \(entry.method.rawValue) again")
      }
    }
    guard let name, let graph else { return nil }
    return FitScenario(
      name: name, description: description, seed: seed, graph: graph, toaColumn: toa, censoring: censoring,
      simulations: simulations, fits: fits, file: file, sourceHash: hash, locations: locations)
  }

  static func decodeCensoring(_ node: Node, _ r: ScenarioReader) -> ObservedAdoption.Censoring? {
    let expected = "last-period, or {value: X} (X, or an empty or NA cell, means not adopted by the end)"
    switch node {
    case .scalar(let s):
      if s.string == "last-period" { return .lastPeriod }
      r.report(node, "data.censoring", expected: expected, found: "'\(s.string)'")
      return nil
    default:
      guard let map = r.mapping(node, "data.censoring", allowed: ["value"]), let value = map.first?.node else {
        r.report(node, "data.censoring", expected: expected, found: "no value")
        return nil
      }
      return r.double(value, "data.censoring.value").map { .value($0) }
    }
  }

  static let entryKeys = ["model", "method", "label", "p", "q"]

  static func decodeEntry(_ node: Node, _ r: ScenarioReader, path: String) -> Entry? {
    guard case .mapping(let map) = node else {
      r.report(
        node, path, expected: "a fit {model, method}", found: node.sequence != nil ? "a list" : "'\(node.string ?? "")'"
      )
      return nil
    }
    let pairs = map.compactMap { k, v in k.string.map { ($0, v) } }
    let fields = Dictionary(pairs, uniquingKeysWith: { a, _ in a })
    let methods = FitMethod.allCases.map(\.rawValue)
    guard let methodNode = fields["method"], let methodName = r.string(methodNode, "\(path).method") else {
      r.report(node, "\(path).method", expected: "a method (\(methods.joined(separator: ", ")))", found: "nothing")
      return nil
    }
    guard let method = FitMethod(rawValue: methodName) else {
      r.report(
        methodNode, "\(path).method", expected: "a method (\(methods.joined(separator: ", ")))",
        found: "'\(methodName)'", suggestion: closest(to: methodName, in: methods))
      return nil
    }
    if method == .abcSmc {
      // The model is a mapping (a Boca model with priors); AbcFitSpec reads the whole entry.
      guard let spec = AbcFitSpec.decode(node, path: path, reader: r) else { return nil }
      return Entry(label: spec.name, model: spec.model, method: method, perLayer: false, node: node, abc: spec)
    }
    guard let modelNode = fields["model"], let model = r.string(modelNode, "\(path).model") else {
      r.report(node, "\(path).model", expected: "a model name", found: "nothing")
      return nil
    }
    let label = fields["label"].flatMap { r.string($0, "\(path).label") } ?? model
    var entry = Entry(label: label, model: model, method: method, perLayer: false, node: node)
    switch method {
    case .abcSmc:
      return nil  // read above
    case .nlsMeanfield:
      guard r.mapping(node, path, allowed: ["model", "method", "label"]) != nil else { return nil }
      if model != BassMeanField.modelName {
        r.report(
          modelNode, "\(path).model", expected: "\(BassMeanField.modelName) (the model nls-meanfield fits)",
          found: "'\(model)'")
        return nil
      }
    case .mle:
      guard r.mapping(node, path, allowed: entryKeys) != nil else { return nil }
      let models = HazardModel.allCases.map(\.rawValue)
      guard let hazard = HazardModel(rawValue: model) else {
        r.report(
          modelNode, "\(path).model", expected: "a model with an exact likelihood (\(models.joined(separator: ", ")))",
          found: "'\(model)'", suggestion: closest(to: model, in: models))
        return nil
      }
      if let pNode = fields["p"], let p = r.string(pNode, "\(path).p") {
        switch p {
        case "shared": entry.perSide = false
        case "per-side": entry.perSide = true
        default:
          r.report(pNode, "\(path).p", expected: "shared or per-side", found: "'\(p)'")
          return nil
        }
      }
      if let qNode = fields["q"], let q = r.string(qNode, "\(path).q") {
        switch q {
        case "shared": entry.perLayer = false
        case "per-layer":
          guard hazard == .exposure else {
            r.report(
              qNode, "\(path).q", expected: "shared (one q per layer is an option of hazard-exposure)",
              found: "'per-layer'")
            return nil
          }
          entry.perLayer = true
        default:
          r.report(qNode, "\(path).q", expected: "shared or per-layer", found: "'\(q)'")
          return nil
        }
      }
    }
    return entry
  }
}
