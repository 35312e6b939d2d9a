/// Splitting one CSV line (RFC 4180 quoting, as ``TableValue/csvField`` writes it) into fields.
public enum CSVRecord {
  /// The fields of `line`: commas separate, double quotes enclose, `""` inside quotes is `"`.
  public static func fields<S: StringProtocol>(_ line: S) -> [String] {
    var fields: [String] = []
    var field = ""
    var quoted = false
    var iterator = line.makeIterator()
    var pending: Character? = nil
    while let c = pending ?? iterator.next() {
      pending = nil
      if quoted {
        if c == "\"" {
          if let next = iterator.next() {
            if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
          } else {
            quoted = false
          }
        } else {
          field.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        fields.append(field)
        field = ""
      } else {
        field.append(c)
      }
    }
    fields.append(field)
    return fields
  }

  /// A field read back as a typed cell of `type` (empty is null; `NaN`, `Inf` are doubles).
  public static func value(_ field: String, as type: ColumnType) -> TableValue {
    if field.isEmpty { return .null }
    switch type {
    case .integer: return Int(field).map { .int($0) } ?? .text(field)
    case .real:
      if field == "Inf" { return .double(.infinity) }
      if field == "-Inf" { return .double(-.infinity) }
      return Double(field).map { .double($0) } ?? .text(field)
    case .text: return .text(field)
    }
  }
}
