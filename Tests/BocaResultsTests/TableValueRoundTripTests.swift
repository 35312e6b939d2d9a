import BocaRandom
import Foundation
import XCTest

@testable import BocaResults

/// Cells written by ``TableValue/csvField`` and read back by ``CSVRecord``: laws on random rows.
final class TableValueRoundTripTests: XCTestCase {
  /// Text of 1–12 characters from an alphabet with the characters CSV treats specially
  /// (comma, quote, CR, LF), blanks, digits and non-ASCII letters.
  func text(_ mix: inout SplitMix64) -> String {
    let alphabet = Array("ab,\"\r\n 0.9-éß字\t;x")
    return String(
      (0..<(1 + Int.random(in: 0..<12, using: &mix))).map { _ in
        alphabet[Int.random(in: 0..<alphabet.count, using: &mix)]
      })
  }

  /// A double from the awkward corners: subnormal, huge, negative zero, integral, infinite, NaN,
  /// or any bit pattern.
  func double(_ mix: inout SplitMix64) -> Double {
    switch Int.random(in: 0..<8, using: &mix) {
    case 0: return .leastNonzeroMagnitude * Double(1 + Int.random(in: 0..<5, using: &mix))
    case 1: return .greatestFiniteMagnitude / Double(1 + Int.random(in: 0..<5, using: &mix))
    case 2: return -0.0
    case 3: return Double(Int64(bitPattern: mix.next()) >> 12)
    case 4: return Int.random(in: 0..<2, using: &mix) == 0 ? .infinity : -.infinity
    case 5: return .nan
    default:
      let x = Double(bitPattern: mix.next())
      return x.isNaN ? 0.5 : x
    }
  }

  func value(_ mix: inout SplitMix64) -> (TableValue, ColumnType) {
    switch Int.random(in: 0..<4, using: &mix) {
    case 0: return (.int(Int(bitPattern: UInt(mix.next()))), .integer)
    case 1: return (.double(double(&mix)), .real)
    case 2: return (.text(text(&mix)), .text)
    default: return (.null, [ColumnType.integer, .real, .text][Int.random(in: 0..<3, using: &mix)])
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
    var mix = SplitMix64(seed: 1)
    for trial in 0..<3000 {
      let cells = (0..<(1 + Int.random(in: 0..<10, using: &mix))).map { _ in value(&mix) }
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
    var mix = SplitMix64(seed: 9)
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
    var mix = SplitMix64(seed: 3)
    for _ in 0..<1000 {
      let i = Int(bitPattern: UInt(mix.next()))
      XCTAssertEqual(CSVRecord.value(TableValue.int(i).csvField, as: .integer), .int(i))
      XCTAssertEqual(CSVRecord.value(TableValue.int(i).csvField, as: .real), .double(Double(i)))
    }
  }
}
