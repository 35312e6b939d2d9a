/// One of n slices of a sweep's points: shard i of n runs the points p with p mod n = i − 1.
/// Dealing points round-robin keeps shards of similar size when cost grows along a parameter.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
  /// 1-based index.
  public let index: Int
  public let count: Int

  /// Reads `i/n` with 1 ≤ i ≤ n.
  public init?(parsing text: String) {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
      return nil
    }
    index = i
    count = n
  }

  public init(index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  /// Whether `point` belongs to this shard.
  public func contains(point: Int) -> Bool { point % count == index - 1 }

  public var description: String { "\(index)/\(count)" }
}
