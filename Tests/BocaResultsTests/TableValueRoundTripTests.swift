import Foundation
import XCTest

@testable import BocaResults

/// Cells written by ``TableValue/csvField`` and read back by ``CSVRecord``: laws on random rows.
final class TableValueRoundTripTests: XCTestCase {
  /// A reproducible stream of random numbers (SplitMix64).
  struct Mix {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  }

  /// Text of 1–12 characters from an alphabet with the characters CSV treats specially
  /// (comma, quote, CR, LF), blanks, digits and non-ASCII letters.
  func text(_ mix: inout Mix) -> String {
    let alphabet = Array("ab,\"\r\n 0.9-éß字\t;x")
    return String((0..<(1 + mix.below(12))).map { _ in alphabet[mix.below(alphabet.count)] })
  }

  /// A double from the awkward corners: subnormal, huge, negative zero, integral, infinite, NaN,
  /// or any bit pattern.
  func double(_ mix: inout Mix) -> Double {
    switch mix.below(8) {
    case 0: return .leastNonzeroMagnitude * Double(1 + mix.below(5))
    case 1: return .greatestFiniteMagnitude / Double(1 + mix.below(5))
    case 2: return -0.0
    case 3: return Double(Int64(bitPattern: mix.next()) >> 12)
    case 4: return mix.below(2) == 0 ? .infinity : -.infinity
    case 5: return .nan
    default:
      let x = Double(bitPattern: mix.next())
      return x.isNaN ? 0.5 : x
    }
  }

  func value(_ mix: inout Mix) -> (TableValue, ColumnType) {
    switch mix.below(4) {
    case 0: return (.int(Int(bitPattern: UInt(mix.next()))), .integer)
    case 1: return (.double(double(&mix)), .real)
    case 2: return (.text(text(&mix)), .text)
    default: return (.null, [ColumnType.integer, .real, .text][mix.below(3)])
    }
  }

  /// Same cell: equal, or both doubles with the same bit pattern (so 0.0 and -0.0 differ), or a
  /// NaN written as null.
  func same(_ written: TableValue, _ read: TableValue) -> Bool {
    switch (written, read) {
    case (.double(let a), .double(let b)): return a.bitPattern == b.bitPattern
    case (.double(let a), .null): return a.isNaN
    default: return written == read
    }
  }

  func testRowsReadBackCellForCell() {
    var mix = Mix(state: 1)
    for trial in 0..<3000 {
      let cells = (0..<(1 + mix.below(10))).map { _ in value(&mix) }
      let line = cells.map(\.0.csvField).joined(separator: ",")
      let fields = CSVRecord.fields(line)
      XCTAssertEqual(fields.count, cells.count, "trial \(trial): \(line.debugDescription)")
      guard fields.count == cells.count else { continue }
      for (field, (written, type)) in zip(fields, cells) {
        let read = CSVRecord.value(field, as: type)
        XCTAssertTrue(
          same(written, read), "trial \(trial): \(written) read back as \(read) from \(field.debugDescription)")
      }
    }
  }

  func testFieldsThatNeedNoQuotesAreWrittenAsTheyAre() {
    var mix = Mix(state: 9)
    for _ in 0..<2000 {
      let s = text(&mix)
      let field = TableValue.text(s).csvField
      let special = s.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
      XCTAssertEqual(field == s, !special, s.debugDescription)
      if special {
        XCTAssertTrue(field.hasPrefix("\"") && field.hasSuffix("\""), field)
        // Inside the quotes every quote is doubled: an even count in all.
        XCTAssertEqual(field.filter { $0 == "\"" }.count % 2, 0, field)
      }
    }
  }

  func testNumbersParseAsTheirColumnTypeAndOtherTextStaysText() {
    XCTAssertEqual(CSVRecord.value("", as: .integer), .null)
    XCTAssertEqual(CSVRecord.value("Inf", as: .real), .double(.infinity))
    XCTAssertEqual(CSVRecord.value("-Inf", as: .real), .double(-.infinity))
    XCTAssertEqual(CSVRecord.value("12", as: .text), .text("12"))
    XCTAssertEqual(CSVRecord.value("1.5", as: .integer), .text("1.5"))
    var mix = Mix(state: 3)
    for _ in 0..<1000 {
      let i = Int(bitPattern: UInt(mix.next()))
      XCTAssertEqual(CSVRecord.value(TableValue.int(i).csvField, as: .integer), .int(i))
      XCTAssertEqual(CSVRecord.value(TableValue.int(i).csvField, as: .real), .double(Double(i)))
    }
  }
}
