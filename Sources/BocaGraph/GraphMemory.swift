import Foundation

/// Upper bounds on the bytes a graph takes while it is generated and once it is built, for
/// ``MemoryBudget`` checks made before anything is allocated.
///
/// Counts are bytes of array storage (the arrays' headers and the allocator's rounding are small
/// next to them and covered by rounding up: an edge count is taken at its mean plus six standard
/// deviations, an array that grows by doubling at twice its length).
public enum GraphMemory {
  /// An upper bound on a random edge count of mean `mean` (binomial or Poisson: the mean plus
  /// six standard deviations, plus 16).
  public static func edgesHigh(mean: Double) -> Int {
    guard mean.isFinite else { return Int.max }
    return MemoryBudget.bytes(mean + 6 * max(0, mean).squareRoot() + 16)
  }

  /// Bytes an ``EdgeSet`` of `count` edges takes when it grew by appending (capacity up to twice
  /// the count).
  public static func edgeSetBytes(grown count: Int) -> Int { MemoryBudget.product(count, 16) }

  /// Bytes an ``EdgeSet`` of exactly `count` edges takes (two `UInt32` arrays).
  public static func edgeSetBytes(exact count: Int) -> Int { MemoryBudget.product(count, 8) }

  /// Bytes a built layer of `nodes` nodes and `edges` edges holds: its CSR (4 bytes per entry, an
  /// undirected edge is two entries, n + 1 `Int` offsets) and, when directed, its in-adjacency.
  public static func layerBytes(nodes: Int, edges: Int, directed: Bool) -> Int {
    let entries = directed ? edges : MemoryBudget.product(edges, 2)
    let csr = MemoryBudget.sum(MemoryBudget.product(entries, 4), MemoryBudget.product(nodes + 1, 8))
    return directed ? MemoryBudget.product(csr, 2) : csr
  }

  /// Bytes live at the peak of ``MultiplexGraph/addLayer(name:directed:sources:targets:weights:keepInAdjacency:)``
  /// for `edges` endpoint pairs whose arrays hold `inputBytes` (unweighted), the result included:
  /// the counting sort's first pass holds the inputs, one entry array (4 bytes per entry) and
  /// the count arrays; the second pass two entry arrays and the count and offset arrays; a
  /// directed layer then adds its in-adjacency.
  public static func addLayerPeak(nodes: Int, edges: Int, directed: Bool, inputBytes: Int) -> Int {
    let entries = directed ? edges : MemoryBudget.product(edges, 2)
    let entryArray = MemoryBudget.product(entries, 4)
    let offsets = MemoryBudget.product(nodes + 1, 24)
    let pass1 = MemoryBudget.sum(inputBytes, entryArray, offsets)
    let pass2 = MemoryBudget.sum(entryArray, entryArray, offsets)
    let inAdjacency = directed ? MemoryBudget.sum(entryArray, MemoryBudget.product(nodes + 1, 16)) : 0
    return MemoryBudget.sum(max(pass1, pass2), inAdjacency)
  }

  /// Bytes per node of a graph without its layers: the side of each node and, for generated
  /// graphs, the per-side node lists.
  public static func nodeBytes(nodes: Int, attributes: Int) -> Int {
    MemoryBudget.product(nodes, 2 + 4 + 8 * attributes)
  }
}

extension GeneratorSpec {
  /// An upper bound on the bytes ``makeGraph(seed:kind:layerName:)`` needs at its peak: the
  /// generator's edge arrays and scratch, then the layer's CSR while it is built from them.
  public var estimatedBytes: Int {
    let n = nodeCount
    let nodes = GraphMemory.nodeBytes(nodes: n, attributes: 0)
    let edges: Int
    var generatorScratch = 0
    var edgeArrays: Int
    switch self {
    case .erdosRenyi(_, let p):
      let pairs = Double(n) * Double(n - 1) / 2
      let reserved = MemoryBudget.bytes(min(pairs * p * 1.05 + 16, pairs))
      edges = GraphMemory.edgesHigh(mean: pairs * p)
      edgeArrays =
        edges <= reserved ? GraphMemory.edgeSetBytes(exact: reserved) : GraphMemory.edgeSetBytes(grown: edges)
    case .barabasiAlbert(_, let m):
      edges = MemoryBudget.product(m, n - m)
      edgeArrays = GraphMemory.edgeSetBytes(exact: edges) + 8 * m
    case .wattsStrogatz(_, let k, _):
      edges = MemoryBudget.product(n, k / 2)
      edgeArrays = GraphMemory.edgeSetBytes(exact: edges)
      // The rewiring's far ends (4 bytes per edge) and adjacency lists (room for k + 2 entries,
      // twice that if a rewiring grows one, and an array header per node).
      generatorScratch = MemoryBudget.sum(
        MemoryBudget.product(edges, 4), MemoryBudget.product(n, MemoryBudget.sum(MemoryBudget.product(k + 2, 8), 64)))
    }
    edgeArrays = max(edgeArrays, 0)
    return MemoryBudget.sum(
      nodes,
      max(
        MemoryBudget.sum(edgeArrays, generatorScratch),
        GraphMemory.addLayerPeak(nodes: n, edges: edges, directed: false, inputBytes: edgeArrays)))
  }
}
