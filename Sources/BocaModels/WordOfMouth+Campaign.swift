import BocaGraph

/// Campaign actions that the ``WordOfMouth`` simulator executes step by step (`docs/wom.md` §10).
///
/// Every action is off when absent: an empty ``WordOfMouth/Campaign`` draws no random number and
/// changes nothing, so the model's replicates are those of the model without campaigns.
///
/// Each action has a ``Schedule`` (active at steps start, start + every, … before end) and a
/// `slot`: the index at which its cost driver (impressions, employee-steps, rewards, responses,
/// or the cost of the seeds of later waves) is reported in ``CampaignSimulator/campaignUnits``
/// after a replicate.
extension WordOfMouth {
  /// When an action acts: steps t with start ≤ t < end and (t − start) divisible by every.
  public struct Schedule: Sendable, Equatable {
    public var start: Int
    /// Exclusive; nil = until the run ends.
    public var end: Int?
    public var every: Int

    public init(start: Int = 0, end: Int? = nil, every: Int = 1) {
      self.start = start
      self.end = end
      self.every = max(1, every)
    }

    @inlinable public func isActive(_ t: Int) -> Bool {
      t >= start && (end.map { t < $0 } ?? true) && (t - start) % every == 0
    }

    /// Whether the window contains t (ignoring `every`).
    @inlinable public func covers(_ t: Int) -> Bool { t >= start && (end.map { t < $0 } ?? true) }

    /// Whether the action may act at some step after t.
    @inlinable public func pending(after t: Int) -> Bool { end.map { t + 1 < $0 } ?? true }
  }

  /// A paid message from the brand: in every active step each node of `audience` that has not
  /// adopted is reached with probability `reach` (one impression), becomes aware, and, unless it
  /// is a rejecter, adopts with probability min(1, X_{s(i)} · persuasion · c_b · C(t) · s_ℓ).
  public struct Broadcast: Sendable, Equatable {
    public var schedule: Schedule
    /// Node ids (internal, increasing) of the targeted sides — all of their nodes, or (`audience:
    /// followers`) only those with an edge on the broadcast's layer; sampled by geometric skipping.
    public var audience: [UInt32]
    public var reach: Double
    /// β: conversion probability of a reached node under full trust (c_b = C = s_ℓ = X = 1).
    public var persuasion: Double
    /// c_b: the source's credibility (a corporate account is not a friend).
    public var sourceCredibility: Double
    /// s_ℓ of the layer the message runs on.
    public var layerStrength: Double
    public var slot: Int

    public init(
      schedule: Schedule, audience: [UInt32], reach: Double, persuasion: Double, sourceCredibility: Double,
      layerStrength: Double, slot: Int
    ) {
      self.schedule = schedule
      self.audience = audience
      self.reach = reach
      self.persuasion = persuasion
      self.sourceCredibility = sourceCredibility
      self.layerStrength = layerStrength
      self.slot = slot
    }

    /// The adoption probability of a reached non-adopter.
    @inlinable func conversion(credibility c: Double, crossSide x: Double) -> Double {
      min(1, x * persuasion * sourceCredibility * c * layerStrength)
    }
  }

  /// Employee advocacy: at step `schedule.start`, round(fraction · |pool|) nodes of the pool,
  /// drawn uniformly without replacement, start talking positively (whether or not they adopted)
  /// and keep talking, never forgetting, until `schedule.end`. Units: advocate-steps.
  public struct Advocacy: Sendable, Equatable {
    public var schedule: Schedule
    public var pool: [UInt32]
    public var fraction: Double
    public var slot: Int

    public init(schedule: Schedule, pool: [UInt32], fraction: Double, slot: Int) {
      self.schedule = schedule
      self.pool = pool
      self.fraction = fraction
      self.slot = slot
    }

    public var count: Int { Int((fraction * Double(pool.count)).rounded()) }
  }

  /// A reward R for new adopters during the window: a new adopter turns promoter with
  /// probability clamp(π + R − κ (R − R*)⁺, 0, 1). Units: rewards paid — every new adopter
  /// (`promotersOnly` false) or only the new adopters that turn promoter (true).
  public struct Incentive: Sendable, Equatable {
    public var schedule: Schedule
    public var reward: Double
    public var crowding: Double
    public var crowdingThreshold: Double
    public var promotersOnly: Bool
    public var slot: Int

    public init(
      schedule: Schedule, reward: Double, crowding: Double, crowdingThreshold: Double, promotersOnly: Bool, slot: Int
    ) {
      self.schedule = schedule
      self.reward = reward
      self.crowding = crowding
      self.crowdingThreshold = crowdingThreshold
      self.promotersOnly = promotersOnly
      self.slot = slot
    }

    /// π(R) under this incentive for base promoter probability π.
    @inlinable public func promoterProbability(base pi: Double) -> Double {
      min(1, max(0, pi + reward - crowding * max(0, reward - crowdingThreshold)))
    }
  }

  /// A listening policy: during the window the brand answers talking agitators with
  /// probability `responsiveness` (r), each answered one turning promoter with probability
  /// `recovery` (ρ), else neutral. Units: answers.
  public struct Listening: Sendable, Equatable {
    public var schedule: Schedule
    public var responsiveness: Double
    public var recovery: Double
    public var slot: Int

    public init(schedule: Schedule, responsiveness: Double, recovery: Double, slot: Int) {
      self.schedule = schedule
      self.responsiveness = responsiveness
      self.recovery = recovery
      self.slot = slot
    }
  }

  /// The waves of a `seed` action after its first (which the runner draws before the replicate,
  /// see ``CampaignSimulator/scheduledSeeds``): at each active step, after the scheduled seeds of
  /// that step, `draw` picks k nodes (or what its budget buys) in the policy's order — afresh from
  /// the replicate's generator for `random` — passing over the nodes that have adopted (which
  /// include every node an earlier wave chose), and they adopt. Units: the cost of those seeds.
  public struct SeedWaves: Sendable, Equatable {
    /// The steps of the waves after the first (start = first wave + every).
    public var schedule: Schedule
    public var draw: SeedDraw
    public var slot: Int

    public init(schedule: Schedule, draw: SeedDraw, slot: Int) {
      self.schedule = schedule
      self.draw = draw
      self.slot = slot
    }
  }

  /// The actions of one campaign arm. When several incentives (or listening policies) are active
  /// in the same step, the first listed applies.
  public struct Campaign: Sendable, Equatable {
    public var broadcasts: [Broadcast] = []
    public var advocacy: [Advocacy] = []
    public var incentives: [Incentive] = []
    public var listening: [Listening] = []
    public var seedWaves: [SeedWaves] = []
    /// Whether seeds arrive after step 0 (``CampaignSimulator/scheduledSeeds``, set per replicate):
    /// the campaign phase must then run even when the arm has no other action.
    public var lateSeeds = false
    /// The number of unit slots (≥ every action's slot + 1).
    public var slots = 0

    public init() {}

    public var isEmpty: Bool {
      broadcasts.isEmpty && advocacy.isEmpty && incentives.isEmpty && listening.isEmpty && seedWaves.isEmpty
        && !lateSeeds
    }

    /// Whether any action can still act after step t.
    func pending(after t: Int) -> Bool {
      broadcasts.contains { $0.schedule.pending(after: t) }
        || advocacy.contains { $0.schedule.pending(after: t) }
        || listening.contains { $0.schedule.pending(after: t) }
        || seedWaves.contains { $0.schedule.pending(after: t) }
    }
  }

  /// This model with a campaign.
  ///
  /// - Throws: ``ModelError`` for a probability out of [0, 1] or a negative value.
  public func with(campaign: Campaign) throws -> WordOfMouth {
    func unit(_ key: String, _ v: Double) throws {
      guard v >= 0 && v <= 1 else {
        throw ModelError.invalidParameter(model: "wom", key: key, expected: "a value in [0, 1]", found: "\(v)")
      }
    }
    for b in campaign.broadcasts {
      try unit("broadcast.reach", b.reach)
      try unit("broadcast.credibility", b.sourceCredibility)
      guard b.persuasion >= 0, b.layerStrength >= 0 else {
        throw ModelError.invalidParameter(
          model: "wom", key: "broadcast.persuasion", expected: "a value ≥ 0", found: "\(b.persuasion)")
      }
    }
    for a in campaign.advocacy { try unit("advocacy.fraction", a.fraction) }
    for w in campaign.seedWaves {
      guard w.draw.k.map({ $0 > 0 }) ?? (w.draw.budget.map { $0 >= 0 } ?? false) else {
        throw ModelError.invalidParameter(
          model: "wom", key: "seed.k", expected: "k > 0 or a budget ≥ 0 per wave", found: "neither")
      }
    }
    for i in campaign.incentives { try unit("incentive.reward", i.reward) }
    for l in campaign.listening {
      try unit("listen.responsiveness", l.responsiveness)
      try unit("listen.recovery", l.recovery)
    }
    var copy = self
    copy.campaign = campaign
    return copy
  }
}

/// A simulator that runs campaigns: seeds that arrive after step 0 and per-action cost drivers.
public protocol CampaignSimulator: ReplicateSimulator {
  /// Seeds that adopt at a later step (set before `run`; step ≥ 1), in step order.
  var scheduledSeeds: [(step: Int, nodes: [UInt32])] { get set }
  /// After `run`: per action slot, its cost driver (impressions, advocate-steps, rewards, answers;
  /// for a seed action, what the seeds of its waves after the first cost).
  var campaignUnits: [Double] { get }
  /// After `run`: nodes adopted by seed actions after step 0 (scheduled seeds and later seed
  /// waves), for the runs table's `seeded` column.
  var seededAdopters: Int { get }
}
