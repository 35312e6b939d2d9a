import BocaGraph

/// Who can influence whom in a hazard model: each node's contacts, the distinct nodes that
/// influence it over the graph's layers.
///
/// A node's contacts are its in-neighbours (the sources of the edges that point at it; for an
/// undirected layer, its neighbours): influence flows along an edge as the graph holds it. A graph
/// loaded with `influence: reversed` holds each nomination "i named j" as j → i, so a node's
/// contacts are then the people it named (netdiffuseR's exposure convention).
///
/// A contact named on several layers counts once in ``union`` (the exposure e_i(t) of the
/// likelihood is the number of distinct contacts that adopted before t); ``perLayer`` keeps each
/// layer's distinct contacts, for models with one q per layer.
public struct NetworkContacts: Sendable {
  /// Layer names, in the graph's order.
  public let layerNames: [String]
  /// `union[i]`: the distinct contacts of node i over all layers, ascending.
  public let union: [[UInt32]]
  /// `perLayer[l][i]`: the distinct contacts of node i on layer l, ascending.
  public let perLayer: [[[UInt32]]]

  public init(graph: MultiplexGraph) {
    let n = graph.nodeCount
    var perLayer: [[[UInt32]]] = []
    for layer in graph.layers {
      let incoming = layer.incoming ?? layer.out.transposed()
      var lists = [[UInt32]](repeating: [], count: n)
      for i in 0..<n {
        lists[i] = Array(Set(incoming.neighbors(i)).subtracting([UInt32(i)])).sorted()
      }
      perLayer.append(lists)
    }
    var union = [[UInt32]](repeating: [], count: n)
    for i in 0..<n {
      var set = Set<UInt32>()
      for l in perLayer.indices { set.formUnion(perLayer[l][i]) }
      union[i] = set.sorted()
    }
    self.layerNames = graph.layers.map(\.name)
    self.union = union
    self.perLayer = perLayer
  }

  /// Contacts given directly (tests): `union[i]` per node, one layer named `layer`.
  public init(union: [[UInt32]], layer: String = "all") {
    self.layerNames = [layer]
    self.union = union.map { Array(Set($0)).sorted() }
    self.perLayer = [self.union]
  }

  public var nodeCount: Int { union.count }

  /// The reverse lists: `influenced(lists)[j]` are the nodes that have j as a contact.
  static func influenced(_ lists: [[UInt32]]) -> [[UInt32]] {
    var out = [[UInt32]](repeating: [], count: lists.count)
    for (i, list) in lists.enumerated() { for j in list { out[Int(j)].append(UInt32(i)) } }
    return out
  }
}
