import BocaRandom
import Foundation
import Yams

extension ScenarioReader {
  /// A distribution: a number (constant), `{name: [args…]}` or `{name: {key: value}}`.
  ///
  /// See `BocaRandom.Distribution` for the names and their parameters.
  public func distribution(_ node: Node, _ path: String) -> Distribution? {
    if case .scalar = node {
      guard let v = double(node, path, what: "a number or a distribution such as {beta: [2, 8]}") else { return nil }
      return .constant(v)
    }
    guard case .mapping(let map) = node, map.count == 1, let (k, v) = map.first.map({ ($0.key, $0.value) }),
      let name = k.string
    else {
      report(
        node, path, expected: "a distribution written {name: [arguments]}, e.g. {beta: [2, 8]}", found: Self.show(node))
      return nil
    }
    let names = Array(Distribution.parameterNames.keys).sorted()
    guard names.contains(name) else {
      report(
        k, "\(path).\(name)", expected: "a distribution name (\(names.joined(separator: ", ")))",
        found: "'\(name)'", suggestion: closest(to: name, in: names))
      return nil
    }
    do {
      switch v {
      case .sequence:
        guard let args = doubles(v, "\(path).\(name)") else { return nil }
        return try Distribution(name: name, positional: args)
      case .mapping(let m):
        var named: [String: Double] = [:]
        var lists: [String: [Double]] = [:]
        for (key, value) in m {
          guard let key = key.string else { continue }
          if case .sequence = value {
            lists[key] = doubles(value, "\(path).\(name).\(key)")
          } else if let x = double(value, "\(path).\(name).\(key)") {
            named[key] = x
          } else {
            return nil
          }
        }
        return try Distribution(name: name, named: named, namedLists: lists)
      case .scalar:
        guard let x = double(v, "\(path).\(name)") else { return nil }
        return try Distribution(name: name, positional: [x])
      }
    } catch let error as DistributionError {
      let parts = error.message.replacingPrefix("expected ", with: "").components(separatedBy: ", found ")
      report(v, "\(path).\(name)", expected: parts[0], found: parts.count > 1 ? parts[1] : "invalid arguments")
      return nil
    } catch {
      report(v, "\(path).\(name)", expected: "valid arguments", found: "\(error)")
      return nil
    }
  }
}

extension String {
  func replacingPrefix(_ prefix: String, with replacement: String) -> String {
    hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
  }
}
