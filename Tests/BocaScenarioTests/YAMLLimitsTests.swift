import BocaRandom
import XCTest
import Yams

@testable import BocaScenario

/// Deep nesting and alias bombs are refused with a located error before the YAML parser, or
/// anything after it, recurses or expands them (issue 11, items 3 and 4).
final class YAMLLimitsTests: XCTestCase {
  /// A small deterministic generator, so that failures reproduce.
  typealias Draws = SplitMix64

  enum Style: CaseIterable { case flowList, flowMap, blockMap, blockList, compactList, mixed }

  /// `description:` holding `levels` nested collections in `style` (the top-level mapping adds one).
  static func nested(_ levels: Int, _ style: Style, _ g: inout Draws) -> String {
    var text = "name: deep\ndescription:"
    switch style {
    case .flowList: text += " " + String(repeating: "[", count: levels) + "1" + String(repeating: "]", count: levels)
    case .flowMap:
      text += " " + String(repeating: "{a: ", count: levels) + "1" + String(repeating: "}", count: levels)
    case .blockMap:
      for i in 0..<levels { text += "\n" + String(repeating: " ", count: 2 * (i + 1)) + "k\(i):" }
      text += " 1"
    case .blockList:
      for i in 0..<levels { text += "\n" + String(repeating: " ", count: 2 * (i + 1)) + "-" }
      text += " 1"
    case .compactList: text += "\n  " + String(repeating: "- ", count: levels) + "1"
    case .mixed:
      var indent = 2
      text += "\n"
      for i in 0..<levels {
        let pad = String(repeating: " ", count: indent)
        if Bool.random(using: &g) {
          text += "\(pad)k\(i):\n"
        } else {
          text += "\(pad)-\n"
        }
        indent += 2
      }
      text += String(repeating: " ", count: indent) + "1\n"
    }
    return text + "\n"
  }

  func testNestingBeyondTheLimitIsRefusedAtItsPlaceAndWithinItIsRead() throws {
    var g = Draws(seed: 11)
    let limit = YAMLLimits.maximumDepth
    for style in Style.allCases {
      for levels in [1, limit - 2, limit - 1, limit, limit + 5, 3 * limit, style == .flowList ? 6000 : 3000] {
        let text = Self.nested(levels, style, &g)
        let depth = levels + 1  // the top-level mapping
        do {
          _ = try Scenario.compose(text, file: "deep.yaml")
          XCTAssertLessThanOrEqual(depth, limit, "\(style) \(levels): read, though nested \(depth) deep")
        } catch let error as ScenarioError {
          XCTAssertGreaterThan(depth, limit, "\(style) \(levels): refused: \(error)")
          let d = try XCTUnwrap(error.diagnostics.first)
          XCTAssertGreaterThan(d.line, style == .flowList || style == .flowMap ? 1 : 2, "\(style) \(levels)")
          XCTAssertTrue(d.description.hasPrefix("deep.yaml:\(d.line):\(d.column): "), d.description)
          XCTAssertTrue(d.description.contains("at most \(limit) deep"), d.description)
        }
      }
    }
  }

  /// A random tree of lists, mappings and scalars, and its depth (collections on the deepest path).
  static func tree(_ g: inout Draws, levels: Int) -> (Node, Int) {
    if levels == 0 || Int.random(in: 0..<4, using: &g) == 0 {
      return (Node(["x", "it's", "a: b", "#c", "[d", "- e", ""].randomElement(using: &g)!), 0)
    }
    let children = (0..<Int.random(in: 1...3, using: &g)).map { _ in tree(&g, levels: levels - 1) }
    let depth = 1 + (children.map(\.1).max() ?? 0)
    if Bool.random(using: &g) { return (Node(children.map(\.0)), depth) }
    return (Node(children.enumerated().map { (Node("k\($0.offset)"), $0.element.0) }), depth)
  }

  func testTheScanMeasuresTheDepthTheParserSees() throws {
    var g = Draws(seed: 5)
    for _ in 0..<300 {
      let (node, depth) = Self.tree(&g, levels: Int.random(in: 1...12, using: &g))
      let root = Node([(Node("value"), node)])
      for flow in [false, true] {
        var text = try Yams.serialize(
          node: root, sequenceStyle: flow ? .flow : .block, mappingStyle: flow ? .flow : .block)
        if Bool.random(using: &g) { text = "# a comment [[[\n" + text }
        let scan = YAMLNestingScan.scan(text, limit: YAMLLimits.maximumDepth)
        XCTAssertGreaterThanOrEqual(scan.deepest, depth + 1, text)  // never less than the parser sees
        XCTAssertLessThanOrEqual(scan.deepest, depth + 2, text)
      }
    }
  }

  /// `levels` of `fanOut`-fold aliases (a "billion laughs") written under `key` of a scenario.
  static func bomb(levels: Int, fanOut: Int, at key: String) -> String {
    var lines = [
      "name: bomb", "graph:", "  sides: {a: {count: 5}}", "  layers: {l: {generate: {er: {p: 0.1}}}}",
      "model: {name: ic, p: 0.1}", "\(key):",
      "  - &l0 [" + Array(repeating: "x", count: fanOut).joined(separator: ", ") + "]",
    ]
    for i in 1...levels {
      lines.append("  - &l\(i) [" + Array(repeating: "*l\(i - 1)", count: fanOut).joined(separator: ", ") + "]")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  func testAliasBombsAreRefusedWithoutExpandingThem() throws {
    var g = Draws(seed: 3)
    for _ in 0..<12 {
      let fanOut = Int.random(in: 2...12, using: &g)
      let levels = Int(ceil(log(Double(YAMLLimits.aliasAllowance) * 100) / log(Double(fanOut))))
      let key = ["description", "seeds", "sweep", "arms", "outputs"].randomElement(using: &g)!
      let text = Self.bomb(levels: levels, fanOut: fanOut, at: key)
      let started = Date()
      XCTAssertThrowsError(try Scenario.compose(text, file: "bomb.yaml")) { error in
        let d = (error as? ScenarioError)?.diagnostics.first
        XCTAssertNotNil(d, "\(error)")
        XCTAssertTrue(d?.expected.contains("once aliases are expanded") ?? false, "\(error)")
        XCTAssertGreaterThan(d?.line ?? 0, 1, "\(error)")
      }
      XCTAssertLessThan(Date().timeIntervalSince(started), 5, "fan-out \(fanOut), \(levels) levels")
    }
  }

  func testChainsOfAliasesAreRefusedAtTheAliasThatGoesTooDeep() throws {
    for length in [YAMLLimits.maximumDepth + 1, 20_000, 100_000] {
      var lines = ["name: chain", "a0: &a0 [x]"]
      for i in 1..<length { lines.append("a\(i): &a\(i) [*a\(i - 1)]") }
      XCTAssertThrowsError(try Scenario.compose(lines.joined(separator: "\n"), file: "chain.yaml")) { error in
        let d = (error as? ScenarioError)?.diagnostics.first
        XCTAssertTrue(d?.found.contains("alias *a") ?? false, "\(error)")
        XCTAssertGreaterThan(d?.line ?? 0, 2)
      }
    }
  }

  func testOrdinaryAliasesStillWork() throws {
    let text = """
      name: shared
      defaults: &sides {count: 20}
      graph:
        sides: {a: *sides, b: *sides}
        layers: {l: {generate: {er: {p: 0.1}}}}
      model: {name: ic, p: &p 0.2}
      """
    let plain = text.replacingOccurrences(of: "defaults: &sides {count: 20}\n", with: "")
      .replacingOccurrences(of: "{a: *sides, b: *sides}", with: "{a: &sides {count: 20}, b: *sides}")
    let s = try Scenario.parse(plain, file: "shared.yaml")
    XCTAssertEqual(s.graph.sides.map(\.count), [20, 20])
  }
}
