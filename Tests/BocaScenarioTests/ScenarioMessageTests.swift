import BocaGraph
import XCTest

@testable import BocaScenario

/// Every scenario error names its real place, the key, what was expected and what was found, in
/// plain words, with invisible characters escaped and long values cut (issue 11, item 8).
final class ScenarioMessageTests: XCTestCase {
  static let rest = """
    graph:
      sides: {a: {count: 5}}
      layers: {l: {generate: {er: {p: 0.1}}}}
    model: {name: ic, p: 0.1}

    """

  func diagnostic(_ text: String, file: String = "m.yaml") throws -> ScenarioDiagnostic {
    do {
      _ = try Scenario.parse(text, file: file)
    } catch let error as ScenarioError {
      return try XCTUnwrap(error.diagnostics.first)
    }
    XCTFail("accepted: \(text)")
    throw CancellationError()
  }

  func testUndefinedAndRecursiveAliasesAreNamedAtTheirPlace() throws {
    var g = YAMLLimitsTests.Draws(seed: 8)
    for _ in 0..<20 {
      let padding = String(repeating: "\n", count: Int.random(in: 0...5, using: &g))
      let indent = String(repeating: " ", count: Int.random(in: 0...6, using: &g))
      let recursive = Bool.random(using: &g)
      let value = recursive ? "&me [1, *me]" : "*nowhere"
      let text = "name: x\(padding)\ndescription:\n  \(indent)- \(value)\n" + Self.rest
      let d = try diagnostic(text)
      let line = 3 + padding.count
      let column = 5 + indent.count + (recursive ? 8 : 0)
      XCTAssertEqual([d.line, d.column], [line, column], d.description)
      XCTAssertTrue(d.found.contains(recursive ? "*me" : "*nowhere"), d.description)
      XCTAssertFalse(d.description.contains("line \(line)"), "the position is in the prefix only: \(d)")
    }
  }

  func testControlCharactersAreEscapedAndLocated() throws {
    let invisible = (0..<32).map { Unicode.Scalar(UInt8($0)) } + ["\u{7F}", "\u{85}", "\u{200B}", "\u{FEFF}"]
    for (i, c) in invisible.enumerated() where c != "\n" && c != "\r" {
      // Written raw into a plain value: the YAML reader refuses most; the message must not
      // carry the character itself, and must point past line 1.
      let pad = String(repeating: "x", count: i % 7)
      let text = "name: x\ndescription: \(pad)\(Character(c))y\n" + Self.rest
      do {
        let s = try Scenario.parse(text, file: "c.yaml")
        XCTAssertNotNil(s.description)
      } catch let error as ScenarioError {
        let d = try XCTUnwrap(error.diagnostics.first)
        XCTAssertFalse(d.description.unicodeScalars.contains(c), "raw U+\(String(c.value, radix: 16)) in: \(d)")
        if c != "\t" && c != "\u{85}" {  // NEL is a line break to YAML
          XCTAssertEqual([d.line, d.column], [2, 14 + pad.count], d.description)
          XCTAssertTrue(d.description.contains(MessageText.escaped(String(c))), d.description)
        }
      }
      // Written as a YAML escape inside a value that is wrong: echoed escaped.
      let hex = String(c.value, radix: 16)
      let quoted = "name: x\nrng: \"a\\u\(String(repeating: "0", count: 4 - hex.count))\(hex)b\"\n" + Self.rest
      let d = try diagnostic(quoted)
      XCTAssertEqual(d.keyPath, "rng")
      XCTAssertTrue(d.description.contains("'a\(MessageText.escaped(String(c)))b'"), d.description)
      XCTAssertFalse(d.description.unicodeScalars.contains(c), d.description)
    }
  }

  func testLongValuesAreCutSayingHowMuchIsLeft() throws {
    var g = YAMLLimitsTests.Draws(seed: 21)
    for _ in 0..<30 {
      let length = Int.random(in: 1...2_000, using: &g)
      let value = String((0..<length).map { _ in "abcdefghij".randomElement(using: &g)! })
      let d = try diagnostic("name: x\nrng: \(value)\n" + Self.rest)
      let limit = MessageText.valueLimit
      if length <= limit {
        XCTAssertTrue(d.description.hasSuffix("found '\(value)'"), d.description)
      } else {
        XCTAssertTrue(
          d.description.hasSuffix(
            "found '\(value.prefix(limit))… (\(length - limit) more character\(length - limit == 1 ? "" : "s"))'"),
          d.description)
      }
    }
  }

  func testFilesThatAreNotUTF8NameTheByte() throws {
    var g = YAMLLimitsTests.Draws(seed: 4)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("boca-msg-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for _ in 0..<20 {
      var bytes = Array(("name: x\n" + Self.rest).utf8)
      let at = Int.random(in: 0..<bytes.count, using: &g)
      let bad = [UInt8(0xFF), 0xC0, 0x80, 0xFE].randomElement(using: &g)!
      bytes.insert(bad, at: at)
      let path = folder.appendingPathComponent("b.yaml").path
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      XCTAssertThrowsError(try Scenario.load(path: path)) { error in
        let d = (error as? ScenarioError)?.diagnostics.first
        let before = bytes[..<at]
        let line = before.filter { $0 == 0x0A }.count + 1
        let column = at - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
        XCTAssertEqual([d?.line, d?.column], [line, column], "\(error)")
        XCTAssertTrue(d?.found.contains("byte offset \(at)") ?? false, "\(error)")
        XCTAssertTrue(d?.found.contains(String(format: "0x%02X", bad)) ?? false, "\(error)")
      }
    }
  }

  func testUnreadableFilesSayWhyInWords() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("boca-msg-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (path, words) in [
      (folder.appendingPathComponent("none.yaml").path, "no such file"), (folder.path, "a directory"),
    ] {
      XCTAssertThrowsError(try Scenario.load(path: path)) { error in
        XCTAssertDiagnostic(error, at: "", line: 0)
        let text = "\(error)"
        XCTAssertTrue(text.contains("\(path): (top level): expected a readable scenario file, found \(words)"), text)
        XCTAssertFalse(text.contains("Domain"), text)
      }
    }
  }
}
