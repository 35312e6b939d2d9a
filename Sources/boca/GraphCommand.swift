import ArgumentParser
import BocaGraph
import BocaRunner
import Foundation

struct GraphCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "graph",
    abstract: "Generate graphs and summarise them.",
    subcommands: [GenerateGraph.self, GraphStatsCommand.self]
  )
}

struct GenerateGraph: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Generate a graph and write it as an edge list (the peer-benchmark format).",
    discussion: "Forms: ba:N:M (Barabási–Albert), er:N:P (Erdős–Rényi G(n,p)), ws:N:K:P (Watts–Strogatz)."
  )

  @Option(name: .long, help: "The generator: ba:N:M, er:N:P or ws:N:K:P.")
  var gen: String

  @Option(name: .long, parsing: .unconditional, help: "Seed of the generator (1 to 4294967295).")
  var seed: UInt32 = 1

  @OptionGroup var memory: MemoryOptions

  @Option(name: .long, help: "Output edge-list file.")
  var out: String

  func run() throws {
    try memory.apply()
    let spec = try GeneratorSpec(parsing: gen)
    let start = ContinuousClock.now
    let graph: MultiplexGraph
    do {
      graph = try spec.makeGraph(seed: seed, log: printError)
    } catch let error as MemoryLimitError {
      throw UserError("--gen '\(gen)': \(error)")  // names the option that asked for it
    }
    try EdgeListWriter.write(graph, to: out, header: "boca graph generate --gen \(gen) --seed \(seed)")
    let seconds = (ContinuousClock.now - start).seconds
    printError("wrote \(out): \(graph.nodeCount) nodes, \(graph.edgeCount) edges in \(fmt(seconds)) s")
  }
}

struct GraphStatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stats",
    abstract: "Nodes, edges and degree summary per side and per layer.",
    discussion: """
      With --csv, one row per (layer, side) with layer,side,nodes,edges,mean_degree,max_degree
      (side and layer are 'all' on the totals rows; edges counts each edge once).
      """
  )

  @Argument(help: "An edge list (SNAP style). Or give --edges (and --nodes).")
  var file: String?

  @Option(name: .long, help: "Node table (CSV with a 'node' column).")
  var nodes: String?

  @Option(name: .long, help: "Edge table (CSV with source,target[,layer,weight]).")
  var edges: String?

  @Flag(name: .long, help: "Edges are directed.")
  var directed = false

  @Option(name: .long, help: "The node-table column whose values are the sides.")
  var sideColumn: String?

  @Flag(name: .long, help: "Print CSV instead of a table.")
  var csv = false

  func validate() throws {
    if file == nil && edges == nil { throw ValidationError("give an edge-list FILE or --edges EDGES.csv") }
    if file != nil && edges != nil { throw ValidationError("give either FILE or --edges, not both") }
  }

  func run() throws {
    let graph = try GraphLoader.load(
      edges: edges ?? file!, nodes: nodes, directed: directed, sideColumn: sideColumn, log: printError)
    let rows = GraphStats.rows(of: graph)
    try StandardOutput.write(csv ? GraphStats.csv(rows) : GraphStats.table(rows))
  }
}
