import Foundation

/// `manifest.json`: what is needed to reproduce a run and to tell runs apart (docs/architecture.md,
/// "Reproducibility", rule 7).
public struct Manifest: Codable, Sendable {
  /// Boca's version.
  public var toolVersion: String
  /// The commit of the tool's own source tree (`-dirty` when tracked files differ from it), when
  /// it can be known; left out rather than recorded wrong. Never the working directory's
  /// repository (see `BocaRunner.ToolBuild`).
  public var gitCommit: String?
  /// The scenario's name and file.
  public var scenarioName: String
  public var scenarioFile: String?
  /// FNV-1a 64 of the scenario file's bytes, in hex; it enters every replicate seed.
  public var scenarioHash: String
  /// GSL generator.
  public var rng: String
  /// The root seed.
  public var rootSeed: UInt64
  /// The seed-derivation rule, in words, as documented in `RandomSeedDerivation`.
  public var seedRule: String
  /// Seeds re-derived because of collisions.
  public var seedCollisionsResolved: Int
  /// FNV-1a 64 of the graph's adjacency and sides, in hex.
  public var graphChecksum: String
  public var nodes: Int
  public var edges: Int
  public var layers: [String]
  public var sides: [String]
  public var model: String
  public var replicates: Int
  public var threads: Int
  /// ISO 8601 start and end times (UTC).
  public var startedAt: String
  public var finishedAt: String?
  /// Tables written, by name → file.
  public var tables: [String: String]
  /// The command line that started the run.
  public var commandLine: [String]
  /// Sweep points in the scenario, and those whose tables this directory holds.
  public var points: Int? = nil
  public var completedPoints: Int? = nil
  /// Arms, the comparison baseline, the swept key paths and the design.
  public var arms: [String]? = nil
  public var compareTo: String? = nil
  public var parameters: [String]? = nil
  public var design: String? = nil
  /// `i/n` when this directory holds one shard of the sweep.
  public var shard: String? = nil
  /// The copy of the scenario file in the run directory (what `--resume` reads), and the folder
  /// its relative paths start from.
  public var scenarioCopy: String? = nil
  public var scenarioDirectory: String? = nil
  /// Whether the runs table has the campaign columns even without campaign actions (runs of
  /// `boca compare`), so that a resumed run writes its remaining points the same way.
  public var campaignColumns: Bool? = nil

  public init(
    toolVersion: String, gitCommit: String?, scenarioName: String, scenarioFile: String?, scenarioHash: String,
    rng: String, rootSeed: UInt64, seedRule: String, seedCollisionsResolved: Int, graphChecksum: String,
    nodes: Int, edges: Int, layers: [String], sides: [String], model: String, replicates: Int, threads: Int,
    startedAt: String, finishedAt: String? = nil, tables: [String: String] = [:], commandLine: [String]
  ) {
    self.toolVersion = toolVersion
    self.gitCommit = gitCommit
    self.scenarioName = scenarioName
    self.scenarioFile = scenarioFile
    self.scenarioHash = scenarioHash
    self.rng = rng
    self.rootSeed = rootSeed
    self.seedRule = seedRule
    self.seedCollisionsResolved = seedCollisionsResolved
    self.graphChecksum = graphChecksum
    self.nodes = nodes
    self.edges = edges
    self.layers = layers
    self.sides = sides
    self.model = model
    self.replicates = replicates
    self.threads = threads
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.tables = tables
    self.commandLine = commandLine
  }

  /// Writes the manifest as pretty JSON with sorted keys, atomically.
  public func write(to url: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    try AtomicFile.write(try encoder.encode(self), to: url)
  }

  /// Reads a manifest.
  public static func read(from url: URL) throws -> Manifest {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(Manifest.self, from: Data(contentsOf: url))
  }

  /// Now, as ISO 8601 UTC.
  public static func timestamp(_ date: Date = Date()) -> String {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    return f.string(from: date)
  }
}
