import ArgumentParser
import BocaRunner
import BocaScenario
import Foundation

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a scenario and write its result tables.",
    discussion: """
      Writes runs.csv (one row per replicate), results.sqlite (the same tables) and manifest.json
      into results/<scenario-name>/<run-id>/, or into --out DIR, and prints the directory.
      """
  )

  @Argument(help: "The scenario file (YAML).")
  var scenario: String

  @Option(name: .long, help: "The run directory (default: results/<scenario-name>/<run-id>).")
  var out: String?

  @Option(name: .long, help: "Worker threads (default: all cores). Results do not depend on it.")
  var threads: Int?

  func validate() throws {
    if let threads, threads < 1 { throw ValidationError("--threads: expected at least 1, found \(threads)") }
  }

  func run() throws {
    let scenario = try Scenario.load(path: self.scenario)
    let graph = try GraphFactory.build(scenario.graph, rootSeed: scenario.seed, log: printError)
    let directory = out.map { URL(fileURLWithPath: $0) } ?? ScenarioRun.defaultDirectory(for: scenario)
    let run = ScenarioRun(scenario: scenario, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
    try run.execute(graph: graph, directory: directory, commandLine: CommandLine.arguments)
    print(directory.path)
  }
}

struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check a scenario without running it; report every problem with file, line and key."
  )

  @Argument(help: "The scenario file (YAML).")
  var scenario: String

  @Flag(name: .long, help: "Also build the graph (reads or generates it) to check names that depend on it.")
  var graph = false

  func run() throws {
    let scenario = try Scenario.load(path: self.scenario)
    if graph {
      let g = try GraphFactory.build(scenario.graph, rootSeed: scenario.seed, log: printError)
      try ScenarioRun(scenario: scenario, threads: 1).check(graph: g)
    }
    print("\(self.scenario): ok (\(scenario.model.name), \(scenario.replicates) replicates)")
  }
}
