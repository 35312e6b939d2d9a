import ArgumentParser
import Foundation

/// `--threads`: worker threads, one default for every command (all cores). Tables and printed
/// results do not depend on it: every replicate is seeded from its own index
/// (`BocaRandom.RandomSeedDerivation`) and results are reduced in replicate order
/// (docs/architecture.md, Reproducibility). Pass `--threads 1` where a timing is compared with a
/// single-threaded tool.
struct ThreadOptions: ParsableArguments {
  @Option(
    name: .long, parsing: .unconditional, help: "Worker threads (default: all cores). Results do not depend on it.")
  var threads: Int?

  func validate() throws {
    if let threads, threads < 1 { throw ValidationError("--threads: expected at least 1, found \(threads)") }
  }

  /// The threads to use: `--threads`, else the active processor count.
  var count: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }
}
