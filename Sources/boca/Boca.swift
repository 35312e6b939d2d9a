import ArgumentParser
import BocaGraph
import BocaResults
import BocaRunner
import Foundation

/// The `boca` command-line tool.
@main
struct Boca: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "boca",
    abstract: "Simulate word-of-mouth diffusion on multi-sided, multi-layer networks.",
    discussion: """
      A scenario file names the graph, the model, the seeding, the replicates and the root seed;
      `boca run` executes it and writes tidy tables (CSV and SQLite) and a manifest. `boca simulate`
      is the scriptable entry for one model on one edge list.
      """,
    version: ToolBuild.version,
    subcommands: [
      RunCommand.self, CompareCommand.self, ValidateCommand.self, MergeCommand.self, ExportCommand.self,
      SimulateCommand.self, SeedsCommand.self, GraphCommand.self, DesignCommand.self, AnalyzeCommand.self,
      DiscoverCommand.self, SlurmCommand.self, FitCommand.self,
    ]
  )

  /// Parses and runs the command, then flushes ``StandardOutput``: output that could not be
  /// written (a full disk, `/dev/full`) is an error with a non-zero exit, never a silent loss.
  /// Help and version text go through ``StandardOutput`` too. A file-system error from
  /// Foundation is shown in plain words (`PATH: no such file`) rather than as an
  /// `NSCocoaErrorDomain Code=…` dump.
  static func main() {
    var failure: Error? = nil
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      failure = error
    }
    if let shown = failure, exitCode(for: shown) == .success {
      failure = nil
      do { try StandardOutput.line(fullMessage(for: shown)) } catch { failure = error }
    }
    do {
      try StandardOutput.flush()
    } catch {
      if failure == nil { failure = error } else { printError("Error: \(error)") }
    }
    guard let failure else { Foundation.exit(0) }
    exit(withError: MessageText.fileError(failure).map(UserError.init) ?? failure)
  }
}

/// Writes a line to standard error (a message that cannot be written is dropped: there is
/// nowhere left to report it).
func printError(_ message: String) {
  StandardError.write(message + "\n")
}

/// An error that is shown to the user as is, with a non-zero exit.
struct UserError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
