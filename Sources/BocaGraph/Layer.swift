/// One platform or channel (twitter, linkedin, offline…) over the graph's nodes: its edges in CSR
/// form, out- and in-adjacency.
///
/// An undirected layer stores each edge as two entries (u→v and v→u) in one CSR that serves as
/// both out- and in-adjacency. A directed layer stores u→v in ``out`` and, unless dropped to save
/// memory, v←u in ``inAdjacency``.
public struct Layer: Sendable {
  /// The layer's name, unique in its graph.
  public let name: String
  /// Whether edges have a direction.
  public let directed: Bool
  /// Out-adjacency: for each node, the nodes it reaches.
  public let out: CSR
  /// In-adjacency of a directed layer (`nil` when not kept); the same as ``out`` when undirected.
  public let inAdjacency: CSR?

  public init(name: String, directed: Bool, out: CSR, inAdjacency: CSR?) {
    self.name = name
    self.directed = directed
    self.out = out
    self.inAdjacency = directed ? inAdjacency : nil
  }

  /// Whether edges carry weights.
  @inlinable public var weighted: Bool { out.weights != nil }

  /// The in-adjacency (the out-adjacency itself when undirected).
  @inlinable public var incoming: CSR? { directed ? inAdjacency : out }

  /// Number of edges, each counted once (an undirected edge once, not twice).
  public var edgeCount: Int { directed ? out.entryCount : out.entryCount / 2 }

  /// Bytes held by the adjacency arrays of this layer.
  public var byteCount: Int { out.byteCount + (directed ? (inAdjacency?.byteCount ?? 0) : 0) }

  /// Each edge once, as (source, target, weight): `u < v` for an undirected layer.
  public func edges() -> [(source: UInt32, target: UInt32, weight: Float?)] {
    var result: [(source: UInt32, target: UInt32, weight: Float?)] = []
    result.reserveCapacity(edgeCount)
    for u in 0..<out.nodeCount {
      for i in out.offsets[u]..<out.offsets[u + 1] {
        let v = out.targets[i]
        if !directed && v <= UInt32(u) { continue }
        result.append((UInt32(u), v, out.weights?[i]))
      }
    }
    return result
  }
}
