import Foundation
import XCTest

@testable import BocaGraph

/// Reader errors show what was found as it can be read: invisible bytes escaped, long values cut,
/// ids too large named with the largest id, unreadable files in words (issue 11, item 8).
final class ReaderMessageTests: XCTestCase {
  func message(_ body: () throws -> Void) -> String {
    do { try body() } catch { return "\(error)" }
    XCTFail("accepted")
    return ""
  }

  func testIDsBeyondTheLargestSayWhatTheLargestIs() throws {
    let dir = try TemporaryDirectory()
    var g = SystemRandomNumberGenerator()
    for digits in [19, 20, 25, 60] {
      var id = String(Int.random(in: 1...9, using: &g))
      while id.count < digits { id += String(Int.random(in: 0...9, using: &g)) }
      if digits == 19 { id = String(UInt64(Int64.max) + UInt64.random(in: 1...1000, using: &g)) }
      let list = try dir.file("g.txt", "0 1\n1 \(id)\n")
      let table = try dir.file("e.csv", "source,target\n0,1\n\(id),1\n")
      for text in [
        message { _ = try EdgeListReader.read(path: list, directed: true) },
        message { _ = try NodeEdgeTableReader.read(nodes: nil, edges: table, directed: true) },
      ] {
        XCTAssertTrue(text.contains("expected a node id at most \(Int64.max), found '"), text)
        XCTAssertFalse(text.contains("non-negative"), text)
      }
    }
  }

  func testInvisibleBytesAreEscapedAndLongValuesCut() throws {
    let dir = try TemporaryDirectory()
    for byte in Array(UInt8(0)..<32) + [127] where byte != 0x0A && byte != 0x0D && byte != 0x09 && byte != 0x20 {
      let path = try dir.file("g.txt", "0 1\n1 2\(Character(Unicode.Scalar(byte)))3\n")
      let text = message { _ = try EdgeListReader.read(path: path, directed: true) }
      XCTAssertTrue(text.contains("found '2\(MessageText.escaped(String(Unicode.Scalar(byte))))3'"), text)
      XCTAssertFalse(text.utf8.contains(byte), text)
    }
    for length in [81, 300, 5000] {
      let path = try dir.file("g.txt", "0 1\n1 x\(String(repeating: "y", count: length - 1))\n")
      let text = message { _ = try EdgeListReader.read(path: path, directed: true) }
      let rest = length - MessageText.valueLimit
      XCTAssertTrue(text.hasSuffix("… (\(rest) more character\(rest == 1 ? "" : "s"))'"), text)
    }
  }

  func testUnreadableFilesSayWhyInWords() throws {
    let dir = try TemporaryDirectory()
    let missing = dir.url.appendingPathComponent("none.txt").path
    XCTAssertEqual(
      message { _ = try EdgeListReader.read(path: missing, directed: true) },
      "\(missing): expected a readable file, found no such file")
    XCTAssertTrue(
      message { _ = try EdgeListReader.read(path: dir.url.path, directed: true) }.hasSuffix(
        "found a directory, not a file"))
  }
}
