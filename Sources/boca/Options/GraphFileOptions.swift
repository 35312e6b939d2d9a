import ArgumentParser
import BocaGraph
import BocaRunner

/// `--edges`, `--directed`, `--nodes`, `--side-column`: the graph file a command reads, with
/// one help text and one meaning in every command (`simulate`, `seeds`, and new commands that
/// read a graph file). `graph stats` takes the edge file as an argument or as `--edges` and uses
/// ``GraphReadOptions`` for the rest.
struct GraphFileOptions: ParsableArguments {
  static let edgesHelp = ArgumentHelp(
    "Edge list (SNAP style 'u v' per line) or edge table (.csv with source,target[,layer,weight]).")

  @Option(name: .long, help: edgesHelp)
  var edges: String

  @OptionGroup var reading: GraphReadOptions

  /// Reads the graph; merged duplicates and dropped self-loops are reported through `log`.
  func load(log: (String) -> Void) throws -> MultiplexGraph {
    try reading.load(edges: edges, log: log)
  }
}

/// `--directed`, `--nodes`, `--side-column`: how an edge file is read.
struct GraphReadOptions: ParsableArguments {
  @Flag(name: .long, help: "Edges are directed: 'u v' (or a table row source,target) is the edge u -> v.")
  var directed = false

  @Option(name: .long, help: "Node table (CSV with a 'node' column; sides and attributes).")
  var nodes: String?

  @Option(name: .long, help: "The node-table column whose values are the sides (needs --nodes).")
  var sideColumn: String?

  /// Reads the graph from `edges` (a `.csv` edge table, or else a whitespace edge list).
  func load(edges: String, log: (String) -> Void) throws -> MultiplexGraph {
    try GraphLoader.load(edges: edges, nodes: nodes, directed: directed, sideColumn: sideColumn, log: log)
  }
}
