/// What a graph reader read, dropped and merged; the caller prints ``summary`` to stderr.
public struct ReadReport: Sendable, Equatable {
  /// Self-loops dropped, over all layers.
  public var selfLoops = 0
  /// Duplicate edges merged, over all layers (undirected: `u v` and `v u` are one edge).
  public var duplicates = 0
  /// Lines read, over all files (comments and blank lines included).
  public var lines = 0
  /// Bytes read, over all files.
  public var bytes = 0
  /// Wall-clock seconds spent reading, parsing and building the graph.
  public var seconds = 0.0

  public init(selfLoops: Int = 0, duplicates: Int = 0, lines: Int = 0, bytes: Int = 0, seconds: Double = 0) {
    self.selfLoops = selfLoops
    self.duplicates = duplicates
    self.lines = lines
    self.bytes = bytes
    self.seconds = seconds
  }

  /// Read throughput in MB/s (10^6 bytes per second; 0 when no time was measured).
  public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1e6 / seconds : 0 }

  /// "dropped 3 self-loops, merged 2 duplicate edges", or "no self-loops or duplicate edges".
  public var summary: String {
    if selfLoops == 0 && duplicates == 0 { return "no self-loops or duplicate edges" }
    var parts: [String] = []
    if selfLoops > 0 { parts.append("dropped \(selfLoops) self-loop\(selfLoops == 1 ? "" : "s")") }
    if duplicates > 0 { parts.append("merged \(duplicates) duplicate edge\(duplicates == 1 ? "" : "s")") }
    return parts.joined(separator: ", ")
  }

  /// Adds a layer's counts.
  mutating func add(_ layer: MultiplexGraph.LayerReport) {
    selfLoops += layer.selfLoops
    duplicates += layer.duplicates
  }
}

/// Seconds elapsed since `start` on the continuous clock.
func secondsSince(_ start: ContinuousClock.Instant) -> Double {
  let d = ContinuousClock.now - start
  return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
