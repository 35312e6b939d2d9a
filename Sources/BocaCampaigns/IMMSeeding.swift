import BocaGraph
import BocaRandom
import Foundation

/// Influence maximisation by reverse-influence sampling: IMM (Tang, Shi & Xiao 2015).
///
/// ## Rule
/// Sample θ reverse-reachable sets (``ReverseReachableSets``); a seed set's spread is estimated
/// by n times the fraction of sets it meets, and the k seeds are chosen greedily to cover the
/// most sets (max coverage, ties by lower id). With θ from IMM's sampling phase, the result is
/// a (1 − 1/e − ε)-approximation of the best k-set with probability at least 1 − 1/n^ℓ.
///
/// ## Algorithm
/// With ε' = √2·ε, ℓ' = ℓ(1 + ln 2 / ln n) (so that both phases together fail with probability
/// ≤ 1/n^ℓ), c candidates:
///
///     λ' = (2 + 2ε'/3) · (ln C(c,k) + ℓ' ln n + ln log₂ n) · n / ε'²
///     for i = 1 … log₂ n − 1:  x = n / 2^i;  sample until θ_i = λ'/x sets;  S_i = greedy;
///         if n·F(S_i) ≥ (1 + ε')·x:  LB = n·F(S_i)/(1 + ε');  stop
///     α = √(ℓ' ln n + ln 2),  β = √((1 − 1/e)(ln C(c,k) + ℓ' ln n + ln 2))
///     λ* = 2n((1 − 1/e)α + β)² / ε²,   θ = λ*/LB
///
/// (Tang et al. 2015, Algorithms 1–3 and Theorem 2; F(S) = fraction of sets covered). Following
/// Chen (2018), the final θ sets are sampled afresh rather than reusing the sets of the lower-bound
/// search, which the martingale argument needs. Greedy coverage keeps each node's count of
/// uncovered sets in a lazy max-heap (counts only fall): O(Σ|R| + n log n).
///
/// Complexity: expected O((k + ℓ)(n + m) log n / ε²) (Theorem 3); memory 8 bytes per RR-set entry
/// (the sets and their inverted index). When the sets would exceed ``maxEntries`` entries
/// (supercritical cascades make RR sets of a sizeable fraction of n) sampling stops there, the
/// seeds are chosen from the sets at hand, and ``IMMReport/truncated`` says so with the ε those
/// sets actually guarantee.
///
/// References: Y. Tang, Y. Shi, X. Xiao, "Influence maximization in near-linear time: a
/// martingale approach", SIGMOD 2015; C. Borgs, M. Brautbar, J. Chayes, B. Lucier, "Maximizing
/// social influence in nearly optimal time", SODA 2014; W. Chen, "An issue in the martingale
/// analysis of the influence maximization algorithm IMM", CSoNet 2018.
public struct IMMSeeding: SeedingPolicy {
  public var name: String { "imm" }
  /// IC or LT.
  public var model: InfluenceModel
  /// IC's uniform edge probability (edge weights when `nil`); unused by LT.
  public var p: Double?
  /// The layers the cascade runs on (all when `nil`).
  public var layers: [Int]?
  /// Approximation slack ε.
  public var epsilon: Double
  /// Confidence exponent ℓ: failure probability at most 1/n^ℓ.
  public var ell: Double
  /// Stop sampling at this many RR-set entries (4 bytes each, and 4 more for the index).
  public var maxEntries: Int

  public init(
    model: InfluenceModel = .ic, p: Double?, layers: [Int]? = nil, epsilon: Double = 0.1, ell: Double = 1,
    maxEntries: Int = 500_000_000
  ) {
    self.model = model
    self.p = p
    self.layers = layers
    self.epsilon = epsilon
    self.ell = ell
    self.maxEntries = maxEntries
  }

  public func select(k: Int, graph: MultiplexGraph, candidates: [UInt32]?, rng: RandomGenerator) throws -> [UInt32] {
    try run(k: k, graph: graph, candidates: candidates, rng: rng).seeds
  }

  /// Selects the seeds and reports how many RR sets it took.
  public func run(k: Int, graph: MultiplexGraph, candidates: [UInt32]?, rng: RandomGenerator) throws -> IMMReport {
    guard epsilon > 0, epsilon < 1 else {
      throw CampaignError.invalidParameter(
        policy: name, key: "epsilon", expected: "a value in (0, 1)", found: "\(epsilon)")
    }
    guard ell > 0 else {
      throw CampaignError.invalidParameter(policy: name, key: "ell", expected: "ℓ > 0", found: "\(ell)")
    }
    if let p, !(p >= 0 && p <= 1) {
      throw CampaignError.invalidParameter(policy: name, key: "p", expected: "a probability in [0, 1]", found: "\(p)")
    }
    let pool = try CandidatePool(k: k, graph: graph, candidates: candidates, policy: name)
    let indices = try layerIndices(layers, graph: graph, policy: name)
    if model == .ic && p == nil, let layer = indices.map({ graph.layers[$0] }).first(where: { !$0.weighted }) {
      throw CampaignError.invalidParameter(
        policy: name, key: "p", expected: "an edge probability (layer '\(layer.name)' has no weights)", found: "nothing"
      )
    }
    var report = IMMReport()
    guard k > 0 else { return report }
    let sampler = RRSampler(graph: graph, layers: indices, model: model, p: p)
    var sets = ReverseReachableSets()
    let n = Double(graph.nodeCount)
    let c = Double(pool.nodes.count)
    let logN = log(n)
    let ellPrime = n > 1 ? ell * (1 + log(2) / logN) : ell
    let logBinomial = lgamma(c + 1) - lgamma(Double(k) + 1) - lgamma(c - Double(k) + 1)

    func extend(to target: Int) {
      sets.entries.reserveCapacity(min(maxEntries, sets.entries.count + (target - sets.count) * 8))
      while sets.count < target {
        if sets.entries.count >= maxEntries {
          report.truncated = true
          return
        }
        sampler.sample(into: &sets, rng: rng)
      }
    }

    // Phase 1: a lower bound LB on the optimum (Tang et al., Algorithm 2).
    var lowerBound = 1.0
    var lastCover: (seeds: [UInt32], covered: Int)? = nil
    if n >= 4 {
      let epsPrime = 2.0.squareRoot() * epsilon
      let lambdaPrime =
        (2 + 2 * epsPrime / 3) * (logBinomial + ellPrime * logN + log(log2(n))) * n / (epsPrime * epsPrime)
      let rounds = Int(log2(n)) - 1
      for i in 1...max(1, rounds) {
        let x = n / pow(2, Double(i))
        extend(to: Int((lambdaPrime / x).rounded(.up)))
        let cover = Self.maxCoverage(sets, k: k, pool: pool, nodeCount: graph.nodeCount)
        lastCover = cover
        let covered = cover.covered
        let estimate = n * Double(covered) / Double(max(1, sets.count))
        if estimate >= (1 + epsPrime) * x || report.truncated {
          lowerBound = max(1, estimate / (1 + epsPrime))
          break
        }
      }
    }
    // Phase 2: θ fresh sets (Chen 2018), then the greedy cover.
    let e1 = 1 - 1 / M_E
    let alpha = (ellPrime * logN + log(2)).squareRoot()
    let beta = (e1 * (logBinomial + ellPrime * logN + log(2))).squareRoot()
    let lambdaStar = 2 * n * pow(e1 * alpha + beta, 2) / (epsilon * epsilon)
    let theta = Int((lambdaStar / lowerBound).rounded(.up))
    report.lowerBound = lowerBound
    report.theta = theta
    if !report.truncated {
      sets.removeAll()
      extend(to: theta)
    }
    // When sampling stopped at the budget, phase 1's cover of the same sets is the answer.
    let (seeds, covered) =
      report.truncated && lastCover != nil
      ? lastCover! : Self.maxCoverage(sets, k: k, pool: pool, nodeCount: graph.nodeCount)
    report.seeds = seeds
    report.setCount = sets.count
    report.entryCount = sets.entries.count
    report.estimatedSpread = n * Double(covered) / Double(max(1, sets.count))
    // With θ' < θ sets the same guarantee holds for ε scaled by √(θ/θ') (θ ∝ 1/ε²).
    report.achievedEpsilon =
      report.truncated
      ? epsilon * (Double(theta) / Double(max(1, sets.count))).squareRoot() : epsilon
    return report
  }

  /// Greedy maximum coverage of `sets` by k candidates: the seeds and the number of sets covered.
  static func maxCoverage(_ sets: ReverseReachableSets, k: Int, pool: CandidatePool, nodeCount: Int)
    -> (seeds: [UInt32], covered: Int)
  {
    // Inverted index: node -> the sets that contain it.
    var start = [Int](repeating: 0, count: nodeCount + 1)
    for v in sets.entries { start[Int(v) + 1] += 1 }
    for v in 0..<nodeCount { start[v + 1] += start[v] }
    var cursor = start
    var index = [UInt32](repeating: 0, count: sets.entries.count)
    for s in 0..<sets.count {
      for j in sets.offsets[s]..<sets.offsets[s + 1] {
        let v = Int(sets.entries[j])
        index[cursor[v]] = UInt32(s)
        cursor[v] += 1
      }
    }
    var count = (0..<nodeCount).map { start[$0 + 1] - start[$0] }
    var heap = NodeHeap(pool.nodes.map { NodeHeap.Entry(key: Double(count[Int($0)]), node: $0, tag: 0) })
    var coveredSet = [Bool](repeating: false, count: sets.count)
    var chosen = [Bool](repeating: false, count: nodeCount)
    var seeds: [UInt32] = []
    var covered = 0
    while seeds.count < k, let top = heap.pop() {
      let u = Int(top.node)
      if chosen[u] { continue }
      if Int(top.key) != count[u] {
        heap.push(NodeHeap.Entry(key: Double(count[u]), node: top.node, tag: 0))
        continue
      }
      chosen[u] = true
      seeds.append(top.node)
      for j in start[u]..<start[u + 1] {
        let s = Int(index[j])
        if coveredSet[s] { continue }
        coveredSet[s] = true
        covered += 1
        for e in sets.offsets[s]..<sets.offsets[s + 1] { count[Int(sets.entries[e])] -= 1 }
      }
    }
    return (seeds, covered)
  }
}

/// What one IMM selection did.
public struct IMMReport: Sendable {
  /// The seeds, in the order greedy coverage chose them.
  public var seeds: [UInt32] = []
  /// IMM's lower bound on the optimal spread (phase 1).
  public var lowerBound = 0.0
  /// The number of RR sets the guarantee asks for.
  public var theta = 0
  /// The number of RR sets the seeds were chosen from.
  public var setCount = 0
  /// Their total size.
  public var entryCount = 0
  /// n × the fraction of those sets the seeds cover: an estimate of their spread.
  public var estimatedSpread = 0.0
  /// Whether sampling stopped at ``IMMSeeding/maxEntries`` before θ sets.
  public var truncated = false
  /// The ε the sets used actually guarantee (larger than asked when truncated).
  public var achievedEpsilon = 0.0
}
