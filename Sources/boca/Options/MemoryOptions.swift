import ArgumentParser
import BocaGraph

/// `--memory-limit`: the memory a command may plan to use (see `BocaGraph.MemoryBudget`).
struct MemoryOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Memory the command may use, e.g. 8G or 512M ('none': unchecked).",
      discussion:
        "Default: BOCA_MEMORY_LIMIT, else the least of MemAvailable, the cgroup limit and ulimit -v. Graphs, seed tables and RR sets larger than this are refused before they are allocated."
    ))
  var memoryLimit: String?

  func validate() throws {
    if let memoryLimit {
      do { _ = try MemoryBudget.parse(memoryLimit) } catch { throw ValidationError("--memory-limit: \(error)") }
    }
  }

  /// Makes the limit the process's (before anything large is planned).
  func apply() throws {
    if let memoryLimit { try MemoryBudget.setOverride(text: memoryLimit) }
  }
}
