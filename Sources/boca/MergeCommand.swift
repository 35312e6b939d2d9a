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
    let manifests = try stores.map { store -> Manifest in
      do { return try Manifest.read(from: store.manifestURL) } catch {
        throw UserError("\(store.directory.path): not a run directory (cannot read manifest.json)")
      }
    }
    for (store, m) in zip(stores, manifests) where m.scenarioHash != manifests[0].scenarioHash {
      throw UserError(
        "\(store.directory.path): scenario hash \(m.scenarioHash) differs from \(manifests[0].scenarioHash) of \(stores[0].directory.path)"
      )
    }
    let identity = RunIdentity(manifest: manifests[0])
    for (store, m) in zip(stores, manifests) {
      if let d = identity.difference(from: RunIdentity(manifest: m)) {
        throw RunFolderError.mismatch(
          folder: store.directory.path, field: d.field, expected: "\(d.expected) of \(stores[0].directory.path)",
          found: d.found)
      }
    }
    let target = RunStore(directory: URL(fileURLWithPath: out))
    try claim(target, for: identity, inputs: stores)
    try target.prepare()
    guard let source = FileManager.default.contents(atPath: stores[0].scenarioURL.path) else {
      throw UserError("\(stores[0].directory.path): no scenario.yaml")
    }
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
    let first = manifests[0]
    let plan = try ScenarioPlan.load(
      path: target.scenarioURL.path, displayName: first.scenarioFile, baseDirectory: first.scenarioDirectory)
    let done = target.completedPoints().count
    if done < plan.pointCount {
      printError("merge: \(plan.pointCount - done) of \(plan.pointCount) points are missing")
    }
    var manifest = first
    manifest.shard = nil
    manifest.commandLine = CommandLine.arguments
    manifest.tables = try TableAssembler(plan: plan, store: target, netlogo: plan.base.outputs.netlogo).assemble()
    manifest.completedPoints = done
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
