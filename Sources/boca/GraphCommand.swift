import ArgumentParser
import BocaGraph
import BocaRunner
import BocaScenario
import Foundation

struct GraphCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "graph",
    abstract: "Generate graphs, summarise them, and export a scenario's graph.",
    subcommands: [GenerateGraph.self, GraphStatsCommand.self, GraphExportCommand.self]
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
    abstract: "Nodes, edges, degrees, components, clustering and assortativity per layer and side.",
    discussion: """
      With --csv, one row per (layer, side) with layer,side,nodes,edges,mean_degree,max_degree,
      mean_in_degree,max_in_degree,within_edges,isolated (side and layer are 'all' on the totals
      rows; edges counts each edge once), then components,largest_component (weak components),
      strong_components,largest_strong_component (directed layers only), transitivity,
      mean_clustering (undirected view) and assortativity (Newman 2002: degree correlation over
      the edges; a directed layer correlates the source's out-degree with the target's
      in-degree). A side row's structure is that of the subgraph induced by the side's nodes;
      the 'all' layer is the union of the layers (a pair linked twice counts once). An undefined
      figure (no connected triple, no degree variance) is an empty cell. Definitions and
      citations: docs/graph-stats.md. --degrees-only skips the structure (O(m^1.5) for the
      triangles) on very large graphs.
      """
  )

  @Argument(help: "An edge list (SNAP style). Or give --edges (and --nodes).")
  var file: String?

  @Option(name: .long, help: GraphFileOptions.edgesHelp)
  var edges: String?

  @OptionGroup var reading: GraphReadOptions

  @Flag(name: .long, help: "Print CSV instead of a table.")
  var csv = false

  @Flag(name: .long, help: "Degrees only: leave out components, clustering and assortativity (empty CSV cells).")
  var degreesOnly = false

  func validate() throws {
    if file == nil && edges == nil { throw ValidationError("give an edge-list FILE or --edges EDGES.csv") }
    if file != nil && edges != nil { throw ValidationError("give either FILE or --edges, not both") }
  }

  func run() throws {
    let graph = try reading.load(edges: edges ?? file!, log: printError)
    let rows = GraphStats.rows(of: graph, structure: !degreesOnly)
    try StandardOutput.write(csv ? GraphStats.csv(rows) : GraphStats.table(rows))
  }
}

struct GraphExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a scenario's generated multi-layer graph as nodes.csv and edges.csv.",
    discussion: """
      Builds the graph that `boca run` builds for the scenario (sweep point --point, arm --arm;
      by default point 0 and the first arm, whose checksum the run's manifest records as
      graph_checksum) and writes DIR/nodes.csv (node, side, then the node attributes) and
      DIR/edges.csv (source, target, layer, and weight when a layer is weighted). It prints the
      graph: section that reads them back (graph.load) and the graph's checksum, which the
      loaded graph has too. When the scenario's layers mix directed and undirected, undirected
      edges are written as two arcs and the tables load with directed: true (same neighbours,
      every layer directed). With graph.replicate: true, --replicate R writes replicate R's draw.
      """
  )

  @Argument(help: "The scenario file (YAML).")
  var scenario: String

  @Option(name: .long, help: "The folder to write nodes.csv and edges.csv into (created if missing).")
  var out: String

  @Option(name: .long, parsing: .unconditional, help: "The sweep point (as in runs.csv's point column; default 0).")
  var point: Int = 0

  @Option(name: .long, help: "The arm whose graph to write (default: the first arm).")
  var arm: String?

  @Option(name: .long, parsing: .unconditional, help: "With graph.replicate: true, the replicate whose draw to write.")
  var replicate: Int?

  @OptionGroup var memory: MemoryOptions

  func run() throws {
    try memory.apply()
    let plan = try ScenarioPlan.load(path: scenario)
    for warning in plan.warnings { printError("warning: \(warning)") }
    let written = try GraphExport.write(
      plan: plan, point: point, arm: arm, replicate: replicate, to: URL(fileURLWithPath: out), log: printError)
    let g = written.graph
    printError(
      "wrote \(written.nodesURL.path) (\(g.nodeCount) nodes) and \(written.edgesURL.path) (\(g.edgeCount) edges, "
        + "\(g.layers.count) layers)")
    if written.mixed {
      printError(
        "note: the layers mix directed and undirected; undirected edges were written as two arcs, to load with directed: true"
      )
    }
    if !written.emptyLayers.isEmpty {
      printError(
        "note: layers without edges are not in edges.csv and are not read back: \(written.emptyLayers.joined(separator: ", "))"
      )
    }
    try StandardOutput.line(written.loadSection)
    var checksum = "# graph checksum \(String(g.checksum, radix: 16))"
    if written.mixed {
      checksum += " (as loaded; the scenario's graph: \(String(written.scenarioChecksum, radix: 16)))"
    }
    try StandardOutput.line(checksum)
  }
}
