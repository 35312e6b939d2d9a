import ArgumentParser
import BocaGraph
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
      SimulateCommand.self, SeedsCommand.self, GraphCommand.self,
    ]
  )

  /// Parses and runs the command; a file-system error from Foundation is shown in plain words
  /// (`PATH: no such file`) rather than as an `NSCocoaErrorDomain Code=…` dump.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      exit(withError: MessageText.fileError(error).map(UserError.init) ?? error)
    }
  }
}

/// Writes a line to standard error.
func printError(_ message: String) {
  FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// An error that is shown to the user as is, with a non-zero exit.
struct UserError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
