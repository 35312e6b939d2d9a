import Foundation

/// A small RFC 4180 reader and writer for design and result tables.
public enum CSV {
  /// The fields of one line (quotes `"…"` with `""` inside; no line breaks inside fields).
  public static func fields<S: StringProtocol>(_ line: S) -> [String] {
    var out: [String] = []
    var field = ""
    var quoted = false
    var iterator = line.makeIterator()
    var pending: Character? = nil
    while let c = pending ?? iterator.next() {
      pending = nil
      if quoted {
        if c == "\"" {
          if let n = iterator.next() {
            if n == "\"" { field.append("\"") } else { quoted = false; pending = n }
          } else {
            quoted = false
          }
        } else {
          field.append(c)
        }
      } else if c == "," {
        out.append(field)
        field = ""
      } else if c == "\"" && field.isEmpty {
        quoted = true
      } else if c != "\r" {
        field.append(c)
      }
    }
    out.append(field)
    return out
  }

  /// One field, quoted when it holds a comma, a quote or a line break.
  public static func escape(_ s: String) -> String {
    s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
      ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
  }

  /// A table: a header line and rows.
  public static func write(header: [String], rows: [[String]], to url: URL) throws {
    var text = header.map(escape).joined(separator: ",") + "\n"
    for row in rows { text += row.map(escape).joined(separator: ",") + "\n" }
    try text.write(to: url, atomically: true, encoding: .utf8)
  }

  /// A number in shortest round-trip form (NaN as an empty cell).
  public static func number(_ x: Double) -> String { x.isNaN ? "" : x.description }
}
