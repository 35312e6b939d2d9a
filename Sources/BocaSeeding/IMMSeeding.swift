import BocaGraph
import BocaRandom
import Foundation

/// Influence maximisation by reverse-influence sampling: IMM (Tang, Shi & Xiao 2015), with
/// OPIM-C's certified stopping rule and HIST's hit-and-stop sets by default.
///
/// ## Rule
/// Sample reverse-reachable sets (``ReverseReachableSets``); a seed set's spread is estimated by
/// n times the fraction of sets it meets, and the k seeds are chosen greedily to cover the most
/// sets (``MaxCoverage``; ties by lower id). Either schedule returns a (1 − 1/e − ε)-approximation
/// of the best k-set with probability at least 1 − δ, δ = 1/n^ℓ.
///
/// ## Schedule `.certified` (default)
/// OPIM-C (Tang, Tang, Xiao & Yuan 2018): two independent collections R₁, R₂ of θ sets,
/// θ = θ₀, 2θ₀, … ≤ θ_max, with
///
///     θ_max = 2n((1 − 1/e)√ln(6/δ) + √((1 − 1/e)(ln C(c,k) + ln(6/δ))))² / (ε² k),
///     θ₀ = θ_max ε² k / n,   i_max = ⌈log₂(θ_max/θ₀)⌉,   a = ln(3 i_max / δ).
///
/// Each round picks S greedily on R₁ and bounds, each with probability ≥ 1 − e^{−a},
///
///     σ(S)   ≥ ((√(Λ₂(S) + 2a/9) − √(a/2))² − a/18) · n/θ      (Λ₂: sets of R₂ that S meets)
///     σ(OPT) ≤ (√(Λᵘ₁ + a/2) + √(a/2))² · n/θ                    (Λᵘ₁: ``MaxCoverage/upperBound``)
///
/// and stops when their ratio reaches 1 − 1/e − ε — but not before the seeds cover
/// ``minimumCovered`` sets of R₂, for the precision of the picks rather than the guarantee — or
/// at θ_max, where greedy's own guarantee holds. The ratio certifies the seeds returned (``IMMReport/approximation``). R₂ only needs to
/// know whether S meets each set, so it is sampled hit-and-stop at S, afresh each round.
///
/// **Sentinel (HIST: Guo, Wang, Wei & Chen 2020).** When the next round of whole sets would
/// exceed ``sentinelThreshold`` entries (a supercritical cascade makes RR sets of a sizeable
/// fraction of n), the first b = ⌈k/4⌉ picks of the last round that covered something become a
/// fixed sentinel set S_b; R₁ is sampled afresh hit-and-stop at S_b (a set that meets S_b counts
/// as covered and is not stored) and greedy adds k − b nodes. Coverage of S_b ∪ T stays exact and
/// any k-set T has Cov(T) ≤ Cov(S_b) + Cov(T | S_b), so the bound becomes Cov(S_b) + Λᵘ of the
/// stored sets and the certificate holds as before. Greedy's a-priori guarantee at θ_max does
/// not (the paper restores it by sizing b), so on that path the reported ratio is the guarantee.
/// Decided here: b = ⌈k/4⌉, HIST's first-round size, without its pruning.
///
/// ## Schedule `.imm`
/// The 2015 schedule. With ε' = √2·ε, ℓ' = ℓ(1 + ln 2 / ln n), c candidates:
///
///     λ' = (2 + 2ε'/3) · (ln C(c,k) + ℓ' ln n + ln log₂ n) · n / ε'²
///     for i = 1 … log₂ n − 1:  x = n / 2^i;  sample until θ_i = λ'/x sets;  S_i = greedy;
///         if n·F(S_i) ≥ (1 + ε')·x:  LB = n·F(S_i)/(1 + ε');  stop
///     α = √(ℓ' ln n + ln 2),  β = √((1 − 1/e)(ln C(c,k) + ℓ' ln n + ln 2))
///     λ* = 2n((1 − 1/e)α + β)² / ε²,   θ = λ*/LB
///
/// (Tang et al. 2015, Algorithms 1–3 and Theorem 2; F(S) = fraction of sets covered). Following
/// Chen (2018), the final θ sets are sampled afresh rather than reusing the sets of the lower-bound
/// search, which the martingale argument needs.
///
/// Complexity: expected O((k + ℓ)(n + m) log n / ε²) (Tang et al. 2015, Theorem 3; the certified
/// schedule's θ_max is of the same order and it usually stops far below it); memory 8 bytes per
/// stored RR-set entry (the sets and their inverted index) and 16 per set (its offset and the
/// cover's state). When the stored sets would exceed ``maxEntries`` entries, or their bytes the
/// collection's share of the memory budget (``collectionByteCap``: a third of
/// ``BocaGraph/MemoryBudget/current``, leaving room for the arrays' growth), sampling stops
/// there, or before a round whose projected size (the bytes per set so far × its θ) would
/// exceed it, and ``IMMReport/truncated`` says so, with the guarantee the sets at hand give (the
/// certificate; for `.imm`, ε scaled by √(θ/θ')). Many tiny sets (isolated nodes: a huge θ,
/// since any k seeds meet only k/n of the sets) are bounded the same way.
///
/// - Throws: ``BocaGraph/MemoryLimitError`` when the sampler's copy of the graph (the incoming
///   adjacency of the layers, 8 bytes per entry and node, and 9 bytes per node of scratch) does
///   not fit in the budget.
///
/// References: Y. Tang, Y. Shi, X. Xiao, "Influence maximization in near-linear time: a
/// martingale approach", SIGMOD 2015; J. Tang, X. Tang, X. Xiao, J. Yuan, "Online processing
/// algorithms for influence maximization", SIGMOD 2018; Q. Guo, S. Wang, Z. Wei, M. Chen,
/// "Influence maximization revisited: efficient reverse reachable set generation with bound
/// tightened", SIGMOD 2020; C. Borgs, M. Brautbar, J. Chayes, B. Lucier, "Maximizing social
/// influence in nearly optimal time", SODA 2014; W. Chen, "An issue in the martingale analysis of
/// the influence maximization algorithm IMM", CSoNet 2018.
public struct IMMSeeding: SeedingPolicy {
  /// How many RR sets to sample and when to stop.
  public enum Schedule: String, Sendable, CaseIterable {
    /// OPIM-C's certified stopping rule with HIST's sentinel for large sets.
    case certified
    /// IMM's 2015 a-priori θ.
    case imm
  }

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
  /// Stop sampling at this many stored RR-set entries (4 bytes each, and 4 more for the index).
  public var maxEntries: Int
  public var schedule: Schedule
  /// `.certified`: switch to a sentinel set when a round of whole sets would store more entries
  /// than this (`Int.max`: never).
  public var sentinelThreshold: Int
  /// `.certified`: go on doubling, even once certified, until the seeds cover this many sets of
  /// R₂ (or θ_max is reached). The certificate bounds the worst case; this bounds the noise of the
  /// greedy picks, whose marginal counts are ≈ this / k (default 10⁴: ±1% on the seeds' spread).
  public var minimumCovered: Int

  public init(
    model: InfluenceModel = .ic, p: Double?, layers: [Int]? = nil, epsilon: Double = 0.1, ell: Double = 1,
    schedule: Schedule = .certified, maxEntries: Int = 500_000_000, sentinelThreshold: Int = 1 << 22,
    minimumCovered: Int = 10_000
  ) {
    self.model = model
    self.p = p
    self.layers = layers
    self.epsilon = epsilon
    self.ell = ell
    self.schedule = schedule
    self.maxEntries = maxEntries
    self.sentinelThreshold = sentinelThreshold
    self.minimumCovered = minimumCovered
  }

  public func select(k: Int, graph: MultiplexGraph, candidates: [UInt32]?, rng: RandomGenerator) throws -> [UInt32] {
    try run(k: k, graph: graph, candidates: candidates, rng: rng).seeds
  }

  /// Selects the seeds and reports how many RR sets it took.
  public func run(k: Int, graph: MultiplexGraph, candidates: [UInt32]?, rng: RandomGenerator) throws -> IMMReport {
    guard epsilon > 0, epsilon < 1 else {
      throw SeedingError.invalidParameter(
        policy: name, key: "epsilon", expected: "a value in (0, 1)", found: "\(epsilon)")
    }
    guard ell > 0 else {
      throw SeedingError.invalidParameter(policy: name, key: "ell", expected: "ℓ > 0", found: "\(ell)")
    }
    if let p, !(p >= 0 && p <= 1) {
      throw SeedingError.invalidParameter(policy: name, key: "p", expected: "a probability in [0, 1]", found: "\(p)")
    }
    let pool = try CandidatePool(k: k, graph: graph, candidates: candidates, policy: name)
    let indices = try layerIndices(layers, graph: graph, policy: name)
    if model == .ic && p == nil, let layer = indices.map({ graph.layers[$0] }).first(where: { !$0.weighted }) {
      throw SeedingError.invalidParameter(
        policy: name, key: "p", expected: "an edge probability (layer '\(layer.name)' has no weights)", found: "nothing"
      )
    }
    guard k > 0 else { return IMMReport() }
    let budget = MemoryBudget.current
    let samplerBytes = MemoryBudget.sum(
      MemoryBudget.product(graph.nodeCount, 9),
      indices.reduce(0) { MemoryBudget.sum($0, MemoryBudget.product(graph.layers[$1].out.targets.count, 8 + 8)) },
      MemoryBudget.product(indices.count * (graph.nodeCount + 1), 8))
    try budget.check("imm's copy of the graph (\(graph.nodeCount) nodes)", bytes: samplerBytes)
    let sampler = RRSampler(graph: graph, layers: indices, model: model, p: p)
    switch schedule {
    case .certified:
      return runCertified(k: k, graph: graph, layers: indices, pool: pool, sampler: sampler, rng: rng)
    case .imm: return runIMM(k: k, graph: graph, pool: pool, sampler: sampler, rng: rng)
    }
  }

  /// The 2015 schedule (see the type's documentation).
  private func runIMM(k: Int, graph: MultiplexGraph, pool: CandidatePool, sampler: RRSampler, rng: RandomGenerator)
    -> IMMReport
  {
    var report = IMMReport()
    report.schedule = .imm
    var sets = ReverseReachableSets()
    let n = Double(graph.nodeCount)
    let c = Double(pool.nodes.count)
    let logN = log(n)
    let ellPrime = n > 1 ? ell * (1 + log(2) / logN) : ell
    let logBinomial = Self.logBinomial(c, k)

    let byteCap = collectionByteCap
    func extend(to target: Int) {
      sets.entries.reserveCapacity(min(maxEntries, byteCap / 8, sets.entries.count + (target - sets.count) * 8))
      while sets.count < target {
        if sets.entries.count >= maxEntries || sets.byteCount >= byteCap {
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
        extend(to: Int(clamping: (lambdaPrime / x).rounded(.up), to: 0...Int(Int32.max)))
        let cover = MaxCoverage(sets, k: k, pool: pool, nodeCount: graph.nodeCount)
        lastCover = (cover.seeds, cover.covered)
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
    let theta = Int(clamping: (lambdaStar / lowerBound).rounded(.up), to: 0...Int(Int32.max))
    report.lowerBound = lowerBound
    report.theta = theta
    if !report.truncated {
      sets.removeAll()
      extend(to: theta)
    }
    // When sampling stopped at the budget, phase 1's cover of the same sets is the answer.
    let (seeds, covered) =
      report.truncated && lastCover != nil
      ? lastCover!
      : {
        let m = MaxCoverage(sets, k: k, pool: pool, nodeCount: graph.nodeCount); return (m.seeds, m.covered)
      }()
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

  /// ln C(c, k).
  /// The bytes the stored RR sets may take (see ``ReverseReachableSets/byteCount``): a third
  /// of the memory budget, as the arrays grow by doubling and the cover copies them.
  var collectionByteCap: Int { MemoryBudget.current.limit / 3 }

  static func logBinomial(_ c: Double, _ k: Int) -> Double {
    lgamma(c + 1) - lgamma(Double(k) + 1) - lgamma(c - Double(k) + 1)
  }
}

/// What one IMM selection did.
public struct IMMReport: Sendable {
  /// The seeds, in the order greedy coverage chose them.
  public var seeds: [UInt32] = []
  /// The schedule that ran.
  public var schedule = IMMSeeding.Schedule.certified
  /// `.imm`: the lower bound on the optimal spread (phase 1). `.certified`: the lower bound on the
  /// seeds' spread, σˡ(S).
  public var lowerBound = 0.0
  /// `.certified`: the upper bound on the optimal spread, σᵘ(OPT).
  public var upperBound = 0.0
  /// `.certified`: σˡ(S) / σᵘ(OPT), a lower bound on σ(S)/σ(OPT) holding with probability ≥ 1 − δ.
  public var approximation = 0.0
  /// `.certified`: the rounds run and the sentinel set's size (0: whole sets throughout).
  public var rounds = 0
  public var sentinelSize = 0
  /// `.certified`: the R₁ sets that met the sentinel set (counted, not stored).
  public var sentinelCovered = 0
  /// The number of RR sets the guarantee asks for (`.certified`: θ_max).
  public var theta = 0
  /// The number of RR sets the seeds were chosen from.
  public var setCount = 0
  /// Their total size.
  public var entryCount = 0
  /// n × the fraction of those sets the seeds cover: an estimate of their spread.
  public var estimatedSpread = 0.0
  /// Whether sampling stopped at ``IMMSeeding/maxEntries`` or the memory budget before the
  /// schedule's θ.
  public var truncated = false
  /// The ε the sets used actually guarantee (larger than asked when truncated).
  public var achievedEpsilon = 0.0
}
