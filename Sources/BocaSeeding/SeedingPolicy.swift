import BocaGraph
import BocaRandom

/// A rule that chooses the k seed nodes of a campaign.
///
/// Every policy answers the same question through ``select(k:graph:candidates:rng:)``: which k
/// nodes (internal ids), among `candidates` (all nodes when `nil`, one side's nodes to seed
/// within a side), to seed. Policies that look at edges use the layers they were built with
/// (all layers when `nil`), so a policy can work on the whole multiplex or per layer.
///
/// Conventions shared by every policy:
/// - the result has k distinct nodes, all among the candidates, in the order the policy chose
///   them (best first);
/// - ties are broken by the lower internal id, so a deterministic policy gives the same seeds on
///   every machine;
/// - the only randomness is `rng` (a GSL generator seeded from a user seed); deterministic
///   policies do not draw from it at all;
/// - several layers are one aggregate: an edge present on two layers counts twice for degrees
///   and cascades (two channels), as ``BocaModels/IndependentCascade`` treats it.
public protocol SeedingPolicy: Sendable {
  /// The name scripts use (`degree`, `imm`…).
  var name: String { get }
  /// Chooses `k` distinct seeds among `candidates` (all nodes when `nil`).
  ///
  /// - Throws: ``SeedingError`` when k exceeds the candidates, a candidate is out of range, or
  ///   the policy's parameters do not fit the graph.
  func select(k: Int, graph: MultiplexGraph, candidates: [UInt32]?, rng: RandomGenerator) throws -> [UInt32]
}

/// A seeding request that cannot be met.
public enum SeedingError: Error, CustomStringConvertible, Equatable, Sendable {
  /// More seeds asked than candidates available.
  case tooManySeeds(k: Int, available: Int)
  /// A parameter out of range or missing; `key` is the option's name.
  case invalidParameter(policy: String, key: String, expected: String, found: String)
  /// No policy of that name.
  case unknownPolicy(String, known: [String])

  public var description: String {
    switch self {
    case .tooManySeeds(let k, let available):
      return "k: expected at most \(available) (the candidate nodes available), found \(k)"
    case .invalidParameter(let policy, let key, let expected, let found):
      return "policy '\(policy)', \(key): expected \(expected), found \(found)"
    case .unknownPolicy(let name, let known):
      return "unknown policy '\(name)'; expected one of \(known.joined(separator: ", "))"
    }
  }
}

/// The candidate pool of one selection, checked: distinct, in range, sorted, at least k.
struct CandidatePool {
  /// The candidates in increasing id order.
  let nodes: [UInt32]
  /// `allowed[v]` iff v is a candidate.
  let allowed: [Bool]
  /// Whether every node is a candidate.
  let everyNode: Bool

  init(k: Int, graph: MultiplexGraph, candidates: [UInt32]?, policy: String) throws {
    let n = graph.nodeCount
    guard k >= 0 else {
      throw SeedingError.invalidParameter(policy: policy, key: "k", expected: "k ≥ 0", found: "\(k)")
    }
    if let candidates {
      var allowed = [Bool](repeating: false, count: n)
      var nodes: [UInt32] = []
      nodes.reserveCapacity(candidates.count)
      for v in candidates {
        guard Int(v) < n else {
          throw SeedingError.invalidParameter(
            policy: policy, key: "candidates", expected: "node ids below \(n)", found: "\(v)")
        }
        if !allowed[Int(v)] {
          allowed[Int(v)] = true
          nodes.append(v)
        }
      }
      nodes.sort()
      self.nodes = nodes
      self.allowed = allowed
      everyNode = nodes.count == n
    } else {
      nodes = (0..<n).map(UInt32.init)
      allowed = [Bool](repeating: true, count: n)
      everyNode = true
    }
    guard k <= nodes.count else { throw SeedingError.tooManySeeds(k: k, available: nodes.count) }
  }

  /// The k candidates of highest `score`, ties by lower id: O(c log c) for c candidates.
  func top(_ k: Int, by score: (Int) -> Double) -> [UInt32] {
    let scored = nodes.map { ($0, score(Int($0))) }
    return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(k).map(\.0)
  }
}

/// Which layers a policy reads: the given indices, or all of the graph's.
func layerIndices(_ layers: [Int]?, graph: MultiplexGraph, policy: String) throws -> [Int] {
  guard let layers else { return Array(graph.layers.indices) }
  for i in layers where !graph.layers.indices.contains(i) {
    throw SeedingError.invalidParameter(
      policy: policy, key: "layers", expected: "layer indices below \(graph.layers.count)", found: "\(i)")
  }
  return layers
}

/// The in-adjacency of a layer (its out-adjacency transposed when a directed layer dropped it).
func incomingCSR(_ layer: Layer) -> CSR { layer.incoming ?? layer.out.transposed() }
