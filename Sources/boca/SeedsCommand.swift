import ArgumentParser
import BocaGraph
import BocaModels
import BocaRandom
import BocaRunner
import BocaSeeding
import Foundation

struct SeedsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "seeds",
    abstract: "Choose k seed nodes by a seeding policy and print their ids, one per line.",
    discussion: """
      Prints the chosen nodes' original ids on standard output, one per line, best first, and
      nothing else, so that a seed set can be scripted into `boca simulate --seed-nodes`:

        boca seeds --policy imm --k 20 --edges g.edges --p 0.1 | paste -sd, -

      Policies: \(SeedingRegistry.all.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")).
      Ties go to the lower internal id (the order of the original ids). The policy's random numbers
      (random, celf, imm) come from one GSL taus2 generator seeded with
      RandomSeedDerivation.seed(root: --rng-seed, scenarioHash: 0, point: 0, replicate: 0).
      """
  )

  @Option(name: .long, help: "The policy: \(SeedingRegistry.names.joined(separator: ", ")).")
  var policy: String

  @OptionGroup var memory: MemoryOptions

  @Option(name: .long, parsing: .unconditional, help: "Number of seeds.")
  var k: Int

  @OptionGroup var graphFile: GraphFileOptions

  @Option(name: .long, help: "Choose seeds only among the nodes of this side.")
  var side: String?

  @Option(name: .long, help: "Layers the policy and its cascade use (comma-separated; default all).")
  var layers: String?

  @Option(name: .long, help: "The diffusion model for celf and imm: ic or lt (celf takes any registered model).")
  var model: String = "ic"

  @Option(
    name: .long, parsing: .unconditional,
    help: "IC's edge probability (needed by degree-discount, and by celf and imm with ic).")
  var p: Double?

  @OptionGroup var random: RandomSeedOptions

  @Option(name: .long, parsing: .unconditional, help: "Monte Carlo replicates per spread estimate (celf).")
  var replicates: Int = 200

  @Option(name: .long, parsing: .unconditional, help: "IMM's approximation slack epsilon, in [0.001, 1).")
  var epsilon: Double = 0.1

  @Option(
    name: .long,
    help: "IMM's schedule: certified (OPIM-C stopping rule, HIST sentinel for large RR sets) or imm (the 2015 theta).")
  var schedule: String = IMMSeeding.Schedule.certified.rawValue

  @Option(name: .long, help: "Degree for degree and diverse: out, in or total.")
  var direction: String = DegreeDirection.out.rawValue

  @Option(name: .long, help: "diverse: the node attribute whose values are the blocks (default: the sides).")
  var blockColumn: String?

  @Flag(name: .long, help: "Report on standard error what the policy did (IMM's RR sets).")
  var verbose = false

  static let needP: Set<String> = ["degree-discount", "celf", "imm"]

  /// The smallest `--epsilon` taken: IMM's RR-set count grows as 1/ε², so 0.001 already asks for a
  /// million times the sets of 1; below it a run would only stop at the RR-set cap.
  static let smallestEpsilon = 0.001

  func validate() throws {
    guard SeedingRegistry.entry(policy) != nil else {
      throw ValidationError(
        "--policy: expected one of \(SeedingRegistry.names.joined(separator: ", ")), found '\(policy)'")
    }
    guard k >= 1 else { throw ValidationError("--k: expected at least 1, found \(k)") }
    guard replicates >= 1 else { throw ValidationError("--replicates: expected at least 1, found \(replicates)") }
    guard IMMSeeding.Schedule(rawValue: schedule) != nil else {
      throw ValidationError(
        "--schedule: expected one of \(IMMSeeding.Schedule.allCases.map(\.rawValue).joined(separator: ", ")), found '\(schedule)'"
      )
    }
    guard epsilon >= Self.smallestEpsilon, epsilon < 1 else {
      throw ValidationError("--epsilon: expected a value in [\(Self.smallestEpsilon), 1), found \(epsilon)")
    }
    if let p, !(p >= 0 && p <= 1) { throw ValidationError("--p: expected a probability in [0, 1], found \(p)") }
    guard DegreeDirection(rawValue: direction) != nil else {
      throw ValidationError("--direction: expected out, in or total, found '\(direction)'")
    }
    if policy == "imm", InfluenceModel(rawValue: model) == nil {
      throw ValidationError("--model: imm expects ic or lt, found '\(model)'")
    }
    if p == nil, Self.needP.contains(policy), policy == "degree-discount" || model == "ic" {
      throw ValidationError("--p: policy '\(policy)' needs the cascade's edge probability --p")
    }
  }

  func run() throws {
    try memory.apply()
    let graph = try graphFile.load(log: printError)
    var options = SeedingOptions()
    options.model = model
    options.p = p
    options.replicates = replicates
    options.epsilon = epsilon
    options.immSchedule = IMMSeeding.Schedule(rawValue: schedule)!
    options.direction = DegreeDirection(rawValue: direction)!
    options.blockAttribute = blockColumn
    if let layers {
      options.layers = try layers.split(separator: ",").map { name in
        guard let i = graph.layerIndex(String(name)) else {
          throw UserError(
            "--layers: expected layers of the graph (\(graph.layers.map(\.name).joined(separator: ", "))), found '\(name)'"
          )
        }
        return i
      }
    }
    var candidates: [UInt32]? = nil
    if let side {
      guard let s = graph.sideIndex(side) else {
        throw UserError(
          "--side: expected a side of the graph (\(graph.sideNames.joined(separator: ", "))), found '\(side)'")
      }
      candidates = graph.nodesBySide()[s]
    }
    let available = candidates?.count ?? graph.nodeCount
    guard k <= available else {
      throw UserError(
        "--k: expected at most \(available) (the candidate nodes\(side.map { " of side '\($0)'" } ?? "")), found \(k)")
    }
    let rng = try RandomGenerator(
      seed: RandomSeedDerivation.seed(root: random.rngSeed, scenarioHash: 0, point: 0, replicate: 0))
    let chosen: [UInt32]
    do {
      let seeding = try SeedingRegistry.make(policy, options: options)
      if let imm = seeding as? IMMSeeding {
        let start = ContinuousClock.now
        let report = try imm.run(k: k, graph: graph, candidates: candidates, rng: rng)
        if verbose || report.truncated {
          let seconds = fmt((ContinuousClock.now - start).seconds)
          switch report.schedule {
          case .certified:
            printError(
              "imm: \(report.rounds) rounds, \(report.setCount) RR sets per collection (theta_max \(report.theta)), "
                + "\(report.entryCount) entries stored, sentinel \(report.sentinelSize) nodes meeting "
                + "\(report.sentinelCovered) sets, spread >= \(fmt(report.lowerBound)) (estimate "
                + "\(fmt(report.estimatedSpread))), optimum <= \(fmt(report.upperBound)), certified ratio "
                + "\(fmt(report.approximation)), epsilon \(fmt(report.achievedEpsilon)), \(seconds) s"
                + (report.truncated ? " (stopped at the memory budget: the guarantee is the certified ratio)" : ""))
          case .imm:
            printError(
              "imm: \(report.setCount) RR sets (theta \(report.theta)), \(report.entryCount) entries, "
                + "LB \(fmt(report.lowerBound)), estimated spread \(fmt(report.estimatedSpread)), "
                + "epsilon \(fmt(report.achievedEpsilon)), \(seconds) s"
                + (report.truncated
                  ? " (stopped at the memory budget: the guarantee holds for the larger epsilon)" : ""))
          }
        }
        chosen = report.seeds
      } else {
        chosen = try seeding.select(k: k, graph: graph, candidates: candidates, rng: rng)
      }
    } catch let error as SeedingError {
      if case .invalidParameter(_, let key, _, _) = error {
        throw UserError("--\(key.replacingOccurrences(of: " ", with: "-")): \(error)")
      }
      throw UserError("--policy: \(error)")
    }
    var text = ""
    for v in chosen { text += "\(graph.nodeLabel(Int(v)))\n" }
    try StandardOutput.write(text)
  }
}
