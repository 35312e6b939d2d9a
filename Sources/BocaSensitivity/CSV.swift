import BocaResults
import Foundation

/// Design and result tables written as Boca's other tables are: cells formatted by
/// ``BocaResults/TableValue`` (RFC 4180 quoting, NaN as an empty cell) and the file put in place
/// whole by ``BocaResults/AtomicFile``. Lines are read back with ``BocaResults/CSVRecord``.
public enum CSV {
  /// A table: a header line and rows of text cells.
  public static func write(header: [String], rows: [[String]], to url: URL) throws {
    func line(_ cells: [String]) -> String { cells.map { TableValue.text($0).csvField }.joined(separator: ",") }
    var text = line(header) + "\n"
    for row in rows { text += line(row) + "\n" }
    try AtomicFile.write(Data(text.utf8), to: url)
  }

  /// A number as the tables write it (shortest round-trip form; NaN as an empty cell).
  public static func number(_ x: Double) -> String { TableValue.double(x).csvField }
}
