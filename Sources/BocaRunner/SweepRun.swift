import BocaGraph
import BocaRandom
import BocaResults
import BocaScenario
import Foundation

/// Runs a scenario's points × arms × replicates into a run directory, resumably.
///
/// The points of this shard that are not complete yet run in order (grouped so that points
/// sharing a graph run together and the graph is built once), several at a time when they are
/// small (``PointScheduler``: lanes of threads, graphs built in parallel); within a point, every
/// arm runs the same replicates on the lane's threads with the same seeds (common random
/// numbers), in batches whose rows stream to disk. Memory is bounded by the graphs of the
/// points in flight (at most one set per lane) and one batch per lane, not by the number of
/// replicates. See ``RunStore`` and ``PointScheduler`` for what makes the tables independent of
/// threads, shards and interruptions.
public final class SweepRun {
  public let plan: ScenarioPlan
  public let store: RunStore
  public let threads: Int
  public let shard: Shard?
  public let commandLine: [String]
  /// The scenario file's bytes, copied into the run directory so that `--resume` needs nothing else.
  public let scenarioSource: Data?
  /// The folder the scenario's relative paths start from.
  public let scenarioDirectory: String?
  /// Also write the NetLogo BehaviorSpace table (besides `outputs.netlogo`).
  public let netlogo: Bool
  /// Notes for the user (graph building).
  public var log: (String) -> Void = { _ in }
  /// Warnings and `--verbose` notes about the set-up (seeding), each said once.
  public let notes = RunNotes()
  /// Add the campaign columns (cost, time_10, time_50, peak_agitators) to the runs table even
  /// when no arm has actions (`boca compare` sets it; campaign plans always have them).
  public var campaignColumns = false
  /// What to do when the run directory already holds files (see ``ExistingRun``): refuse by
  /// default, so that an earlier run's parts are never taken for this run's.
  public var existing: ExistingRun = .refuse
  /// Polled by the replicate workers inside a batch (see ``ReplicateRunner``): when it says yes
  /// the batch under way is dropped and ``execute(progress:shouldStop:graph:)`` returns `false`,
  /// leaving only complete points behind, so a signal stops a run within about a replicate.
  public var interrupt: (@Sendable () -> Bool)? = nil

  /// The seed-derivation rule, in words, as recorded in the manifest and checked on `--resume`.
  public static let seedRule =
    "seed = 1 + (h mod (2^32-1)), h = SplitMix64 chain of (root, scenario hash, point, replicate); arms share seeds; collisions re-derived in canonical order (BocaRandom.SeedDerivation)"

  /// Replicates per batch for fixed replicate counts.
  static let fixedBatch = 1000

  public init(
    plan: ScenarioPlan, directory: URL, threads: Int, shard: Shard? = nil, commandLine: [String],
    scenarioSource: Data? = nil, scenarioDirectory: String? = nil, netlogo: Bool = false,
    existing: ExistingRun = .refuse
  ) {
    self.existing = existing
    self.plan = plan
    self.store = RunStore(directory: directory)
    self.threads = max(1, threads)
    self.shard = shard
    self.commandLine = commandLine
    self.scenarioSource = scenarioSource
    self.scenarioDirectory = scenarioDirectory
    self.netlogo = netlogo
  }

  /// The points this run is responsible for.
  public var points: [Int] { (0..<plan.pointCount).filter { shard?.contains(point: $0) ?? true } }

  /// Runs what is missing and assembles the tables.
  ///
  /// Before anything is written the directory is claimed under ``existing``: a non-empty one is
  /// refused, resumed only when its manifest has this run's ``RunIdentity``, or cleared.
  ///
  /// - Parameters:
  ///   - progress: told of every batch and point.
  ///   - shouldStop: polled between batches; when it says yes the run stops, leaving only
  ///     complete points behind, and `execute` returns `false`.
  ///   - graph: an already built graph for the first graph key (optional).
  /// - Returns: whether the run finished.
  @discardableResult
  public func execute(
    progress: SweepProgress? = nil, shouldStop: () -> Bool = { false }, graph prebuilt: MultiplexGraph? = nil
  ) throws -> Bool {
    try CampaignPlanner.checkPolicies(plan)
    try RunLimits.check(plan, log: log)
    try store.claim(existing, for: RunIdentity(plan: plan))
    try store.prepare()
    if let scenarioSource, !FileManager.default.fileExists(atPath: store.scenarioURL.path) {
      try AtomicFile.write(scenarioSource, to: store.scenarioURL)
    }
    let previous = try? Manifest.read(from: store.manifestURL)
    // A resumed run writes its remaining points with the columns its first points have.
    if previous?.campaignColumns == true { campaignColumns = true }
    var manifest = makeManifest(previous: previous)
    try manifest.write(to: store.manifestURL)

    let replicateSeeds = ReplicateSeeds(
      root: plan.base.seed, scenarioHash: plan.base.sourceHash, points: plan.pointCount,
      replicates: plan.replicates.maximum)
    let todo = ordered(points.filter { !store.isComplete(point: $0) })
    progress?.begin(points: points.count, done: points.count - todo.count, replicatesPerPoint: expectedReplicates)
    var prebuiltGraphs: [String: MultiplexGraph] = [:]
    if let prebuilt { prebuiltGraphs[plan.graphKey(point: 0, arm: 0)] = prebuilt }
    let scheduler = PointScheduler(plan: plan, points: todo, prebuilt: prebuiltGraphs, log: log)
    let lanes = PointScheduler.plan(
      threads: threads, points: todo.count, replicatesPerBatch: replicatesPerBatch,
      graphBytes: graphBytes(todo), budget: .current)
    let firstPoint = todo.first
    let firstGraph = GraphHolder()
    let pollLock = NSLock()
    let finished = try withoutActuallyEscaping(shouldStop) { shouldStop in
      let poll = UncheckedSendable(value: shouldStop)
      let sweep = UncheckedSendable(value: self)
      return try PointScheduler.run(points: todo, lanes: lanes) { point, laneThreads in
        let graphs = try scheduler.graphs(for: point)
        defer { scheduler.release(point) }
        if point == firstPoint { firstGraph.graph = graphs[0] }
        let complete = try PointRun(
          sweep: sweep.value, point: point, replicateSeeds: replicateSeeds, graphs: graphs, threads: laneThreads
        )
        .execute(progress: progress, shouldStop: { pollLock.withLock { poll.value() } })
        if complete { progress?.pointDone() }
        return complete
      }
    }
    if manifest.graphChecksum.isEmpty, let g = firstGraph.graph { describe(g, in: &manifest) }
    guard finished else {
      progress?.finish(stopped: true)
      return false
    }
    progress?.finish(stopped: false)
    manifest.seedCollisionsResolved = replicateSeeds.collisionsResolved
    manifest.tables = try TableAssembler(
      plan: plan, store: store, netlogo: netlogo || plan.base.outputs.netlogo, threads: threads
    )
    .assemble()
    manifest.completedPoints = store.completedPoints().count
    manifest.finishedAt = Manifest.timestamp()
    manifest.threads = threads
    try manifest.write(to: store.manifestURL)
    return true
  }

  /// Points grouped by the first point with the same graph, so each graph is built once.
  func ordered(_ points: [Int]) -> [Int] {
    var firstSeen: [String: Int] = [:]
    for p in points {
      let key = (0..<plan.armCount).map { plan.graphKey(point: p, arm: $0) }.joined(separator: "\u{1}")
      if firstSeen[key] == nil { firstSeen[key] = p }
    }
    func group(_ p: Int) -> Int {
      firstSeen[(0..<plan.armCount).map { plan.graphKey(point: p, arm: $0) }.joined(separator: "\u{1}")] ?? p
    }
    return points.sorted { (group($0), $0) < (group($1), $1) }
  }

  /// Replicates of one arm in a point's first batch (what ``PointScheduler`` sizes lanes by).
  var replicatesPerBatch: Int {
    switch plan.replicates {
    case .fixed(let n): return min(n, Self.fixedBatch)
    case .adaptive(_, _, let min, _, _): return Swift.min(min, Self.fixedBatch)
    }
  }

  /// The most memory one point's graphs take (``GraphFactory/estimatedBytes(_:)``, each distinct
  /// graph key once), over the first points of `todo`.
  func graphBytes(_ todo: [Int]) -> Int {
    todo.prefix(64).map { point in
      var seen: Set<String> = []
      var bytes = 0
      for arm in 0..<plan.armCount where seen.insert(plan.graphKey(point: point, arm: arm)).inserted {
        bytes = MemoryBudget.sum(bytes, GraphFactory.estimatedBytes(plan.scenario(point: point, arm: arm).graph))
      }
      return bytes
    }.max() ?? 0
  }

  var expectedReplicates: Int {
    switch plan.replicates {
    case .fixed(let n): return n * plan.armCount
    case .adaptive(_, _, let min, _, _): return min * plan.armCount
    }
  }

  func describe(_ graph: MultiplexGraph, in manifest: inout Manifest) {
    manifest.graphChecksum = String(graph.checksum, radix: 16)
    manifest.nodes = graph.nodeCount
    manifest.edges = graph.edgeCount
    manifest.layers = graph.layers.map(\.name)
    manifest.sides = graph.sideNames
  }

  func makeManifest(previous: Manifest?) -> Manifest {
    let s = plan.base
    var m = Manifest(
      toolVersion: ToolBuild.version, gitCommit: ToolBuild.commit, scenarioName: s.name,
      scenarioFile: s.file,
      scenarioHash: String(s.sourceHash, radix: 16), rng: s.rng.rawValue, rootSeed: s.seed,
      seedRule: Self.seedRule,
      seedCollisionsResolved: 0, graphChecksum: previous?.graphChecksum ?? "", nodes: previous?.nodes ?? 0,
      edges: previous?.edges ?? 0, layers: previous?.layers ?? [], sides: previous?.sides ?? [], model: s.model.name,
      replicates: plan.replicates.maximum, threads: threads, startedAt: previous?.startedAt ?? Manifest.timestamp(),
      commandLine: commandLine)
    m.points = plan.pointCount
    m.completedPoints = store.completedPoints().count
    m.arms = plan.arms.map(\.name)
    m.compareTo = plan.compareTo
    m.parameters = plan.sweep.parameters
    m.design = plan.sweep.design.name
    m.shard = shard?.description
    m.scenarioCopy = (scenarioSource != nil || previous?.scenarioCopy != nil) ? RunStore.scenarioFileName : nil
    m.scenarioDirectory = scenarioDirectory ?? previous?.scenarioDirectory
    m.campaignColumns = campaignColumns ? true : nil
    return m
  }
}

/// The first point's first graph, kept for the manifest (set by the lane that builds it).
private final class GraphHolder: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: MultiplexGraph?
  var graph: MultiplexGraph? {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}
