/// Writes one layer of a graph as a whitespace edge list in the peer-benchmark format, which
/// ``EdgeListReader`` reads back.
///
/// Layout: two `#` header lines (`# <header>` and `# n=<nodes> m=<edges> directed=<0|1>`), then
/// every node without an edge in the layer as a line with its id alone, in increasing id order,
/// then each edge once as `u v` (`u v w` when the layer is weighted), in internal order: by source,
/// then target; `u < v` for an undirected layer. All ids are original ids. The file is written
/// to a temporary file beside `path` and renamed over it.
public enum EdgeListWriter {
  /// Writes layer `layer` of `graph` (the only layer when `nil`) to `path`.
  ///
  /// A graph without layers is written as its nodes alone.
  ///
  /// - Parameter header: the first comment line (default `boca edge list, layer <name>`).
  /// - Throws: ``GraphError/invalidParameter(_:)`` when `layer` is unknown, or `nil` while the
  ///   graph has several layers, or the graph's ids are names (``MultiplexGraph/nodeNames``); ``GraphOutputError`` when the file cannot be written.
  public static func write(_ graph: MultiplexGraph, to path: String, layer: String? = nil, header: String? = nil) throws
  {
    guard graph.nodeNames == nil else {
      throw GraphError.invalidParameter(
        "the graph's node ids are names, which an edge list (integer ids) cannot hold: write node and edge tables (.csv) instead"
      )
    }
    let chosen: Layer?
    if let layer {
      guard let index = graph.layerIndex(layer) else {
        throw GraphError.invalidParameter(
          "no layer named '\(layer)' (layers: \(graph.layers.map(\.name).joined(separator: ", ")))")
      }
      chosen = graph.layers[index]
    } else {
      guard graph.layers.count <= 1 else {
        throw GraphError.invalidParameter(
          "an edge list holds one layer; name one of: \(graph.layers.map(\.name).joined(separator: ", "))")
      }
      chosen = graph.layers.first
    }
    let writer = try AtomicFileWriter(path: path)
    var out = ByteBuffer()
    out.append("# \(header ?? "boca edge list, layer \(chosen?.name ?? "none")")\n")
    out.append("# n=\(graph.nodeCount) m=\(chosen?.edgeCount ?? 0) directed=\(chosen?.directed == true ? 1 : 0)\n")
    // Isolated nodes: no out- and no in-entry in this layer.
    var touched = [Bool](repeating: false, count: graph.nodeCount)
    if let csr = chosen?.out {
      for u in 0..<graph.nodeCount where csr.offsets[u + 1] > csr.offsets[u] { touched[u] = true }
      for v in csr.targets { touched[Int(v)] = true }
    }
    for u in 0..<graph.nodeCount where !touched[u] {
      out.append(graph.originalID(u))
      out.appendByte(0x0A)
      if out.isFull { try writer.drain(&out) }
    }
    if let layer = chosen, layer.out.weights == nil {
      // Unweighted: each line is formatted into a small scratch buffer and appended at once.
      let csr = layer.out
      let ids = graph.originalIDs
      var line = [UInt8](repeating: 0, count: 48)
      try line.withUnsafeMutableBufferPointer { scratch in
        try csr.offsets.withUnsafeBufferPointer { offsets in
          try csr.targets.withUnsafeBufferPointer { targets in
            for u in 0..<graph.nodeCount {
              let uID = ids?[u] ?? Int64(u)
              let uLength = Self.digits(uID, into: scratch, at: 0)
              scratch[uLength] = 0x20
              for i in offsets[u]..<offsets[u + 1] {
                let v = Int(targets[i])
                if !layer.directed && v <= u { continue }
                let vID = ids?[v] ?? Int64(v)
                let end = Self.digits(vID, into: scratch, at: uLength + 1)
                scratch[end] = 0x0A
                out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[0...end]))
              }
              if out.isFull { try writer.drain(&out) }
            }
          }
        }
      }
    } else if let layer = chosen {
      let csr = layer.out
      let ids = graph.originalIDs
      for u in 0..<graph.nodeCount {
        let uID = ids?[u] ?? Int64(u)
        for i in csr.offsets[u]..<csr.offsets[u + 1] {
          let v = Int(csr.targets[i])
          if !layer.directed && v <= u { continue }
          out.append(uID)
          out.appendByte(0x20)
          out.append(ids?[v] ?? Int64(v))
          if let weights = csr.weights {
            out.appendByte(0x20)
            out.append(weights[i].description)
          }
          out.appendByte(0x0A)
        }
        if out.isFull { try writer.drain(&out) }
      }
    }
    try writer.commit(&out)
  }

  /// Writes `signed` in decimal into `buffer` from `first`; returns the index after the last digit.
  @inline(__always)
  static func digits(_ signed: Int64, into buffer: UnsafeMutableBufferPointer<UInt8>, at first: Int) -> Int {
    var start = first
    if signed < 0 {
      buffer[start] = UInt8(ascii: "-")
      start += 1
    }
    let value = signed.magnitude
    var count = 1
    var rest = value
    while rest >= 10 {
      rest /= 10
      count += 1
    }
    var v = value
    var i = start + count - 1
    repeat {
      buffer[i] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
      v /= 10
      i -= 1
    } while v > 0
    return start + count
  }
}
