import BocaGraph
import BocaRandom
import Foundation

/// The SIR and SIS epidemic models on a multiplex graph, in discrete time (synchronous steps) or
/// continuous time (exact event-driven simulation).
///
/// ## Model
/// Every node is susceptible (S), infected (I) or, in SIR, recovered (R). Infection travels along
/// the out-edges of the selected layers (an undirected edge both ways); an edge present on two
/// layers is two independent channels. The seeds are infected at time 0. The spread is the number
/// of nodes ever infected, seeds included; in SIS a node may be infected several times but counts
/// once (``ReplicateTrace/order`` lists first infections).
///
/// **Discrete time** (`time: discrete`, parameters β and γ are probabilities per step). Step
/// t + 1, for the set I_t of nodes infected at the end of step t:
/// 1. infection, with the rule `infection`:
///    - `neighbour` (default): every u ∈ I_t tries once to infect each out-neighbour v that was
///      susceptible at the start of the step, succeeding with probability β. A susceptible node with
///      k_inf infected in-neighbours is infected with probability 1 − (1 − β)^{k_inf}. This is the
///      peer benchmark's `SIR-dt`, NDlib's `SIRModel` and NDlib's `tp_rate = 1` rule.
///    - `node`: a susceptible node with at least one infected in-neighbour is infected with
///      probability β, however many there are: NDlib's `tp_rate = 0` rule (its SIS, SEIR and SEIS
///      models: `eventp < beta * triggered`, triggered = 1 if any infected neighbour).
///    - `fraction`: a susceptible node with k_inf infected in-neighbours out of k in-neighbours is
///      infected with probability β·k_inf/k (exposure proportional to the infected share of one's
///      contacts, as in the network Bass model).
/// 2. recovery: each u ∈ I_t (not the nodes infected in this step) recovers with probability γ:
///    SIR → recovered for good, SIS → susceptible again from step t + 2 on.
///
/// So the infectious period is Geometric(γ) ≥ 1 steps and, in SIR with `neighbour`, the final set
/// is the set reached from the seeds when edge u→v is open with probability 1 − (1 − β)^{D_u}.
/// With γ = 1 the discrete SIR is the independent cascade with p = β.
///
/// **Continuous time** (`time: continuous`, τ and γ are rates): Markovian SIR/SIS. Each S–I edge
/// u→v transmits at rate τ; each infected node recovers at rate γ (infectious period Exp(γ)). In
/// SIR, edge u→v transmits before u recovers with probability T = τ/(τ + γ), the
/// transmissibility; the mean final size of large outbreaks is that of bond percolation with T,
/// while the outbreak probability is not (the edges of one node share its infectious period;
/// Kenah & Robins 2007). Reports are at unit times 0, 1, …: `stepEnds[t]` = infected by time t.
///
/// In plain words: an infected person talks to each contact independently; one conversation,
/// one chance. In SIR, people who got over it are immune; in SIS they can catch it again.
///
/// ## Horizon
/// `horizon` counts steps (discrete) or time units (continuous). SIR with `horizon == nil` runs to
/// extinction (continuous: reports up to ⌈time of the last recovery⌉). SIS need not die out, so
/// `horizon == nil` means ``defaultSISHorizon`` (100) steps or time units.
///
/// ## Algorithm
/// Discrete SIR, `neighbour`: event-driven, once per infected node (same law as the step, see
/// `runDiscreteSIREvents`): D ~ Geometric(γ), each out-edge transmits with p = 1 − (1 − β)^D at a
/// truncated-geometric delay, transmissions wait in a per-step calendar queue.
/// Discrete SIS, `neighbour`: synchronous steps; the infected nodes' out-edges are scanned with geometric skipping for
/// β < 0.25 (draw the gap to the next successful edge, ⌊ln U / ln(1 − β)⌋), so a step costs
/// O(|I_t| + successes) draws and O(Σ_{u∈I_t} deg⁺(u)) only in the worst case; `node`/`fraction`
/// count infected in-neighbours of exposed susceptible nodes in one push pass (O(Σ deg⁺) per step),
/// then draw once per exposed node. One uniform per infected node per step for recovery.
/// Continuous SIR: the event-driven algorithm of EoN's `fast_SIR` (Kiss, Miller & Simon 2017,
/// §4 and appendix A.1.2): when u is infected at t its recovery time t + D, D ~ Exp(γ), is drawn;
/// every out-edge transmits before then with probability p = 1 − e^{−τD}, and a transmitting
/// edge does so at t + X, X ~ Exp(τ) conditioned on X < D (X = −ln(1 − U p)/τ). The successful
/// edges are found by geometric skipping; a transmission is queued in a binary heap only if it
/// is earlier than the target's earliest one already queued. O(Σ_{infected} (1 + successes)
/// log Q) time. Continuous SIS: each infected node u carries one event in the heap, the earlier
/// of its recovery and its next contact; contacts of u form a Poisson process of rate τ·deg⁺(u)
/// and go to a uniformly chosen out-edge (so each edge carries rate τ); a contact with a
/// susceptible node infects it. O(events · log |I|) time.
/// Marks are epoch-stamped, so a replicate costs nothing in proportion to n.
///
/// References: W. O. Kermack, A. G. McKendrick, Proc. R. Soc. A 115 (1927) 700–721;
/// I. Z. Kiss, J. C. Miller, P. L. Simon, *Mathematics of Epidemics on Networks*, Springer (2017),
/// ch. 4 and appendix A.1; E. Kenah, J. M. Robins, "Second look at the spread of epidemics on
/// networks", Phys. Rev. E 76 (2007) 036113; G. Rossetti et al., "NDlib: a python library to
/// model and analyze diffusion processes over complex networks", Int. J. Data Sci. Anal. 5 (2018).
public struct Epidemic: Sendable {
  /// Whether recovered nodes are immune (SIR) or susceptible again (SIS).
  public enum Kind: String, Sendable {
    case sir, sis
  }

  /// How a susceptible node with infected in-neighbours catches the infection in discrete time.
  public enum Infection: String, Sendable, CaseIterable {
    /// Each infected in-neighbour transmits independently with probability β.
    case neighbour
    /// Probability β if any in-neighbour is infected (NDlib `tp_rate = 0`).
    case node
    /// Probability β·k_inf/k.
    case fraction
  }

  /// The clock and its parameters.
  public enum Clock: Sendable, Equatable {
    /// Synchronous steps: per-step infection probability β and recovery probability γ.
    case discrete(beta: Double, gamma: Double, infection: Infection)
    /// Continuous time: transmission rate τ per S–I edge, recovery rate γ.
    case continuous(tau: Double, gamma: Double)
  }

  /// Steps (or time units) an SIS replicate runs when no horizon is given.
  public static let defaultSISHorizon = 100

  public let kind: Kind
  public let clock: Clock
  @usableFromInline let network: EpidemicNetwork

  /// Sets up the model on `layers` (indices into `graph.layers`; all when empty).
  ///
  /// - Throws: ``ModelError`` when a probability is outside [0, 1], a rate is negative or not
  ///   finite, or (SIR) γ = 0, which would never end.
  public init(kind: Kind, clock: Clock, graph: MultiplexGraph, layers: [Int] = []) throws {
    let model = kind.rawValue
    switch clock {
    case .discrete(let beta, let gamma, _):
      guard beta >= 0, beta <= 1 else {
        throw ModelError.invalidParameter(
          model: model, key: "beta", expected: "a probability in [0, 1]", found: "\(beta)")
      }
      guard gamma >= 0, gamma <= 1 else {
        throw ModelError.invalidParameter(
          model: model, key: "gamma", expected: "a probability in [0, 1]", found: "\(gamma)")
      }
    case .continuous(let tau, let gamma):
      guard tau >= 0, tau.isFinite else {
        throw ModelError.invalidParameter(model: model, key: "tau", expected: "a finite rate >= 0", found: "\(tau)")
      }
      guard gamma >= 0, gamma.isFinite else {
        throw ModelError.invalidParameter(model: model, key: "gamma", expected: "a finite rate >= 0", found: "\(gamma)")
      }
    }
    if kind == .sir {
      let gamma: Double
      switch clock {
      case .discrete(_, let g, _): gamma = g
      case .continuous(_, let g): gamma = g
      }
      guard gamma > 0 else {
        throw ModelError.invalidParameter(
          model: model, key: "gamma", expected: "a recovery probability or rate > 0 (SIR with gamma = 0 never ends)",
          found: "\(gamma)")
      }
    }
    self.kind = kind
    self.clock = clock
    self.network = EpidemicNetwork(graph: graph, layers: layers.isEmpty ? Array(graph.layers.indices) : layers)
  }

  /// The number of nodes.
  public var nodeCount: Int { network.nodeCount }
}

/// The out-adjacency of the selected layers merged into one CSR (an edge on two layers appears
/// twice: two channels), and each node's in-degree in it.
@usableFromInline struct EpidemicNetwork: Sendable {
  @usableFromInline let nodeCount: Int
  @usableFromInline let offsets: [Int]
  @usableFromInline let targets: [UInt32]
  /// In-degree in the merged adjacency (for the `fraction` rule).
  @usableFromInline let inDegree: [UInt32]

  init(graph: MultiplexGraph, layers: [Int]) {
    let n = graph.nodeCount
    nodeCount = n
    if layers.count == 1 {
      offsets = graph.layers[layers[0]].out.offsets
      targets = graph.layers[layers[0]].out.targets
    } else {
      var offsets = [Int](repeating: 0, count: n + 1)
      for u in 0..<n {
        offsets[u + 1] = offsets[u] + layers.reduce(0) { $0 + graph.layers[$1].out.degree(u) }
      }
      var targets = [UInt32]()
      targets.reserveCapacity(offsets[n])
      for u in 0..<n {
        for l in layers { targets.append(contentsOf: graph.layers[l].out.neighbors(u)) }
      }
      self.offsets = offsets
      self.targets = targets
    }
    var inDegree = [UInt32](repeating: 0, count: n)
    for v in targets { inDegree[Int(v)] += 1 }
    self.inDegree = inDegree
  }
}
