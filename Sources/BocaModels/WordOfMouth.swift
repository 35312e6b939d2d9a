import BocaGraph
import BocaRandom

/// Boca's word-of-mouth model (`wom`): Bass-type adoption on a multi-sided multiplex network with
/// brand credibility, positive and negative word of mouth, promoter moderation, listening,
/// rewards with crowding-out, lurkers, cross-side network effects and an optional viral cascade.
/// The full specification, with every equation and its source, is `docs/wom.md`; this is its
/// summary.
///
/// ## Model
/// States. Each node is *unaware*, *aware* or *adopted* (absorbing). An adopter's opinion is
/// *neutral* (a passive customer), *positive* (a promoter) or *negative* (an agitator); an aware
/// non-adopter may be *negative* too (a rejecter: it heard agitators and will not adopt until it
/// forgets). A node *talks* when it is an adopter with a non-neutral opinion that has not
/// forgotten to talk and is not a (not yet converted) lurker; its message weight is
/// w_j = a_j · c_j (activity × credibility, per node; graph columns `activity`, `credibility`, else
/// the parameters `a`, `c`). Layer ℓ carries messages with strength s_ℓ (`strength`, per layer).
///
/// Pressure on node i at the start of step t, over in-edges (j → i) of the model layers:
///
///     P⁺_i = Σ_{ℓ, talking promoters j} s_ℓ w_j        P⁻_i = Σ_{ℓ, talking agitators j} s_ℓ w_j
///     P̃⁻_i = (1 − μ) P⁻_i if P⁺_i > 0 else P⁻_i                    (promoter moderation)
///     ν_i  = min(1, P̃⁻_i / k_i)                                   (negative capture)
///     h_i  = min(1, X_{s(i)} · (p + q · C(t) · P⁺_i / k_i))        (Bass hazard, k_i in-degree)
///     X_s  = 1 + χ · F_{−s}(t)                                    (cross-side network effect)
///
/// where F_{−s} is the adopted fraction of the nodes on the other sides. Step t, in this order:
///  1. every non-adopter that is not negative draws U: U < ν_i → it turns negative (rejecter);
///     ν_i ≤ U < ν_i + (1 − ν_i) h_i → it adopts; it becomes aware if p > 0 or P⁺_i + P⁻_i > 0;
///     an aware non-adopter then forgets (back to unaware, neutral) with probability f_i;
///  2. viral cascade: each node that adopted in step t − 1 makes each out-neighbour (per layer)
///     adopt with probability min(1, π_c s_ℓ w_j C(t) X_{s(i)}) (one chance per edge, as IC);
///  3. each new adopter becomes a promoter with probability π(R) = clamp(π + R − κ (R − R*)⁺),
///     else neutral (rewards R with crowding-out κ past R*);
///  4. each adopter of before step t, in adoption order: if it is a talking agitator the brand
///     answers it with probability r (it turns positive with probability ρ, else neutral; each
///     answer counts in `responses`); else if not an agitator it turns agitator with probability
///     ε; then, if it talks, it stops talking (forgets) with probability f_j;
///  5. each silent lurker (a node of the side named by option `lurkers`) starts talking with
///     probability λ;
///  6. brand credibility: C(t+1) = C + g (1 − C) V⁺/E − ℓ_C C V⁻/E, with V^± = Σ_{talkers of each
///     sign at the start of the step} w_j Σ_ℓ s_ℓ deg⁺_ℓ(j) and E = Σ_j Σ_ℓ s_ℓ deg⁺_ℓ(j).
///
/// Every mechanism has an off value, and these are the defaults: q and p as given; π_c = 0,
/// C(0) = 1, g = ℓ_C = 0, π = 1, ε = 0, μ = 0, r = 0, R = 0, κ = 0, λ = 0, χ = 0, a = c = 1,
/// f = 0, s_ℓ = 1. With those, P⁺_i = a_i (the adopted in-neighbours), ν_i = 0 and h_i = p + q a_i/k_i:
/// the model *is* network ``Bass``, drawing the same numbers in the same order. With p = q = 0 and
/// π_c > 0 it is the independent cascade with p = π_c.
///
/// `horizon` nil runs 50 steps; a replicate stops early when nothing can change any more.
///
/// ## Algorithm
/// Pressures are counters pushed by the talkers (a change of a node's voice adds ± s_ℓ w_j to its
/// out-neighbours; kept only when q > 0 or ε > 0, the only readers). The pass draws once for each
/// non-adopter that ever felt pressure, in id order (when p > 0 and a bound on their hazard is
/// below 0.15, it thins them instead: skipping at the bound, acceptance h_i / bound, one draw each
/// for those with negative pressure); the others have h = X p and no capture, and
/// are sampled by geometric skipping over a compact pool (as the unpressed nodes of ``Bass``, so
/// the draws stay Bass's). Every other per-step coin — forgetting of non-adopters (p > 0: all are
/// aware, applied lazily through per-pass epochs), listening, agitation, forgetting to talk, lurker
/// conversion — is drawn by geometric skipping over a list with lazy deletion, thinned by
/// f_i / max f where f varies. A step thus costs O(pressed non-adopters + events + pushes), and
/// the pass is skipped in steps where no node can adopt, turn negative or forget, so a pure
/// cascade costs O(cascade). Node records are epoch-stamped (no O(N) reset). The cascade uses
/// geometric skipping (as ``IndependentCascade``) at min(1, b · max X), b = π_c s_ℓ w_j C, thinned to
/// min(1, b X_{s(i)}) per target (X_{s(i)} / max X below the cap; the capped probability itself
/// when b · max X ≥ 1). Every node adopts at most once per replicate, through one entry point.
///
/// References: F. M. Bass, Management Science 15 (1969); J. Goldenberg, B. Libai, E. Muller, "Talk
/// of the network", Marketing Letters 12 (2001); T. Erdem, J. Swait, "Brand equity as a signaling
/// phenomenon", J. Consumer Psychology 7 (1998); V. Mahajan, E. Muller, R. A. Kerin, "Introduction
/// strategy for new products with positive and negative word-of-mouth", Management Science 30
/// (1984); W. Chen et al., "Influence maximization in social networks when negative opinions may
/// emerge and propagate", SDM 2011; F. F. Reichheld, "The one number you need to grow", HBR 2003;
/// S. S. Tax, S. W. Brown, M. Chandrashekaran, "Customer evaluations of service complaint
/// experiences", J. Marketing 62 (1998); E. L. Deci, R. Koestner, R. M. Ryan, Psychological Bulletin
/// 125 (1999); B. S. Frey, F. Oberholzer-Gee, AER 87 (1997); B. Nonnecke, J. Preece, CHI 2000;
/// J.-C. Rochet, J. Tirole, JEEA 1 (2003); G. G. Parker, M. W. Van Alstyne, Management Science 51
/// (2005); A. Toffler, *The Third Wave* (1980); Edelman Trust Barometer.
public struct WordOfMouth: Sendable {
  /// The model's parameters; each mechanism's off value is its default.
  public struct Parameters: Sendable, Equatable {
    /// p: external influence (advertising), per step, in [0, 1]. Default 0.
    public var p = 0.0
    /// q: internal influence (word of mouth), per step, in [0, 1]. Default 0.
    public var q = 0.0
    /// π_c (`pic`): probability that a new adopter's message along one out-edge makes the neighbour
    /// adopt at the next step (viral cascade, one chance per edge), in [0, 1]. 0 = off (default).
    public var pic = 0.0
    /// C(0) (`C0`): initial brand credibility, in [0, 1]. Default 1 (full credibility = Bass).
    public var initialCredibility = 1.0
    /// g (`gain`): fraction of the gap 1 − C that a step of all-positive talk closes, in [0, 1].
    /// 0 = off (default).
    public var gain = 0.0
    /// ℓ_C (`loss`): fraction of C that a step of all-negative talk destroys, in [0, 1]. 0 = off.
    public var loss = 0.0
    /// π (`pi`): probability that a new adopter becomes a promoter (else a neutral, silent
    /// customer), in [0, 1]. Default 1 (every adopter talks, as in Bass).
    public var promoter = 1.0
    /// ε (`eps`): per-step probability that an adopter turns agitator (negative word of mouth), in
    /// [0, 1]. 0 = off (default).
    public var agitation = 0.0
    /// μ (`mu`): share of agitators' pressure removed for a listener with a talking promoter
    /// in-neighbour, in [0, 1]. 0 = off (default).
    public var moderation = 0.0
    /// r: per-step probability that the brand answers a talking agitator, in [0, 1]. 0 = off.
    public var responsiveness = 0.0
    /// ρ (`rho`): probability that an answered agitator turns promoter (else neutral), in [0, 1].
    /// Default 0.5.
    public var recovery = 0.5
    /// R: reward (incentive) raising a new adopter's promoter probability, in [0, 1]. 0 = off.
    public var reward = 0.0
    /// R* (`Rstar`): reward level past which crowding-out starts, in [0, 1]. Default 0.5.
    public var crowdingThreshold = 0.5
    /// κ (`kappa`): promoter probability lost per unit of reward past R*, ≥ 0. 0 = off (default).
    public var crowding = 0.0
    /// λ (`lambda`): per-step probability that a silent lurker starts talking, in [0, 1]. Default 0.
    public var lurkerConversion = 0.0
    /// The side whose nodes start as silent lurkers (option `lurkers`); nil = none (default).
    public var lurkerSide: String? = nil
    /// χ (`chi`): cross-side network effect, the hazard multiplier's slope in the other sides'
    /// adopted fraction, ≥ 0. 0 = off (default).
    public var crossSide = 0.0
    /// a: activity of every node when the graph has no `activity` column, in [0, 1]. Default 1.
    public var activity = 1.0
    /// c: credibility of every node when the graph has no `credibility` column, in [0, 1]. Default 1.
    public var credibility = 1.0
    /// f: per-step forgetting probability when the graph has no `forgetting` column, in [0, 1].
    /// 0 = off (default).
    public var forgetting = 0.0

    public init() {}

    /// π(R) = clamp(π + R − κ · max(0, R − R*), 0, 1): the promoter probability under reward R.
    public var promoterProbability: Double {
      min(1, max(0, promoter + reward - crowding * max(0, reward - crowdingThreshold)))
    }
  }

  /// Steps run when `horizon` is nil.
  public static let defaultHorizon = 50

  /// The parameters.
  public let parameters: Parameters
  /// Campaign actions run step by step (none by default; see ``with(campaign:)``).
  public internal(set) var campaign = Campaign()
  @usableFromInline let nodeCount: Int
  @usableFromInline let channels: [Channel]
  /// w_j = a_j c_j.
  @usableFromInline let weight: [Double]
  /// f_i.
  @usableFromInline let forgetting: [Double]
  @usableFromInline let anyForgetting: Bool
  /// k_i, in-neighbour entries over the model layers.
  @usableFromInline let inDegree: [Double]
  /// Σ_ℓ s_ℓ deg⁺_ℓ(j), a talker's conversation capacity.
  @usableFromInline let capacity: [Double]
  /// E = Σ_j capacity_j.
  @usableFromInline let totalCapacity: Double
  @usableFromInline let side: [UInt16]
  @usableFromInline let sideSizes: [Int]
  /// Nodes of the lurker side, in id order, and a flag per node.
  @usableFromInline let lurkers: [UInt32]
  @usableFromInline let isLurker: [Bool]

  @usableFromInline struct Channel: Sendable {
    @usableFromInline let csr: CSR
    @usableFromInline let strength: Double
  }

  /// Sets the model up on `layers` with one channel strength per layer (default 1 each).
  ///
  /// - Throws: ``ModelError`` for a parameter out of range, an attribute column out of [0, 1], or
  ///   an unknown lurker side.
  public init(graph: MultiplexGraph, layers: [Int], strengths: [Double]? = nil, parameters: Parameters) throws {
    let strengths = strengths ?? Array(repeating: 1, count: layers.count)
    precondition(strengths.count == layers.count, "one strength per layer")
    let x = parameters
    let unit: [(String, Double)] = [
      ("p", x.p), ("q", x.q), ("pic", x.pic), ("C0", x.initialCredibility), ("gain", x.gain), ("loss", x.loss),
      ("pi", x.promoter), ("eps", x.agitation), ("mu", x.moderation), ("r", x.responsiveness), ("rho", x.recovery),
      ("R", x.reward), ("Rstar", x.crowdingThreshold), ("lambda", x.lurkerConversion), ("a", x.activity),
      ("c", x.credibility), ("f", x.forgetting),
    ]
    for (key, v) in unit where !(v >= 0 && v <= 1) {
      throw ModelError.invalidParameter(model: "wom", key: key, expected: "a value in [0, 1]", found: "\(v)")
    }
    for (key, v) in [("kappa", x.crowding), ("chi", x.crossSide)]
      + zip(layers, strengths).map({
        ("strength.\(graph.layers[$0.0].name)", $0.1)
      }) where !(v >= 0 && v.isFinite)
    {
      throw ModelError.invalidParameter(model: "wom", key: key, expected: "a finite value ≥ 0", found: "\(v)")
    }
    let n = graph.nodeCount
    func column(_ name: String, _ fallback: Double) throws -> [Double] {
      guard let values = graph.attributes[name] else { return [Double](repeating: fallback, count: n) }
      if let bad = values.first(where: { !($0 >= 0 && $0 <= 1) }) {
        throw ModelError.invalidParameter(model: "wom", key: name, expected: "node values in [0, 1]", found: "\(bad)")
      }
      return values
    }
    let activity = try column("activity", x.activity)
    let credibility = try column("credibility", x.credibility)
    forgetting = try column("forgetting", x.forgetting)
    anyForgetting = forgetting.contains { $0 > 0 }
    weight = zip(activity, credibility).map { $0 * $1 }
    channels = zip(layers, strengths).map { Channel(csr: graph.layers[$0].out, strength: $1) }
    inDegree = Bass.inDegree(nodeCount: n, channels: channels.map(\.csr))
    var capacity = [Double](repeating: 0, count: n)
    for channel in channels {
      for j in 0..<n { capacity[j] += channel.strength * Double(channel.csr.degree(j)) }
    }
    self.capacity = capacity
    totalCapacity = capacity.reduce(0, +)
    side = graph.nodeSide
    sideSizes = graph.sideCounts()
    if let name = x.lurkerSide {
      guard let s = graph.sideIndex(name) else {
        throw ModelError.invalidParameter(
          model: "wom", key: "lurkers", expected: "a side of the graph (\(graph.sideNames.joined(separator: ", ")))",
          found: "'\(name)'")
      }
      isLurker = graph.nodeSide.map { Int($0) == s }
      lurkers = graph.nodesBySide()[s]
    } else {
      isLurker = [Bool](repeating: false, count: n)
      lurkers = []
    }
    nodeCount = n
    self.parameters = x
  }

  /// Convenience: every layer of `graph`, strength 1.
  public init(graph: MultiplexGraph, parameters: Parameters) throws {
    try self.init(graph: graph, layers: Array(graph.layers.indices), parameters: parameters)
  }
}
