import BocaGraph
import BocaModels

/// The settings a policy may read; each policy reads only its own (listed in
/// ``SeedingRegistry/all``).
public struct SeedingOptions: Sendable {
  /// Layers (indices) the policy reads and the cascade runs on; all when `nil`.
  public var layers: [Int]?
  /// The diffusion model to maximise for (`ic` or `lt`; CELF takes any registered model).
  public var model: String = "ic"
  /// IC's edge probability (degree discount, CELF and IMM with IC).
  public var p: Double?
  /// Further model parameters for CELF (besides `p`).
  public var modelParameters = ModelParameters()
  /// Monte Carlo replicates per CELF estimate.
  public var replicates: Int = 200
  /// IMM's ε.
  public var epsilon: Double = 0.1
  /// IMM's ℓ.
  public var ell: Double = 1
  /// IMM's sampling schedule.
  public var immSchedule: IMMSeeding.Schedule = .certified
  /// Degree direction for `degree` and `diverse`.
  public var direction: DegreeDirection = .out
  /// The node attribute whose values are `diverse`'s blocks (sides when `nil`).
  public var blockAttribute: String?
  /// PageRank's damping factor.
  public var damping: Double = 0.85

  public init() {}
}

/// One policy as scripts name it.
public struct SeedingEntry: Sendable {
  public let name: String
  /// The options it reads.
  public let keys: [String]
  /// One line: what it does and where it comes from.
  public let summary: String
  public let make: @Sendable (SeedingOptions) throws -> any SeedingPolicy
}

/// Every seeding policy Boca has, by name.
public enum SeedingRegistry {
  public static let all: [SeedingEntry] = [
    SeedingEntry(name: "random", keys: [], summary: "k uniform random candidates") { _ in RandomSeeding() },
    SeedingEntry(name: "degree", keys: ["layers", "direction"], summary: "highest degree (Kempe et al. 2003)") {
      DegreeSeeding(layers: $0.layers, direction: $0.direction)
    },
    SeedingEntry(name: "pagerank", keys: ["layers", "damping"], summary: "highest PageRank (Page et al. 1999)") {
      PageRankSeeding(layers: $0.layers, damping: $0.damping)
    },
    SeedingEntry(name: "kcore", keys: ["layers"], summary: "highest core number (Batagelj & Zaversnik 2003)") {
      KCoreSeeding(layers: $0.layers)
    },
    SeedingEntry(name: "single-discount", keys: ["layers"], summary: "single discount (Chen, Wang & Yang 2009)") {
      SingleDiscountSeeding(layers: $0.layers)
    },
    SeedingEntry(
      name: "degree-discount", keys: ["layers", "p"], summary: "degree discount for IC (Chen, Wang & Yang 2009)"
    ) {
      options in
      guard let p = options.p else {
        throw SeedingError.invalidParameter(
          policy: "degree-discount", key: "p", expected: "the cascade's edge probability", found: "nothing")
      }
      return DegreeDiscountSeeding(p: p, layers: options.layers)
    },
    SeedingEntry(
      name: "celf", keys: ["layers", "model", "p", "replicates"],
      summary: "Monte Carlo greedy with CELF (Leskovec et al. 2007), common random numbers"
    ) { options in
      var parameters = options.modelParameters
      if let p = options.p { parameters.values["p"] = p }
      return CELFGreedy(
        model: options.model, parameters: parameters, layers: options.layers, replicates: options.replicates)
    },
    SeedingEntry(
      name: "imm", keys: ["layers", "model", "p", "epsilon", "schedule"],
      summary: "reverse influence sampling IMM (Tang, Shi & Xiao 2015), certified by OPIM-C, HIST sentinel"
    ) { options in
      guard let model = InfluenceModel(rawValue: options.model) else {
        throw SeedingError.invalidParameter(
          policy: "imm", key: "model",
          expected: "one of \(InfluenceModel.allCases.map(\.rawValue).joined(separator: ", "))",
          found: "'\(options.model)'")
      }
      return IMMSeeding(
        model: model, p: options.p, layers: options.layers, epsilon: options.epsilon, ell: options.ell,
        schedule: options.immSchedule)
    },
    SeedingEntry(
      name: "diverse", keys: ["layers", "direction", "block attribute"],
      summary: "round-robin across blocks (sides or an attribute), highest degree first"
    ) { DiverseSeeding(layers: $0.layers, direction: $0.direction, blockAttribute: $0.blockAttribute) },
  ]

  /// The policy names, in `--help` order.
  public static var names: [String] { all.map(\.name) }

  /// The entry named `name`.
  public static func entry(_ name: String) -> SeedingEntry? { all.first { $0.name == name } }

  /// Builds policy `name` from `options`.
  ///
  /// - Throws: ``SeedingError`` for an unknown name or a missing option.
  public static func make(_ name: String, options: SeedingOptions) throws -> any SeedingPolicy {
    guard let entry = entry(name) else { throw SeedingError.unknownPolicy(name, known: names) }
    return try entry.make(options)
  }
}
