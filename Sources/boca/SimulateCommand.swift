import ArgumentParser
import BocaGraph
import BocaModels
import BocaRandom
import BocaResults
import BocaRunner
import Foundation

struct SimulateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simulate",
    abstract: "Run one model on one edge list and print one CSV summary row.",
    discussion: """
      Prints a header line and one row with at least
      model,replicates,mean_spread,std_spread,sem_spread,seconds (spread = nodes ever activated,
      seeds included; seconds times the replicate loop alone, load_seconds the reading and
      building of the graph). Replicate r is seeded as BocaRandom.SeedDerivation says, from
      --rng-seed, so the output does not depend on --threads.
      """
  )

  @Option(name: .long, help: "The model: ic.")
  var model: String

  @Option(name: .long, help: "Edge list (SNAP style 'u v' per line) or edge table (.csv with source,target[,layer,weight]).")
  var edges: String

  @Flag(name: .long, help: "Read 'u v' as the directed edge u -> v.")
  var directed = false

  @Option(name: .long, help: "IC: activation probability per edge (the same as --param p=P).")
  var p: Double?

  @Option(name: .long, parsing: .singleValue, help: "A model parameter key=value (repeatable).")
  var param: [String] = []

  @Option(name: .long, help: "Seed nodes: original ids, comma-separated.")
  var seedNodes: String?

  @Option(name: .long, help: "Replicates.")
  var replicates: Int = 1000

  @Option(name: .long, help: "Root seed of the replicate seeds.")
  var rngSeed: UInt64 = 1

  @Option(name: .long, help: "GSL generator (taus2, mt19937, ranlxs0, ranlxd1, gfsr4, ranlux389, ran2).")
  var rng: String = GeneratorKind.taus2.rawValue

  @Option(name: .long, help: "Worker threads (default 1, as the peer benchmark).")
  var threads: Int = 1

  @Option(name: .long, help: "Write one spread per replicate (CSV: replicate,seed,spread).")
  var spreads: String?

  func validate() throws {
    guard replicates >= 1 else { throw ValidationError("--replicates: expected at least 1, found \(replicates)") }
    guard threads >= 1 else { throw ValidationError("--threads: expected at least 1, found \(threads)") }
    guard GeneratorKind(rawValue: rng) != nil else {
      throw ValidationError("--rng: expected one of \(GeneratorKind.allCases.map(\.rawValue).joined(separator: ", ")), found '\(rng)'")
    }
    guard model == "ic" else { throw ValidationError("--model: expected ic, found '\(model)'") }
  }

  func run() throws {
    let parameters = try ParameterList(param, p: p)
    let loadStart = ContinuousClock.now
    let graph = try GraphLoader.load(edges: edges, nodes: nil, directed: directed, sideColumn: nil, log: printError)
    let loadSeconds = (ContinuousClock.now - loadStart).seconds

    guard let p = parameters["p"] else { throw UserError("--p: expected the IC activation probability, found nothing") }
    try parameters.requireOnly(["p"], model: model)
    let icModel = try IndependentCascade(graph: graph, p: p)
    let seeds = try SeedNodes.parse(seedNodes, graph: graph)
    let table = SeedTable(root: rngSeed, scenarioHash: 0, points: 1, replicates: replicates)
    let kind = GeneratorKind(rawValue: rng)!
    let n = graph.nodeCount

    let start = ContinuousClock.now
    let values = try ReplicateRunner.run(
      count: replicates, threads: threads, kind: kind, seed: { table[0, $0] },
      makeState: { CascadeWorkspace(nodeCount: n) },
      body: { _, rng, workspace in icModel.run(seeds: seeds, rng: rng, workspace: &workspace) })
    let seconds = (ContinuousClock.now - start).seconds

    if let spreads {
      var text = "replicate,seed,spread\n"
      for (r, v) in values.enumerated() { text += "\(r),\(table[0, r]),\(v)\n" }
      try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: spreads))
    }
    let summary = SpreadSummary(values.map(Double.init))
    print("model,params,replicates,mean_spread,std_spread,sem_spread,seconds,s_per_rep,load_seconds,nodes,edges,rng,rng_seed,threads")
    print(
      [
        model, "p=\(p)", "\(replicates)", fmt(summary.mean), fmt(summary.sd), fmt(summary.sem), fmt(seconds),
        fmt(seconds / Double(replicates)), fmt(loadSeconds), "\(graph.nodeCount)", "\(graph.edgeCount)", rng, "\(rngSeed)",
        "\(threads)",
      ].joined(separator: ","))
  }
}

/// Six significant digits, as the peer benchmark prints.
func fmt(_ x: Double) -> String { String(format: "%.6g", x) }

extension Duration {
  /// The duration in seconds.
  var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

/// Mean, sample standard deviation and standard error of the mean.
struct SpreadSummary {
  let mean: Double
  let sd: Double
  let sem: Double

  init(_ values: [Double]) {
    let n = Double(values.count)
    let m = values.reduce(0, +) / n
    mean = m
    let ss = values.reduce(0.0) { $0 + ($1 - m) * ($1 - m) }
    sd = values.count > 1 ? (ss / (n - 1)).squareRoot() : 0
    sem = (values.count > 1 ? (ss / (n - 1)).squareRoot() : 0) / n.squareRoot()
  }
}

/// `--param key=value` options, merged with the model's dedicated options.
struct ParameterList {
  private var values: [String: Double] = [:]

  init(_ items: [String], p: Double?) throws {
    for item in items {
      let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, let v = Double(parts[1]), v.isFinite else {
        throw UserError("--param: expected key=value with a number, found '\(item)'")
      }
      values[parts[0]] = v
    }
    if let p {
      if let other = values["p"], other != p { throw UserError("--p \(p) and --param p=\(other) disagree") }
      values["p"] = p
    }
  }

  subscript(key: String) -> Double? { values[key] }

  func requireOnly(_ keys: [String], model: String) throws {
    if let extra = values.keys.sorted().first(where: { !keys.contains($0) }) {
      throw UserError("--param \(extra): model '\(model)' has no parameter '\(extra)'; expected \(keys.joined(separator: ", "))")
    }
  }
}

/// Parses `--seed-nodes` (original ids) into internal ids.
enum SeedNodes {
  static func parse(_ text: String?, graph: MultiplexGraph) throws -> [UInt32] {
    guard let text, !text.isEmpty else { throw UserError("--seed-nodes: expected comma-separated node ids, found nothing") }
    let ids = try text.split(separator: ",").map { token in
      let t = token.trimmingCharacters(in: .whitespaces)
      guard let id = Int64(t) else { throw UserError("--seed-nodes: expected a node id, found '\(t)'") }
      return id
    }
    return try zip(ids, graph.internalIDs(of: ids)).map { id, v in
      guard let v else { throw UserError("--seed-nodes: node \(id) is not in the graph") }
      return v
    }
  }
}
