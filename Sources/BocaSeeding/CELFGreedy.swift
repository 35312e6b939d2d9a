import BocaGraph
import BocaModels
import BocaRandom

/// Greedy influence maximisation with Monte Carlo spread estimates and CELF lazy evaluation.
///
/// ## Rule
/// Kempe, Kleinberg & Tardos's greedy: start from S = ∅ and k times add the candidate v of largest
/// marginal gain σ(S ∪ {v}) − σ(S), where σ is the expected spread under the diffusion model (IC,
/// LT or any registered model). For a monotone submodular σ (IC, LT) the result is within
/// 1 − 1/e of the best k-set, up to the Monte Carlo error of the estimates.
///
/// σ is estimated by R replicates of the model. For IC the replicates are R live-edge graphs
/// (``LiveEdgeSnapshots``): IC's law, drawn once per replicate, so that every candidate is judged
/// on the same graphs and a gain costs only the nodes it adds. For any other model (LT…) each
/// estimate runs the model's own simulator R times. **Common random numbers**: replicate r of every
/// estimate is seeded with the same seed s_r, derived from one draw of the policy's generator by
/// ``BocaRandom/RandomSeedDerivation`` (root = that draw, point 0, replicate r). Gains of two candidates
/// are then compared on the same random streams, which removes most of the noise from their
/// difference, and the spreads are summed as integers, so equal estimates are exactly equal and
/// ties go to the lower id.
///
/// ## Algorithm
/// CELF (Leskovec et al. 2007): a gain computed in an earlier round is an upper bound on the
/// current gain (submodularity), so candidates sit in a max-heap keyed by their last gain and
/// only the top is re-evaluated; it is chosen when its gain is from the current round. The first
/// round evaluates every candidate: c·R replicates of single-seed cascades; later rounds
/// usually re-evaluate a handful.
///
/// Complexity: O((c + Σ re-evaluations)·R·T) where T is the cost of one cascade (O(edges out of
/// active nodes) for IC), O(n + c) memory.
///
/// References: J. Leskovec, A. Krause, C. Guestrin, C. Faloutsos, J. VanBriesen, N. Glance,
/// "Cost-effective outbreak detection in networks", KDD 2007; D. Kempe, J. Kleinberg, É. Tardos,
/// "Maximizing the spread of influence through a social network", KDD 2003.
public struct CELFGreedy: SeedingPolicy {
  public var name: String { "celf" }
  /// The registered model (``BocaModels/ModelRegistry``) whose spread is maximised.
  public var model: String
  /// Its parameters (e.g. `p` for IC).
  public var parameters: ModelParameters
  /// The layers the model runs on (all when `nil`).
  public var layers: [Int]?
  /// Monte Carlo replicates per spread estimate.
  public var replicates: Int

  public init(model: String = "ic", parameters: ModelParameters, layers: [Int]? = nil, replicates: Int = 200) {
    self.model = model
    self.parameters = parameters
    self.layers = layers
    self.replicates = replicates
  }

  public func select(k: Int, graph: MultiplexGraph, candidates: [UInt32]?, rng: RandomGenerator) throws -> [UInt32] {
    guard replicates >= 1 else {
      throw SeedingError.invalidParameter(
        policy: name, key: "replicates", expected: "at least 1", found: "\(replicates)")
    }
    let pool = try CandidatePool(k: k, graph: graph, candidates: candidates, policy: name)
    let indices = try layerIndices(layers, graph: graph, policy: name)
    let diffusion = try ModelRegistry.make(
      name: model, graph: graph, layers: indices.map { graph.layers[$0].name }, parameters: parameters)
    let replicateSeeds = Self.replicateSeeds(root: UInt64(rng.next()), count: replicates)
    if diffusion is IndependentCascade {
      // IC: the R live-edge graphs themselves (exact common random numbers, incremental gains).
      var parameters = self.parameters
      let probabilities: [IndependentCascade.Probability] = indices.map { i in
        parameters.perLayerValue("p", layer: graph.layers[i].name).map { .uniform($0) } ?? .edgeWeight
      }
      let snapshots = LiveEdgeSnapshots(
        graph: graph, layers: indices, probabilities: probabilities, seeds: replicateSeeds)
      return Self.lazyGreedy(
        k: k, pool: pool, gain: { v, _ in snapshots.gain(v) }, choose: { v, _ in snapshots.choose(v) })
    }
    // Any other model: R replicates of its simulator per estimate, the same R seeds every time.
    let estimator = try SpreadEstimator(model: diffusion, seeds: replicateSeeds)
    var current = 0
    return Self.lazyGreedy(
      k: k, pool: pool, gain: { v, seeds in estimator.total(seeds + [v]) - current },
      choose: { _, gain in current += gain })
  }

  /// CELF's loop: `gain(v, S)` is R × the marginal gain of v given the chosen S; `choose(v, gain)`
  /// adds v, whose current gain is `gain`.
  static func lazyGreedy(
    k: Int, pool: CandidatePool, gain: (UInt32, [UInt32]) -> Int, choose: (UInt32, Int) -> Void
  ) -> [UInt32] {
    var seeds: [UInt32] = []
    seeds.reserveCapacity(k)
    var heap = NodeHeap(pool.nodes.map { NodeHeap.Entry(key: Double(gain($0, [])), node: $0, tag: 0) })
    while seeds.count < k, let top = heap.pop() {
      if top.tag == seeds.count {
        seeds.append(top.node)
        choose(top.node, Int(top.key))
        continue
      }
      heap.push(NodeHeap.Entry(key: Double(gain(top.node, seeds)), node: top.node, tag: seeds.count))
    }
    return seeds
  }

  /// The replicate seeds of every estimate: ``BocaRandom/RandomSeedDerivation`` from `root`.
  static func replicateSeeds(root: UInt64, count: Int) -> [UInt32] {
    (0..<count).map { RandomSeedDerivation.seed(root: root, scenarioHash: 0, point: 0, replicate: $0) }
  }
}

/// Sums a model's spread over a fixed list of replicate seeds (common random numbers).
public final class SpreadEstimator {
  let simulator: any ReplicateSimulator
  let seeds: [UInt32]
  let rng: RandomGenerator
  var trace = ReplicateTrace(recording: false)

  /// An estimator of `model`'s spread over the replicates seeded `seeds`.
  public init(model: any DiffusionModel, seeds: [UInt32]) throws {
    simulator = model.makeSimulator()
    self.seeds = seeds
    rng = try RandomGenerator(seed: seeds.first ?? 1)
  }

  /// Σ_r spread(seedSet, replicate r): R times the Monte Carlo estimate of σ(seedSet).
  public func total(_ seedSet: [UInt32]) -> Int {
    var sum = 0
    for s in seeds {
      rng.reseed(s)
      sum += simulator.run(seeds: seedSet, rng: rng, horizon: nil, trace: &trace)
    }
    return sum
  }

  /// The spread of each replicate.
  public func spreads(_ seedSet: [UInt32]) -> [Int] {
    seeds.map { s in
      rng.reseed(s)
      return simulator.run(seeds: seedSet, rng: rng, horizon: nil, trace: &trace)
    }
  }
}
