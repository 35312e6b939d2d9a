import BocaRandom

extension MultiplexGraph {
  /// FNV-1a 64 over the node count, the sides, and each layer's name, direction, offsets,
  /// targets and weights: two graphs with the same checksum are, for all practical purposes,
  /// the same graph. O(n + m).
  public var checksum: UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    @inline(__always) func eat(_ value: UInt64) {
      var v = value
      for _ in 0..<8 {
        h ^= v & 0xFF
        h = h &* 0x0000_0100_0000_01B3
        v >>= 8
      }
    }
    eat(UInt64(nodeCount))
    for name in sideNames { for b in name.utf8 { eat(UInt64(b)) } }
    for s in nodeSide { eat(UInt64(s)) }
    for layer in layers {
      for b in layer.name.utf8 { eat(UInt64(b)) }
      eat(layer.directed ? 1 : 0)
      for o in layer.out.offsets { eat(UInt64(o)) }
      for t in layer.out.targets { eat(UInt64(t)) }
      for w in layer.out.weights ?? [] { eat(UInt64(w.bitPattern)) }
    }
    return h
  }
}
