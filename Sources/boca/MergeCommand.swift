import ArgumentParser
import BocaResults
import BocaRunner
import BocaScenario
import Foundation

struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Join the run directories of shards (boca run --shard i/n) into one run.",
    discussion: """
      Copies every completed point's parts into --out and assembles the tables, which are then
      byte-identical to those of an unsplit run. The directories must come from the same scenario
      file (same hash), tool version and seed rule; a point present in two of them must have
      identical rows. --out must be empty, new, or a run folder of that same run (then its points
      are kept); any other folder is refused, nothing touched, unless --force, which clears it
      first (it must not be one of the inputs).

      An incomplete set is refused with nothing written: every point of the sweep must be held by
      one of the directories, and every directory must hold all points of its shard (a point is
      complete when its runs part exists). The message names the missing shards and the folders
      that are missing or incomplete; finish them with `boca run --resume DIR` (or, for a Slurm
      job array, `boca slurm DIR --resubmit-failed`).
      """
  )

  @Argument(help: "Run directories to join.")
  var directories: [String]

  @Option(name: .long, help: "The merged run directory.")
  var out: String

  @Flag(name: .long, help: "Clear --out first if it holds another run.")
  var force = false

  func run() throws {
    guard !directories.isEmpty else { throw UserError("merge: expected at least one run directory") }
    let stores = directories.map { RunStore(directory: URL(fileURLWithPath: $0)) }
    let readable = stores.compactMap { store in (try? Manifest.read(from: store.manifestURL)).map { (store, $0) } }
    guard let (firstStore, first) = readable.first else {
      throw UserError("\(stores[0].directory.path): not a run directory (cannot read manifest.json)")
    }
    for (store, m) in readable where m.scenarioHash != first.scenarioHash {
      throw UserError(
        "\(store.directory.path): scenario hash \(m.scenarioHash) differs from \(first.scenarioHash) of \(firstStore.directory.path)"
      )
    }
    let identity = RunIdentity(manifest: first)
    for (store, m) in readable {
      if let d = identity.difference(from: RunIdentity(manifest: m)) {
        throw RunFolderError.mismatch(
          folder: store.directory.path, field: d.field, expected: "\(d.expected) of \(firstStore.directory.path)",
          found: d.found)
      }
    }
    guard let source = FileManager.default.contents(atPath: firstStore.scenarioURL.path) else {
      throw UserError("\(firstStore.directory.path): no scenario.yaml")
    }
    let target = RunStore(directory: URL(fileURLWithPath: out))
    // Every point must be held before anything is written: an incomplete set is refused.
    let plan = try ScenarioPlan.load(
      path: firstStore.scenarioURL.path, displayName: first.scenarioFile, baseDirectory: first.scenarioDirectory)
    let kept = target.isRunFolder && (try? target.checkResumable(as: identity)) != nil
    let completeness = ShardCompleteness(
      pointCount: plan.pointCount, directories: stores.map(\.directory.path),
      alreadyHeld: kept ? Set(target.completedPoints()) : [])
    guard completeness.isComplete else {
      throw UserError("merge: \(completeness.problem); nothing written")
    }
    try claim(target, for: identity, inputs: stores)
    try target.prepare()
    try AtomicFile.write(source, to: target.scenarioURL)
    for store in stores {
      for point in store.completedPoints() {
        for table in ["timeseries", "runs"] {
          let from = store.part(point: point, table: table)
          guard let data = FileManager.default.contents(atPath: from.path) else { continue }
          let to = target.part(point: point, table: table)
          if let existing = FileManager.default.contents(atPath: to.path) {
            if existing != data {
              throw UserError("point \(point): \(table) rows differ between shards (\(from.path))")
            }
            continue
          }
          try AtomicFile.write(data, to: to)
        }
      }
    }
    var manifest = first
    manifest.shard = nil
    manifest.commandLine = CommandLine.arguments
    manifest.tables = try TableAssembler(plan: plan, store: target, netlogo: plan.base.outputs.netlogo).assemble()
    manifest.completedPoints = target.completedPoints().count
    manifest.finishedAt = Manifest.timestamp()
    try manifest.write(to: target.manifestURL)
    try StandardOutput.line(target.directory.path)
  }

  /// Makes `target` ready: new, empty, or a run folder of the same run are used as they are;
  /// anything else is refused unless --force, which clears it (never one of the inputs).
  func claim(_ target: RunStore, for identity: RunIdentity, inputs: [RunStore]) throws {
    guard target.isOccupied else { return }
    if target.isRunFolder, (try? target.checkResumable(as: identity)) != nil { return }
    guard force else { throw RunFolderError.notEmpty(folder: target.directory.path) }
    let path = target.directory.resolvingSymlinksInPath().standardizedFileURL.path
    for input in inputs where input.directory.resolvingSymlinksInPath().standardizedFileURL.path == path {
      throw UserError("\(target.directory.path): --force would clear one of the run directories being merged")
    }
    try target.claim(.replace, for: identity)
  }
}
