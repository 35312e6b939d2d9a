import BocaGraph
import BocaModels
import BocaRandom
import Dispatch
import Foundation

/// Calibrates any Boca model to observed adoption curves by ABC-SMC (approximate Bayesian
/// computation by sequential Monte Carlo; docs/calibration-abc.md).
///
/// ## Algorithm
/// Toni, Welch, Strelkowa, Ipsen & Stumpf (2009) with the population Monte Carlo weights of
/// Beaumont, Cornuet, Marin & Robert (2009) and an adaptive tolerance (Del Moral, Doucet & Jasra
/// 2012; Drovandi & Pettitt 2011):
///
/// 1. Generation 0: N particles from the prior (tolerance ε₀ = ∞; parameter sets the model
///    refuses are rejected), weights 1/N.
/// 2. Generation t ≥ 1: ε_t = the α-quantile (`quantile`) of generation t−1's distances. Proposal
///    i picks an ancestor θ_j with probability W_j, moves it by the Gaussian kernel
///    θ* = θ_j + L z (L Lᵀ = Σ = twice the weighted covariance of generation t−1), is rejected without
///    simulation when the prior density at θ* is 0, else simulated `replicates` times and
///    accepted when the distance ρ(mean simulated curve, observed curve) ≤ ε_t. Accepted θ_i get
///    w_i ∝ π(θ_i) / Σ_j W_j K(θ_i | θ_j), normalised.
/// 3. Stop after `generations`, when a generation accepts fewer than `min_acceptance` of its
///    proposals (it is then abandoned after N / min_acceptance proposals and the previous one is
///    the posterior), or when ε_t ≤ `tolerance`.
///
/// ## Determinism
/// Proposal i of generation t draws everything (ancestor, move, simulations) from a generator
/// seeded with `RandomSeedDerivation.seed(root: seed, scenarioHash: FNV(model name), point: t,
/// replicate: i)`. Proposals are evaluated in batches of ``batchSize`` in index order (the
/// threads split a batch) and accepted in index order, so the result does not depend on the
/// thread count; a checkpointed generation is stored bit for bit.
public enum AbcCalibration {
  /// Proposals evaluated per parallel batch (fixed: the result must not depend on threads).
  public static let batchSize = 96

  public static func fit(
    spec: AbcFitSpec, graph: MultiplexGraph, observed: ObservedAdoption, seed: UInt64, threads: Int,
    progress: ((String) -> Void)?, checkpoint: URL?
  ) throws -> FitReport {
    let engine = try Engine(spec: spec, graph: graph, observed: observed, seed: seed, threads: threads)
    return try engine.run(progress: progress, checkpoint: checkpoint)
  }
}

/// The outcome of one proposal.
struct AbcProposal {
  var theta: [Double]
  /// Distance, or +∞ when rejected without simulation (outside the prior, model refused).
  var distance: Double
  var prior: Double
  var simulations: Int
}

/// One thread's scratch state.
final class AbcWorker: @unchecked Sendable {
  let curves: CurveSimulator
  let rng: RandomGenerator
  var parameters: ModelParameters
  init(observed: ObservedAdoption, base: ModelParameters) throws {
    curves = CurveSimulator(observed: observed)
    rng = try RandomGenerator(kind: .taus2, seed: 1)
    parameters = base
  }
}

final class Engine {
  let spec: AbcFitSpec
  let graph: MultiplexGraph
  let observed: ObservedAdoption
  let seed: UInt64
  let threads: Int
  let entry: ModelEntry
  let layers: [Int]
  let base: ModelParameters
  let observedCurves: [Double]
  let sideNames: [String]
  let hash: UInt64
  let fingerprint: String
  let workers: [AbcWorker]
  /// Why the model refused the prior means, if it did.
  var probeFailure: String?

  init(spec: AbcFitSpec, graph: MultiplexGraph, observed: ObservedAdoption, seed: UInt64, threads: Int) throws {
    guard observed.nodeCount == graph.nodeCount else {
      throw AbcError.data("the data have \(observed.nodeCount) nodes, the graph \(graph.nodeCount)")
    }
    guard observed.periods >= 1 else { throw AbcError.data("the data have no fitted period") }
    self.spec = spec
    self.graph = graph
    self.observed = observed
    self.seed = seed
    self.threads = max(1, threads)
    guard let entry = ModelRegistry.entry(spec.model) else {
      throw AbcError.model(
        spec.model, reason: "unknown model; expected one of \(ModelRegistry.all.map(\.name).joined(separator: ", "))")
    }
    self.entry = entry
    let given = Array(spec.fixed.keys) + Array(spec.options.keys) + spec.parameters.map(\.name)
    if let unknown = given.sorted().first(where: { entry.parameter($0) == nil }) {
      throw AbcError.model(
        spec.model, reason: "unknown parameter '\(unknown)'; expected one of \(entry.keys.joined(separator: ", "))")
    }
    let names = spec.layers.isEmpty ? graph.layers.map(\.name) : spec.layers
    layers = try names.map { name in
      guard let i = graph.layerIndex(name) else {
        throw AbcError.model(spec.model, reason: "no layer '\(name)' in the graph")
      }
      return i
    }
    base = ModelParameters(values: spec.fixed, options: spec.options)
    // Build once at the prior means' neighbourhood to report a wrong spec before any simulation.
    var probe = base
    for p in spec.parameters {
      probe.values[p.name] = min(max(p.prior.distribution.mean, p.prior.lower), p.prior.upper)
    }
    do {
      _ = try ModelRegistry.make(name: spec.model, graph: graph, layers: spec.layers, parameters: probe)
    } catch let error as ModelError where Self.isRangeError(error) {
      // A prior mean the model refuses is fine: such draws are rejected one by one (the reason
      // is reported if every draw is refused).
      probeFailure = "\(error)"
    } catch {
      throw AbcError.model(spec.model, reason: "\(error)")
    }
    // Per-side curves only when there are several sides (one side is the `all` curve itself).
    sideNames = observed.nodeSide.isEmpty || observed.sideNames.count < 2 ? [] : observed.sideNames
    observedCurves = Self.observedCurves(observed, sides: sideNames.count)
    hash = RandomSeedDerivation.fnv1a(Array(spec.name.utf8))
    var text = spec.canonical + "\nseed=\(seed)\nnodes=\(graph.nodeCount)\nperiods=\(observed.periods)\n"
    text += observed.toa.map { $0.map(String.init) ?? "-" }.joined(separator: ",")
    text += "\n" + graph.layers.map { "\($0.name):\($0.out.targets.count)" }.joined(separator: ",")
    fingerprint = String(RandomSeedDerivation.fnv1a(Array(text.utf8)), radix: 16)
    workers = try (0..<self.threads).map { _ in
      try AbcWorker(observed: observed, base: ModelParameters(values: spec.fixed, options: spec.options))
    }
  }

  /// Whether the model refused a value (which other draws may not hit), rather than a missing
  /// parameter (which every draw would hit: an error of the spec).
  static func isRangeError(_ error: ModelError) -> Bool {
    if case .invalidParameter(_, _, _, let found) = error { return found != "nothing" }
    return false
  }

  /// Observed cumulative fractions: overall, then each side (of its own nodes).
  static func observedCurves(_ data: ObservedAdoption, sides: Int) -> [Double] {
    data.cumulativeFraction() + (0..<sides).flatMap { data.cumulativeFraction(side: $0) }
  }

  var dimension: Int { spec.parameters.count }

  /// The distance of a worker's mean curves to the data.
  func distance(_ curves: [Double]) -> Double {
    let T = observed.periods
    let (lo, hi) = spec.distance == .rmse || sideNames.isEmpty ? (0, T) : (T, curves.count)
    var s = 0.0
    for i in lo..<hi {
      let d = curves[i] - observedCurves[i]
      s += d * d
    }
    return (s / Double(hi - lo)).squareRoot()
  }

  /// Builds the model for `theta`, or nil when the model refuses it.
  func simulator(_ theta: [Double], worker: AbcWorker) -> (any ReplicateSimulator)? {
    var parameters = base
    for (k, p) in spec.parameters.enumerated() { parameters.values[p.name] = theta[k] }
    guard let model = try? entry.make(graph, layers, &parameters) else { return nil }
    return model.makeSimulator()
  }

  /// Evaluates proposal `index` of generation `generation`.
  func propose(
    generation: Int, index: Int, previous: AbcPopulation?, cumulative: [Double], kernel: AbcKernel?, worker: AbcWorker
  ) -> AbcProposal {
    let rng = worker.rng
    rng.reseed(RandomSeedDerivation.seed(root: seed, scenarioHash: hash, point: generation, replicate: index))
    var theta = [Double](repeating: 0, count: dimension)
    if let previous, let kernel {
      let j = AbcPopulation.ancestor(cumulative, u: rng.uniform())
      let gauss = Distribution.normal(mu: 0, sigma: 1)
      for k in 0..<dimension { theta[k] = previous.values[j * dimension + k] }
      kernel.perturb(&theta, normals: (0..<dimension).map { _ in gauss.sample(rng) })
    } else {
      for (k, p) in spec.parameters.enumerated() {
        guard let x = try? p.prior.sample(rng) else {
          return AbcProposal(theta: theta, distance: .infinity, prior: 0, simulations: 0)
        }
        theta[k] = x
      }
    }
    var prior = 1.0
    for (k, p) in spec.parameters.enumerated() { prior *= p.prior.density(theta[k]) }
    guard prior > 0, let simulator = simulator(theta, worker: worker) else {
      return AbcProposal(theta: theta, distance: .infinity, prior: 0, simulations: 0)
    }
    worker.curves.simulate(simulator: simulator, seeds: spec.seeds, rng: rng, replicates: spec.replicates)
    return AbcProposal(
      theta: theta, distance: distance(worker.curves.curves), prior: prior, simulations: spec.replicates)
  }

  /// Evaluates proposals lo..<hi on the workers (contiguous blocks), in index order.
  func batch(_ lo: Int, _ hi: Int, _ body: @escaping (Int, AbcWorker) -> AbcProposal) -> [AbcProposal] {
    let count = hi - lo
    let results = UnsafeMutableBufferPointer<AbcProposal?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer {
      results.deinitialize()
      results.deallocate()
    }
    let slots = AbcSlots(buffer: results)
    let n = min(threads, count)
    let block = (count + n - 1) / n
    let box = AbcBody(body: body, workers: workers)
    if n == 1 {
      for i in 0..<count { slots.buffer[i] = box.body(lo + i, box.workers[0]) }
    } else {
      DispatchQueue.concurrentPerform(iterations: n) { w in
        let start = w * block
        let end = min(count, start + block)
        guard start < end else { return }
        for i in start..<end { slots.buffer[i] = box.body(lo + i, box.workers[w]) }
      }
    }
    return results.map { $0! }
  }
}

struct AbcSlots: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<AbcProposal?>
}

struct AbcBody: @unchecked Sendable {
  let body: (Int, AbcWorker) -> AbcProposal
  let workers: [AbcWorker]
}
