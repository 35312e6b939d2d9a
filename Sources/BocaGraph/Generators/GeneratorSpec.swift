import BocaRandom
import Foundation

/// A generated graph written as a short string, as the command line takes it (`--graph ba:1000:3`):
///
/// | string | generator |
/// | --- | --- |
/// | `er:N:P` | ``Generators/erdosRenyi(n:p:directed:rng:)``, N nodes, edge probability P |
/// | `ba:N:M` | ``Generators/barabasiAlbert(n:m:rng:)``, N nodes, M edges per new node |
/// | `ws:N:K:P` | ``Generators/wattsStrogatz(n:k:p:rng:)``, N nodes, K (even) neighbours, rewiring P |
///
/// ``init(parsing:)`` checks the numbers and their ranges; ``description`` writes the string back.
public enum GeneratorSpec: Sendable, Equatable, CustomStringConvertible {
  case erdosRenyi(n: Int, p: Double)
  case barabasiAlbert(n: Int, m: Int)
  case wattsStrogatz(n: Int, k: Int, p: Double)

  /// Parses `er:N:P`, `ba:N:M` or `ws:N:K:P` (the kind in any case).
  ///
  /// - Throws: ``GeneratorSpecError`` naming the string and saying what was expected, for an
  ///   unknown kind, a wrong number of fields, a field that is not a number, or a number out of
  ///   range (P in [0, 1]; 1 ≤ M < N; K even with 0 ≤ K < N).
  public init(parsing text: String) throws {
    let fields = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    let kind = fields[0].lowercased()
    func fail(_ message: String) -> GeneratorSpecError { GeneratorSpecError(spec: text, message: message) }
    func count(_ n: Int, _ form: String) throws {
      guard fields.count == n else {
        throw fail("expected \(form) (\(n - 1) numbers after '\(fields[0]):'), found \(fields.count - 1)")
      }
    }
    func integer(_ i: Int, _ name: String, _ form: String) throws -> Int {
      guard let v = Int(fields[i]) else {
        throw fail("expected \(form) with \(name) a whole number, found '\(fields[i])'")
      }
      return v
    }
    func probability(_ i: Int, _ form: String) throws -> Double {
      guard let v = Double(fields[i]), v >= 0, v <= 1 else {
        throw fail("expected \(form) with P a probability in [0, 1], found '\(fields[i])'")
      }
      return v
    }
    func nodes(_ form: String) throws -> Int {
      let n = try integer(1, "N", form)
      guard n >= 1, n < Int(UInt32.max) else {
        throw fail("expected \(form) with N a node count in [1, 2^32 − 1), found \(n)")
      }
      return n
    }
    switch kind {
    case "er":
      let form = "er:N:P"
      try count(3, form)
      self = .erdosRenyi(n: try nodes(form), p: try probability(2, form))
    case "ba":
      let form = "ba:N:M"
      try count(3, form)
      let n = try nodes(form)
      let m = try integer(2, "M", form)
      guard m >= 1, m < n else { throw fail("expected \(form) with 1 ≤ M < N, found M = \(m), N = \(n)") }
      self = .barabasiAlbert(n: n, m: m)
    case "ws":
      let form = "ws:N:K:P"
      try count(4, form)
      let n = try nodes(form)
      let k = try integer(2, "K", form)
      guard k >= 0, k < n, k % 2 == 0 else {
        throw fail("expected \(form) with K even and 0 ≤ K < N, found K = \(k), N = \(n)")
      }
      let p = try probability(3, form)
      let draws = Generators.wattsStrogatzDraws(n: n, k: k, p: p)
      guard draws <= Generators.wattsStrogatzMaxDraws else {
        throw fail(
          "expected a lattice sparse enough to rewire (K well below N: each rewiring must find one of the N − 1 − K nodes not yet joined), found K = \(k), N = \(n): about \(String(format: "%.1e", draws)) draws"
        )
      }
      self = .wattsStrogatz(n: n, k: k, p: p)
    default:
      throw fail("unknown generator '\(fields[0])'; expected er:N:P, ba:N:M or ws:N:K:P")
    }
  }

  /// The number of nodes.
  public var nodeCount: Int {
    switch self {
    case .erdosRenyi(let n, _), .barabasiAlbert(let n, _), .wattsStrogatz(let n, _, _): return n
    }
  }

  /// The string form, `er:N:P`, `ba:N:M` or `ws:N:K:P`, which ``init(parsing:)`` reads back.
  public var description: String {
    switch self {
    case .erdosRenyi(let n, let p): return "er:\(n):\(p)"
    case .barabasiAlbert(let n, let m): return "ba:\(n):\(m)"
    case .wattsStrogatz(let n, let k, let p): return "ws:\(n):\(k):\(p)"
    }
  }

  /// Generates the (undirected) edges, drawing from `rng`.
  ///
  /// - Throws: ``GraphError`` when the parameters are out of range (only possible for a value
  ///   built directly rather than parsed).
  public func edges(rng: RandomGenerator) throws -> EdgeSet {
    switch self {
    case .erdosRenyi(let n, let p): return try Generators.erdosRenyi(n: n, p: p, rng: rng)
    case .barabasiAlbert(let n, let m): return try Generators.barabasiAlbert(n: n, m: m, rng: rng)
    case .wattsStrogatz(let n, let k, let p): return try Generators.wattsStrogatz(n: n, k: k, p: p, rng: rng)
    }
  }

  /// A graph of ``nodeCount`` nodes on one side (`all`) with one undirected layer, named
  /// `layerName` (`default`), generated from a fresh generator of `kind` (GSL `taus2` unless
  /// told) seeded with `seed`. The same seed gives the same graph.
  ///
  /// Before anything is allocated, ``estimatedBytes`` is checked against `budget` (reported
  /// through `log` when large).
  ///
  /// - Throws: ``MemoryLimitError`` when the graph would not fit in `budget`; ``GSLError`` when
  ///   the generator cannot be allocated; ``GraphError`` as ``edges(rng:)``.
  public func makeGraph(
    seed: UInt32, kind: GeneratorKind = .taus2, layerName: String = "default", budget: MemoryBudget = .current,
    log: (String) -> Void = { _ in }
  ) throws -> MultiplexGraph {
    try budget.check("the graph \(description) (\(nodeCount) nodes)", bytes: estimatedBytes, log: log)
    let rng = try RandomGenerator(kind: kind, seed: seed)
    var graph = MultiplexGraph(nodeCount: nodeCount)
    // Hand the endpoint arrays over to the layer so they are freed while the CSR is built.
    var made = try edges(rng: rng)
    precondition(made.nodeCount == nodeCount, "generator made edges over another node count")
    let directed = made.directed
    let sources = made.sources
    let targets = made.targets
    made = EdgeSet(nodeCount: 0)
    _ = made
    try graph.addLayer(name: layerName, directed: directed, sources: consume sources, targets: consume targets)
    return graph
  }
}

/// A generator string (`er:N:P`, `ba:N:M`, `ws:N:K:P`) written wrongly.
public struct GeneratorSpecError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The string as given.
  public let spec: String
  /// What was expected and what was found.
  public let message: String

  public init(spec: String, message: String) {
    self.spec = spec
    self.message = message
  }

  public var description: String { "graph generator '\(spec)': \(message)" }
}
