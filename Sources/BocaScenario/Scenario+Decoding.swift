import BocaGraph
import BocaModels
import BocaRandom
import Foundation
import Yams

extension Scenario {
  /// The top-level keys of a scenario.
  public static let topLevelKeys = [
    "name", "description", "seed", "rng", "replicates", "steps", "graph", "model", "seeds", "outputs", "arms", "sweep",
  ]

  /// Reads and validates a scenario file, reporting every problem at once.
  ///
  /// - Throws: ``ScenarioError`` with one ``ScenarioDiagnostic`` per problem (file, line, key path,
  ///   expected, found), or a ``ScenarioDiagnostic`` when the file cannot be read or is not YAML.
  public static func load(path: String) throws -> Scenario {
    let (data, text) = try readScenarioFile(path, name: path)
    let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
    return try parse(text, file: path, baseDirectory: base, hash: RandomSeedDerivation.fnv1a(data))
  }

  /// Parses scenario YAML. Relative file paths in `graph.load` are resolved against `baseDirectory`.
  public static func parse(_ text: String, file: String, baseDirectory: String = ".", hash: UInt64? = nil) throws
    -> Scenario
  {
    let root = try compose(text, file: file)
    let reader = ScenarioReader(file: file)
    let scenario = decode(
      root, reader: reader, file: file, baseDirectory: baseDirectory,
      hash: hash ?? RandomSeedDerivation.fnv1a(Array(text.utf8)))
    guard reader.diagnostics.isEmpty, let scenario else { throw ScenarioError(reader.diagnostics) }
    return scenario
  }

  /// The YAML tree of the scenario file at `path`, its FNV-1a hash and its folder (against which
  /// relative paths resolve), for readers of other scenario kinds (`boca fit`).
  ///
  /// - Throws: ``ScenarioError`` when the file cannot be read or is not YAML.
  public static func readTree(path: String) throws -> (root: Node, hash: UInt64, baseDirectory: String) {
    let (data, text) = try readScenarioFile(path, name: path)
    let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
    return (try compose(text, file: path), RandomSeedDerivation.fnv1a(data), base)
  }

  /// The YAML tree of a scenario's text. Text nested deeper than ``YAMLLimits/maximumDepth`` is
  /// refused before the YAML parser reads it, and a tree that aliases make larger than
  /// ``YAMLLimits`` allows is refused before anything walks it whole.
  static func compose(_ text: String, file: String) throws -> Node {
    try YAMLLimits.checkNesting(text, file: file)
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw ScenarioError([yamlDiagnostic(error, file: file, text: text)])
    }
    guard let node else {
      throw ScenarioError([
        ScenarioDiagnostic(
          file: file, line: 1, column: 1, keyPath: "", expected: "a scenario", found: "an empty file")
      ])
    }
    try YAMLLimits.checkExpansion(node, textSize: text.utf8.count, file: file)
    return node
  }

  /// A YAML error at its place in the file, in plain words: the parser's problem (and what it
  /// was reading, when it says), without its own position and snippet.
  static func yamlDiagnostic(_ error: YamlError, file: String, text: String) -> ScenarioDiagnostic {
    func diagnostic(_ line: Int, _ column: Int, _ found: String) -> ScenarioDiagnostic {
      ScenarioDiagnostic(file: file, line: line, column: column, keyPath: "", expected: "valid YAML", found: found)
    }
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      if problem == "found undefined alias" {
        let name = TextPosition.token(atLine: mark.line, column: mark.column, in: text)
        return diagnostic(
          mark.line, mark.column,
          "the alias \(name), which names no anchor before it (an alias cannot repeat the value it is inside)")
      }
      let reading = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
      let words = problem.hasPrefix("found ") ? String(problem.dropFirst(6)) : problem
      return diagnostic(mark.line, mark.column, words + reading)
    case .reader(let problem, let offset, let value, _):
      let (line, column) = offset.map { TextPosition.of(characterOffset: $0, in: text) } ?? (1, 1)
      let character = Unicode.Scalar(UInt32(bitPattern: value)).map { "'\(MessageText.escaped(String($0)))' (" } ?? "("
      return diagnostic(line, column, "\(character)\(problem))")
    case .memory:
      return diagnostic(1, 1, "more than the YAML parser could hold in memory")
    default:
      return diagnostic(1, 1, "\(error)")
    }
  }

  static func decode(_ root: Node, reader r: ScenarioReader, file: String, baseDirectory: String, hash: UInt64)
    -> Scenario?
  {
    guard let top = r.mapping(root, "", allowed: topLevelKeys) else { return nil }
    let fields = Dictionary(top.map { ($0.key, $0.node) }, uniquingKeysWith: { a, _ in a })
    func required(_ key: String) -> Node? {
      if let node = fields[key] { return node }
      r.report(root, key, expected: "the key '\(key)'", found: "nothing")
      return nil
    }
    let name = required("name").flatMap { r.string($0, "name") }
    let description = fields["description"].flatMap { r.string($0, "description") }
    let seed = fields["seed"].flatMap { r.int($0, "seed", min: 0) }.map(UInt64.init) ?? 1
    var rng = GeneratorKind.taus2
    if let node = fields["rng"], let text = r.string(node, "rng") {
      if let kind = GeneratorKind(rawValue: text) {
        rng = kind
      } else {
        let names = GeneratorKind.allCases.map(\.rawValue)
        r.report(
          node, "rng", expected: "a GSL generator (\(names.joined(separator: ", ")))", found: "'\(text)'",
          suggestion: closest(to: text, in: names))
      }
    }
    let replicatePlan = fields["replicates"].flatMap { decodeReplicates($0, r) } ?? .fixed(100)
    let steps = fields["steps"].flatMap { r.int($0, "steps", min: 1, max: NumericRanges.maximumSteps) }
    let graph = required("graph").flatMap { decodeGraph($0, r, baseDirectory: baseDirectory) }
    let model = required("model").flatMap { decodeModel($0, r) }
    let seeding = fields["seeds"].flatMap { decodeSeeding($0, r) }
    let outputs = fields["outputs"].flatMap { decodeOutputs($0, r) } ?? OutputSpec(sqlite: true, timeseries: false)
    guard let name, let graph, let model else { return nil }
    if let graphNode = fields["graph"], let modelNode = fields["model"] {
      crossCheck(
        graph: graph, model: model, seeding: seeding, graphNode: graphNode, modelNode: modelNode,
        seedsNode: fields["seeds"], r)
    }
    var scenario = Scenario(
      name: name, description: description, seed: seed, rng: rng, replicates: replicatePlan.maximum,
      replicatePlan: replicatePlan, steps: steps, graph: graph, model: model, seeding: seeding, outputs: outputs,
      file: file, sourceHash: hash)
    scenario.locations[""] = r.location(root)
    for (key, node) in top { scenario.locations[key] = r.location(node) }
    return scenario
  }

  /// Checks that names used in one section exist in another (layers, sides).
  static func crossCheck(
    graph: GraphSpec, model: ModelSpec, seeding: SeedingSpec?, graphNode: Node, modelNode: Node, seedsNode: Node?,
    _ r: ScenarioReader
  ) {
    guard graph.load == nil else { return }  // loaded graphs: checked once the files are read
    let layerNames = graph.layers.map(\.name)
    checkModelParameters(model, graph: graph, r)
    for layer in model.layers where !layerNames.contains(layer) {
      r.report(
        modelNode, "model.layers", expected: "a layer of graph.layers (\(layerNames.joined(separator: ", ")))",
        found: "'\(layer)'", suggestion: closest(to: layer, in: layerNames))
    }
    for (key, values) in model.parameters.perLayer {
      for layer in values.keys.sorted() where !layerNames.contains(layer) {
        r.report(
          modelNode, "model.\(key).\(layer)",
          expected: "a layer of graph.layers (\(layerNames.joined(separator: ", ")))", found: "'\(layer)'",
          suggestion: closest(to: layer, in: layerNames))
      }
    }
    let sideNames = graph.sides.map(\.name)
    if let side = seeding?.side, !sideNames.contains(side) {
      r.report(
        seedsNode, "seeds.side", expected: "a side of graph.sides (\(sideNames.joined(separator: ", ")))",
        found: "'\(side)'", suggestion: closest(to: side, in: sideNames))
    }
    for layer in graph.layers {
      if let other = layer.overlapWith, !layerNames.contains(other) || other == layer.name {
        r.report(
          graphNode, "graph.layers.\(layer.name).overlap_with", expected: "another layer's name", found: "'\(other)'",
          suggestion: closest(to: other, in: layerNames))
      }
      for side in layer.sides where !sideNames.contains(side) {
        r.report(
          graphNode, "graph.layers.\(layer.name).sides", expected: "a side of graph.sides", found: "'\(side)'",
          suggestion: closest(to: side, in: sideNames))
      }
    }
  }

  /// Builds the model on a stand-in graph with the scenario's sides (one node each) and layers
  /// (no edges), so that parameter errors (a probability of 1.7, a missing key, a lurker side
  /// that does not exist) are reported with the others, at their lines, before any graph is
  /// generated. What depends on the real graph (node columns, seed ids, parameters of kind
  /// ``ValueKind/nodeIDs``) is checked once it is
  /// built, by the check `run` and `validate` share (`BocaRunner.PlanCheck`).
  static func checkModelParameters(_ model: ModelSpec, graph: GraphSpec, _ r: ScenarioReader) {
    let sides = graph.sides.map(\.name)
    var stand = MultiplexGraph(
      nodeCount: max(1, sides.count), sideNames: sides,
      nodeSide: sides.isEmpty ? nil : sides.indices.map { UInt16($0) })
    for layer in graph.layers {
      _ = try? stand.addLayer(name: layer.name, directed: layer.directed, sources: [], targets: [])
    }
    guard model.layers.allSatisfy({ stand.layerIndex($0) != nil }),
      model.parameters.perLayer.values.allSatisfy({ $0.keys.allSatisfy { stand.layerIndex($0) != nil } })
    else { return }  // unknown layer names are reported by crossCheck, with suggestions
    // Node ids name nodes of the real graph, which the stand-in does not have.
    var parameters = model.parameters
    for spec in ModelRegistry.entry(model.name)?.parameters ?? [] where spec.kind == .nodeIDs {
      parameters.options[spec.name] = nil
      parameters.values[spec.name] = nil
    }
    do {
      _ = try ModelRegistry.make(name: model.name, graph: stand, layers: model.layers, parameters: parameters)
    } catch let error as ModelError {
      if let located = model.locate(error) as? ScenarioError {
        for d in located.diagnostics { r.append(d) }
      } else {
        r.report(nil, "model", expected: "a valid model", found: "\(error)")
      }
    } catch {
      r.report(nil, "model", expected: "a valid model", found: "\(error)")
    }
  }

  static func decodeSeeding(_ node: Node, _ r: ScenarioReader) -> SeedingSpec? {
    guard let map = r.mapping(node, "seeds", allowed: ["policy", "k", "side", "nodes"]) else { return nil }
    var spec = SeedingSpec(policy: .random, k: 1, side: nil, nodes: [])
    spec.locations[""] = r.location(node)
    for (key, value) in map {
      let path = "seeds.\(key)"
      spec.locations[key] = r.location(value)
      switch key {
      case "policy":
        if let text = r.string(value, path) {
          if let policy = SeedingSpec.Policy(rawValue: text) {
            spec.policy = policy
          } else {
            let names = SeedingSpec.Policy.allCases.map(\.rawValue)
            r.report(
              value, path, expected: "a seeding policy (\(names.joined(separator: ", ")))", found: "'\(text)'",
              suggestion: closest(to: text, in: names))
          }
        }
      case "k": spec.k = r.int(value, path, min: 0) ?? spec.k  // 0: no seeds
      case "side": spec.side = r.string(value, path)
      default:
        if let items = r.sequence(value, path) {
          spec.nodes = items.enumerated().compactMap { r.int($1, "\(path)[\($0)]", min: 0).map(Int64.init) }
          if map.first(where: { $0.key == "policy" }) == nil { spec.policy = .nodes }
          spec.k = spec.nodes.count
        }
      }
    }
    if spec.policy == .nodes && spec.nodes.isEmpty {
      r.report(node, "seeds.nodes", expected: "a list of node ids for policy 'nodes'", found: "none")
    }
    return spec
  }

  static func decodeOutputs(_ node: Node, _ r: ScenarioReader) -> OutputSpec? {
    guard let map = r.mapping(node, "outputs", allowed: ["sqlite", "timeseries", "timeseries_every", "netlogo"]) else {
      return nil
    }
    var spec = OutputSpec(sqlite: true, timeseries: false)
    for (key, value) in map {
      switch key {
      case "sqlite": spec.sqlite = r.bool(value, "outputs.sqlite") ?? true
      case "timeseries_every":
        spec.timeseriesEvery = r.int(value, "outputs.timeseries_every", min: 1, max: NumericRanges.maximumSteps) ?? 1
      case "netlogo": spec.netlogo = r.bool(value, "outputs.netlogo") ?? false
      default: spec.timeseries = r.bool(value, "outputs.timeseries") ?? false
      }
    }
    return spec
  }

  static func decodeModel(_ node: Node, _ r: ScenarioReader) -> ModelSpec? {
    guard let map = r.mapping(node, "model") else { return nil }
    var spec = ModelSpec(name: "", parameters: ModelParameters(), layers: [])
    var nameNode: Node? = nil
    for (key, value) in map where key == "name" {
      nameNode = value
      spec.name = r.string(value, "model.name") ?? ""
    }
    let names = ModelRegistry.all.map(\.name)
    guard let nameNode else {
      r.report(node, "model.name", expected: "the key 'name' (\(names.joined(separator: ", ")))", found: "nothing")
      return nil
    }
    guard let entry = ModelRegistry.entry(spec.name) else {
      if !spec.name.isEmpty {
        r.report(
          nameNode, "model.name", expected: "a model (\(names.joined(separator: ", ")))", found: "'\(spec.name)'",
          suggestion: closest(to: spec.name, in: names))
      }
      return nil
    }
    func location(_ node: Node) -> SourceLocation {
      SourceLocation(file: r.file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }
    spec.locations["name"] = location(nameNode)
    let keys = entry.keys + ["layers"]
    for (key, value) in map where key != "name" {
      let path = "model.\(key)"
      spec.locations[key] = location(value)
      guard keys.contains(key) else {
        r.report(
          value, path, expected: "a parameter of model '\(spec.name)' (\(keys.joined(separator: ", ")))",
          found: "unknown key '\(key)'", suggestion: closest(to: key, in: keys))
        continue
      }
      if key == "layers" {
        spec.layers = r.strings(value, path) ?? []
        continue
      }
      switch value {
      case .mapping:
        guard let pairs = r.mapping(value, path) else { continue }
        var perLayer: [String: Double] = [:]
        for (layer, v) in pairs {
          spec.locations["\(key).\(layer)"] = location(v)
          if let x = r.double(v, "\(path).\(layer)") { perLayer[layer] = x }
        }
        spec.parameters.perLayer[key] = perLayer
      case .scalar(let scalar):
        if let x = value.float, x.isFinite {
          spec.parameters.values[key] = x
        } else if !scalar.string.isEmpty {
          spec.parameters.options[key] = scalar.string
        } else {
          r.report(value, path, expected: "a number or a word", found: "an empty value")
        }
      default:
        r.report(value, path, expected: "a number, a word, or a value per layer", found: ScenarioReader.show(value))
      }
    }
    return spec
  }
}

/// The bytes and text of the scenario file at `path`, reported as `name` in errors.
///
/// - Throws: ``ScenarioError`` when the file cannot be read (in plain words: no such file,
///   permission denied, a directory) or is not UTF-8 (at the first byte that is not).
func readScenarioFile(_ path: String, name: String) throws -> (data: Data, text: String) {
  let data: Data
  do {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw CocoaError(
        .fileReadUnknown, userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EISDIR))])
    }
    data = try Data(contentsOf: URL(fileURLWithPath: path))
  } catch {
    throw ScenarioError([
      ScenarioDiagnostic(
        file: name, line: 0, column: 0, keyPath: "", expected: "a readable scenario file",
        found: MessageText.fileProblem(error))
    ])
  }
  guard let text = String(data: data, encoding: .utf8) else {
    let at = TextPosition.firstInvalidUTF8(in: data)
    throw ScenarioError([
      ScenarioDiagnostic(
        file: name, line: at.line, column: at.column, keyPath: "", expected: "UTF-8 text",
        found: "the byte 0x\(String(format: "%02X", at.byte)) at byte offset \(at.offset), which is not UTF-8")
    ])
  }
  return (data, text)
}

/// Line and column of places in a file's text, for messages.
enum TextPosition {
  /// The 1-based line and column (in Unicode scalars) of the `offset`-th character of `text`.
  static func of(characterOffset offset: Int, in text: String) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    for (i, character) in text.enumerated() {
      if i >= offset { break }
      if character.isNewline {
        line += 1
        column = 1
      } else {
        column += character.unicodeScalars.count
      }
    }
    return (line, column)
  }

  /// The word (up to a blank or a flow indicator) at a 1-based line and column of `text`.
  static func token(atLine line: Int, column: Int, in text: String) -> String {
    guard let row = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(line - 1).first
    else { return "" }
    let scalars = Array(row.unicodeScalars).dropFirst(column - 1)
    let stops: Set<Unicode.Scalar> = [" ", "\t", "\r", ",", "[", "]", "{", "}"]
    return String(String.UnicodeScalarView(scalars.prefix { !stops.contains($0) }))
  }

  /// The first byte of `data` that does not belong to valid UTF-8: its offset (from 0), line,
  /// column (in bytes, from 1) and value.
  static func firstInvalidUTF8(in data: Data) -> (offset: Int, line: Int, column: Int, byte: UInt8) {
    let bytes = [UInt8](data)
    var i = 0
    var line = 1
    var lineStart = 0
    while i < bytes.count {
      let b = bytes[i]
      let length: Int
      switch b {
      case 0x00...0x7F: length = 1
      case 0xC2...0xDF: length = 2
      case 0xE0...0xEF: length = 3
      case 0xF0...0xF4: length = 4
      default: return (i, line, i - lineStart + 1, b)
      }
      if i + length > bytes.count { return (i, line, i - lineStart + 1, b) }
      if length > 1 {
        let sequence = Array(bytes[i..<(i + length)])
        if String(bytes: sequence, encoding: .utf8) == nil { return (i, line, i - lineStart + 1, b) }
      }
      if b == 0x0A {
        line += 1
        lineStart = i + 1
      }
      i += length
    }
    return (bytes.count, line, bytes.count - lineStart + 1, 0)
  }
}
