import ArgumentParser
import BocaCalibration
import BocaGraph
import BocaResults
import BocaRunner
import BocaScenario
import Foundation

struct FitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fit",
    abstract: "Fit diffusion models to observed adoption times on a network; write estimates and fit checks.",
    discussion: """
      Reads a fit scenario (a loaded network whose node table holds each node's adoption time, and
      a list of fits: nls-meanfield, mle, abc-smc; see docs/calibration.md), makes every fit and
      writes into --out DIR (default results/<name>/<stamp>): estimates.csv
      (model,method,parameter,estimate,ci_low,ci_high), fits.csv
      (model,method,neg_log_lik,aic,rmse,simulations), curves.csv (observed vs predictive mean
      and 90% band, overall and per side), posterior.csv and generations.csv (ABC-SMC), the same
      tables in results.sqlite, manifest.json and a copy of the scenario; prints DIR, then the fits
      ranked. The tables do not depend on --threads.

      A non-empty folder is refused; --force clears a fit folder first, --resume DIR checks that
      DIR holds a fit of the same scenario by the same tool and redoes it there (a fit is
      deterministic, so the tables come out the same).
      """
  )

  @Argument(help: "The fit scenario (YAML).")
  var scenario: String

  @Option(name: .long, help: "The fit directory (default: results/<scenario-name>/<stamp>).")
  var out: String?

  @OptionGroup var threading: ThreadOptions

  @Flag(name: .long, help: "Clear the --out fit folder first if it holds an earlier fit.")
  var force = false

  @Option(name: .long, help: "Redo the fit in DIR (refused if its scenario hash or tool version differ).")
  var resume: String?

  @Flag(name: .long, help: "No progress report on standard error.")
  var quiet = false

  /// Where ABC-SMC fits keep their finished generations (one subfolder per fit).
  static let checkpointFolder = "abc-checkpoints"

  static let seedRule = "fit: SeedDerivation.seed(root, scenario hash, point = fit index, replicate = simulation)"

  func validate() throws {
    if resume != nil && (out != nil || force) {
      throw ValidationError("--resume DIR takes no --out or --force: DIR is the fit folder")
    }
  }

  func run() throws {
    let threads = threading.count
    let fit = try FitScenario.load(path: scenario)
    let log: (String) -> Void = quiet ? { _ in } : { printError($0) }
    let directory =
      resume.map { URL(fileURLWithPath: $0) } ?? out.map { URL(fileURLWithPath: $0) }
      ?? Self.defaultDirectory(name: fit.name)
    let store = RunStore(directory: directory)
    let identity = RunIdentity(
      scenarioHash: String(fit.sourceHash, radix: 16), toolVersion: ToolBuild.version, seedRule: Self.seedRule)
    try store.claim(resume != nil ? .resume : force ? .replace : .refuse, for: identity)
    if resume != nil {
      // Keep the ABC-SMC generations already finished: the fit resumes from them.
      for name in try FileManager.default.contentsOfDirectory(atPath: directory.path)
      where name != Self.checkpointFolder {
        try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
      }
    }
    let graph = try GraphFactory.build(fit.graph, rootSeed: fit.seed, log: log)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    var manifest = Manifest(
      toolVersion: ToolBuild.version, gitCommit: ToolBuild.commit, scenarioName: fit.name, scenarioFile: fit.file,
      scenarioHash: identity.scenarioHash, rng: "taus2", rootSeed: fit.seed, seedRule: Self.seedRule,
      seedCollisionsResolved: 0, graphChecksum: String(graph.checksum, radix: 16), nodes: graph.nodeCount,
      edges: graph.edgeCount, layers: graph.layers.map(\.name), sides: graph.sideNames,
      model: fit.fits.map { "\($0.label)/\($0.method.rawValue)" }.joined(separator: ","),
      replicates: fit.simulations, threads: threads, startedAt: Manifest.timestamp(),
      commandLine: CommandLine.arguments)
    if let source = FileManager.default.contents(atPath: scenario) {
      try AtomicFile.write(source, to: store.scenarioURL)
      manifest.scenarioCopy = RunStore.scenarioFileName
      manifest.scenarioDirectory = URL(fileURLWithPath: scenario).deletingLastPathComponent().standardizedFileURL.path
    }
    try manifest.write(to: store.manifestURL)
    let reports = try FitRunner.run(
      fit, graph: graph, threads: threads, checkpoints: directory.appendingPathComponent(Self.checkpointFolder),
      progress: log)
    try FitTables.write(reports, to: directory)
    manifest.finishedAt = Manifest.timestamp()
    manifest.tables = Dictionary(
      uniqueKeysWithValues: ["estimates", "fits", "curves", "posterior", "generations"].map { ($0, "\($0).csv") })
    try manifest.write(to: store.manifestURL)
    try StandardOutput.line(directory.path)
    try StandardOutput.line(FitTables.ranking(reports))
  }

  static func defaultDirectory(name: String) -> URL {
    let stamp = Manifest.timestamp().replacingOccurrences(of: ":", with: "")
    var url = URL(fileURLWithPath: "results").appendingPathComponent(name).appendingPathComponent(stamp)
    var n = 2
    while FileManager.default.fileExists(atPath: url.path) {
      url = url.deletingLastPathComponent().appendingPathComponent("\(stamp)-\(n)")
      n += 1
    }
    return url
  }
}
