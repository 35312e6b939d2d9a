import ArgumentParser
import BocaGraph
import BocaModels
import BocaRandom
import BocaResults
import BocaRunner
import BocaScenario
import Foundation

struct SimulateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simulate",
    abstract: "Run one model on one edge list and print one CSV summary row.",
    discussion: """
      Prints a header line and one row with at least
      model,replicates,mean_spread,std_spread,sem_spread,seconds (spread = nodes ever
      adopted/activated/infected, seeds included; seconds times the replicate loop alone,
      load_seconds the reading and building of the graph). Replicate r is seeded as
      BocaRandom.RandomSeedDerivation says, from --rng-seed, so the output does not depend on --threads
      (default: all cores; the threads column says how many ran; pass --threads 1 to time the
      replicate loop against a single-threaded tool).

      Models and their keys (--param key=value): \(ModelRegistry.all.map { "\($0.name) (\($0.keys.joined(separator: ", ")))" }.joined(separator: "; ")).
      """
  )

  @Option(name: .long, help: "The model: \(ModelRegistry.all.map(\.name).joined(separator: ", ")).")
  var model: String

  @OptionGroup var graphFile: GraphFileOptions

  @Option(
    name: .long, parsing: .unconditional,
    help: "Shorthand for --param p=P (IC's activation probability, Bass's innovation).")
  var p: Double?

  @Option(
    name: .long, parsing: .singleValue, help: "A model parameter key=value (repeatable); a word value is an option.")
  var param: [String] = []

  @Option(name: .long, help: "Time for SIR/SIS: discrete (per step) or continuous (Gillespie).")
  var time: String?

  @Option(name: .long, help: "Layers the model uses (comma-separated; default all).")
  var layers: String?

  @Option(
    name: .long, parsing: .unconditional,
    help: "Seed nodes: original ids, comma-separated (optional for models with external influence).")
  var seedNodes: String?

  @Option(name: .long, parsing: .unconditional, help: "Replicates.")
  var replicates: Int = 1000

  @Option(
    name: .long, parsing: .unconditional,
    help: "Steps to run (models that run in time); continuous-time models report at unit times.")
  var steps: Int?

  @OptionGroup var random: RandomSeedOptions

  @Option(name: .long, help: "GSL generator (taus2, mt19937, ranlxs0, ranlxd1, gfsr4, ranlux389, ran2).")
  var rng: String = GeneratorKind.taus2.rawValue

  @OptionGroup var threading: ThreadOptions

  @OptionGroup var memory: MemoryOptions

  @Option(name: .long, help: "Write one spread per replicate (CSV: replicate,seed,spread).")
  var spreads: String?

  @Option(name: .long, help: "Write the mean curve (CSV: step,mean_adopted,sd_adopted, then per-state means).")
  var timeseries: String?

  func validate() throws {
    guard replicates >= 1 else { throw ValidationError("--replicates: expected at least 1, found \(replicates)") }
    if let steps, steps < 0 { throw ValidationError("--steps: expected at least 0, found \(steps)") }
    guard GeneratorKind(rawValue: rng) != nil else {
      throw ValidationError(
        "--rng: expected one of \(GeneratorKind.allCases.map(\.rawValue).joined(separator: ", ")), found '\(rng)'")
    }
    guard ModelRegistry.entry(model) != nil else {
      throw ValidationError(
        "--model: expected one of \(ModelRegistry.all.map(\.name).joined(separator: ", ")), found '\(model)'")
    }
  }

  func run() throws {
    var parameters = try ParameterList.parse(param, p: p)
    if let time { parameters.options["time"] = time }
    let loadStart = ContinuousClock.now
    let graph = try graphFile.load(log: printError)
    let loadSeconds = (ContinuousClock.now - loadStart).seconds

    let layerNames = layers.map { $0.split(separator: ",").map(String.init) } ?? []
    let diffusion = try ModelRegistry.make(name: model, graph: graph, layers: layerNames, parameters: parameters)
    let seeds = try seedNodes.map { try SeedNodes.parse($0, graph: graph) } ?? []
    if seeds.isEmpty && diffusion.needsSeeds {
      throw UserError("--seed-nodes: model '\(model)' needs seed nodes, found none")
    }
    // Memory: the seed table, 4 bytes per replicate for the spreads, and what the files keep.
    try memory.apply()
    try RunLimits.check(points: 1, replicates: replicates, scenario: nil, key: "--replicates", log: printError)
    let kept = MemoryBudget.sum(
      RunLimits.replicateSeedsBytes(replicates), MemoryBudget.product(replicates, 4),
      spreads == nil ? 0 : MemoryBudget.product(replicates, 40),
      timeseries == nil ? 0 : MemoryBudget.product(replicates, 96 + 16 * ((steps ?? 0) + 1)))
    try MemoryBudget.current.check(
      "the seed table and results of --replicates \(replicates)", bytes: kept, log: printError)
    let rngSeed = random.rngSeed
    let threads = threading.count
    let table = ReplicateSeeds(root: rngSeed, scenarioHash: 0, points: 1, replicates: replicates)
    let kind = GeneratorKind(rawValue: rng)!
    let recording = timeseries != nil
    let horizon = steps

    // Replicates run in batches so that only the spreads (and, for --timeseries, the traces)
    // are kept for all of them; each replicate is seeded from the table, so the batches and
    // the thread count do not change the results.
    let start = ContinuousClock.now
    var spreadValues = [UInt32]()
    spreadValues.reserveCapacity(replicates)
    var traces: [ReplicateTrace] = []
    var first = 0
    while first < replicates {
      let count = min(Self.batch, replicates - first)
      let offset = first
      let outcomes = try ReplicateRunner.run(
        count: count, threads: threads, kind: kind, seed: { table[0, offset + $0] },
        makeState: { (diffusion.makeSimulator(), ReplicateTrace(recording: recording)) },
        body: { _, rng, state in
          let spread = state.0.run(seeds: seeds, rng: rng, horizon: horizon, trace: &state.1)
          return recording ? Outcome(spread: spread, trace: state.1) : Outcome(spread: spread, trace: nil)
        })
      for o in outcomes {
        spreadValues.append(UInt32(truncatingIfNeeded: o.spread))
        if let trace = o.trace { traces.append(trace) }
      }
      first += count
    }
    let seconds = (ContinuousClock.now - start).seconds

    if let spreads {
      var text = "replicate,seed,spread\n"
      for (r, spread) in spreadValues.enumerated() { text += "\(r),\(table[0, r]),\(spread)\n" }
      try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: spreads))
    }
    if let timeseries {
      let curve = MeanCurve(traces, horizon: steps)
      try AtomicFile.write(Data(curve.csv.utf8), to: URL(fileURLWithPath: timeseries))
    }
    let summary = SpreadSummary(spreadValues)
    let sem = summary.sd / Double(summary.n).squareRoot()
    let shown = parameters.description
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let peakMB = Double(usage.ru_maxrss) / 1024  // Linux reports kilobytes
    try StandardOutput.line(
      "model,params,replicates,mean_spread,std_spread,sem_spread,seconds,s_per_rep,load_seconds,nodes,edges,rng,rng_seed,threads,graph_mb,peak_rss_mb"
    )
    // One replicate has no standard deviation: std_spread and sem_spread are left empty.
    try StandardOutput.line(
      [
        model, shown, "\(replicates)", cell(summary.mean), cell(summary.sd), cell(sem), fmt(seconds),
        fmt(seconds / Double(replicates)), fmt(loadSeconds), "\(graph.nodeCount)", "\(graph.edgeCount)", rng,
        "\(rngSeed)",
        "\(threads)", fmt(Double(graph.byteCount) / 1e6), fmt(peakMB),
      ].joined(separator: ","))
  }

  /// Replicates per batch.
  static let batch = 65_536

  /// The mean and sd of the spreads, as ``MeanSummary`` computes them (summed in replicate
  /// order, so the printed row is the same to the bit) without a second array of doubles.
  struct SpreadSummary {
    let n: Int
    let mean: Double
    let sd: Double

    init(_ values: [UInt32]) {
      n = values.count
      mean = n == 0 ? .nan : values.reduce(0.0) { $0 + Double($1) } / Double(n)
      let m = mean
      sd = n < 2 ? .nan : (values.reduce(0.0) { $0 + (Double($1) - m) * (Double($1) - m) } / Double(n - 1)).squareRoot()
    }
  }

  /// One replicate's result, with its trace when a time series is asked for.
  struct Outcome: @unchecked Sendable {
    let spread: Int
    let trace: ReplicateTrace?
  }
}

/// Six significant digits, as the peer benchmark prints.
func fmt(_ x: Double) -> String { String(format: "%.6g", x) }

/// A CSV cell: six significant digits, or empty for a value that does not exist (NaN, such as
/// the standard deviation of one replicate).
func cell(_ x: Double) -> String { x.isNaN ? "" : fmt(x) }

extension Duration {
  /// The duration in seconds.
  var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

/// `--param key=value` options: numbers become model values, words become options.
enum ParameterList {
  static func parse(_ items: [String], p: Double?) throws -> ModelParameters {
    var parameters = ModelParameters()
    for item in items {
      let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        throw UserError("--param: expected key=value, found '\(item)'")
      }
      if let v = Double(parts[1]) {
        guard v.isFinite else { throw UserError("--param \(parts[0]): expected a finite number, found '\(parts[1])'") }
        parameters.values[parts[0]] = v
      } else {
        parameters.options[parts[0]] = parts[1]
      }
    }
    if let p {
      if let other = parameters.values["p"], other != p { throw UserError("--p \(p) and --param p=\(other) disagree") }
      parameters.values["p"] = p
    }
    return parameters
  }
}

extension ModelParameters {
  /// `key=value` pairs joined by `;`, sorted by key, as the peer benchmark's `params` column.
  var description: String {
    let numbers = values.map { "\($0.key)=\($0.value)" }
    let words = options.map { "\($0.key)=\($0.value)" }
    let layered = perLayer.flatMap { key, byLayer in byLayer.map { "\(key).\($0.key)=\($0.value)" } }
    return (numbers + words + layered).sorted().joined(separator: ";")
  }
}

/// Parses `--seed-nodes` (original ids) into internal ids.
enum SeedNodes {
  static func parse(_ text: String?, graph: MultiplexGraph) throws -> [UInt32] {
    guard let text, !text.isEmpty else {
      throw UserError("--seed-nodes: expected comma-separated node ids, found nothing")
    }
    let ids = try text.split(separator: ",").map { token in
      let t = token.trimmingCharacters(in: .whitespaces)
      guard let id = Int64(t) else {
        throw UserError("--seed-nodes: expected a node id (a whole number from 0 to \(Int64.max)), found '\(t)'")
      }
      return id
    }
    return try zip(ids, graph.internalIDs(of: ids)).map { id, v in
      guard let v else { throw UserError("--seed-nodes: node \(id) is not in the graph") }
      return v
    }
  }
}
