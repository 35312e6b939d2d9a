import Yams

/// One scalar of a scenario's YAML tree, by its dotted key path.
struct ScalarLeaf {
  /// `model.q`, `graph.sides.prosumer.count`, `arms.employees.seeds.k`.
  let path: String
  /// The mapping keys from the root (a key may itself contain dots, as arm overrides do).
  let keys: [String]
  let node: Node
}

extension Node {
  /// Every scalar under this node reached through mappings only, in file order.
  func scalarLeaves(prefix: [String] = []) -> [ScalarLeaf] {
    switch self {
    case .scalar:
      return prefix.isEmpty ? [] : [ScalarLeaf(path: prefix.joined(separator: "."), keys: prefix, node: self)]
    case .mapping(let map):
      return map.flatMap { pair -> [ScalarLeaf] in
        guard let key = pair.key.string else { return [] }
        return pair.value.scalarLeaves(prefix: prefix + [key])
      }
    case .sequence:
      return []
    }
  }

  /// The node at `keys` (mapping keys from this node), if there is one.
  func child(at keys: ArraySlice<String>) -> Node? {
    guard let first = keys.first else { return self }
    guard case .mapping(let map) = self, let next = map[first] else { return nil }
    return next.child(at: keys.dropFirst())
  }

  /// This tree with the node at `keys` replaced by `value`; mappings missing on the way are
  /// created, and a scalar on the way is replaced by a mapping.
  func setting(_ keys: ArraySlice<String>, to value: Node) -> Node {
    guard let first = keys.first else { return value }
    var map: Node.Mapping
    if case .mapping(let existing) = self { map = existing } else { map = Node.Mapping([]) }
    let child = map[first] ?? .mapping(Node.Mapping([]))
    map[first] = child.setting(keys.dropFirst(), to: value)
    return .mapping(map)
  }

  /// This mapping without `keys` (top-level only).
  func removing(_ keys: [String]) -> Node {
    guard case .mapping(var map) = self else { return self }
    for key in keys { map[key] = nil }
    return .mapping(map)
  }

  /// Resolves a dotted path against this tree's mapping keys, taking the longest key that
  /// matches at each level (so `arms.a.seeds.k` finds the arm override key `seeds.k`); `nil`
  /// when some part matches no key.
  func resolve(_ path: String) -> [String]? {
    var parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    var node = self
    var keys: [String] = []
    while !parts.isEmpty {
      guard case .mapping(let map) = node else { return nil }
      var matched = false
      for n in stride(from: parts.count, through: 1, by: -1) {
        let key = parts[0..<n].joined(separator: ".")
        if let next = map[key] {
          keys.append(key)
          node = next
          parts.removeFirst(n)
          matched = true
          break
        }
      }
      if !matched { return nil }
    }
    return keys
  }

  /// A scalar with this node's mark, so that errors about a generated value point at the line
  /// that produced it.
  func scalar(_ text: String) -> Node {
    .scalar(Node.Scalar(text, .implicit, .any, mark))
  }
}
