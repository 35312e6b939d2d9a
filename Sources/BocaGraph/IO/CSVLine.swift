/// Splits one CSV line (RFC 4180 subset) into field ranges without copying.
///
/// Fields are separated by commas; blanks around a field are trimmed; a field may be enclosed in
/// double quotes, inside which commas are kept and `""` stands for one quote (quotes do not
/// span lines). The ranges index the line's bytes and exclude the enclosing quotes.
struct CSVLine {
  /// Byte ranges of the fields of the last split line (the first ``count`` entries are valid).
  private var ranges: [Range<Int>] = []
  /// Whether each field was quoted (and may hold `""` escapes).
  private var quoted: [Bool] = []
  /// Number of fields of the last split line.
  private(set) var count = 0

  /// Records field `count` (storage is reused from line to line).
  @inline(__always)
  private mutating func add(_ range: Range<Int>, quoted isQuoted: Bool) {
    if count < ranges.count {
      ranges[count] = range
      quoted[count] = isQuoted
    } else {
      ranges.append(range)
      quoted.append(isQuoted)
    }
    count += 1
  }

  /// Splits `line`; returns `false` on an unterminated quote.
  mutating func split(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    count = 0
    let n = line.count
    var i = 0
    let comma = UInt8(ascii: ",")
    let quote = UInt8(ascii: "\"")
    while true {
      while i < n && ByteParsing.isBlank(line[i]) { i += 1 }
      if i < n && line[i] == quote {
        let start = i + 1
        i = start
        while true {
          guard i < n else { return false }
          if line[i] == quote {
            if i + 1 < n && line[i + 1] == quote {
              i += 2
              continue
            }
            break
          }
          i += 1
        }
        add(start..<i, quoted: true)
        i += 1
        while i < n && line[i] != comma { i += 1 }
      } else {
        let start = i
        while i < n && line[i] != comma { i += 1 }
        var end = i
        while end > start && ByteParsing.isBlank(line[end - 1]) { end -= 1 }
        add(start..<end, quoted: false)
      }
      if i >= n { return true }
      i += 1  // the comma
    }
  }

  /// The bytes of field `k` of `line` (as split last).
  @inline(__always)
  func bytes(_ k: Int, of line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: line[ranges[k]])
  }

  /// Whether field `k` was quoted.
  @inline(__always) func isQuoted(_ k: Int) -> Bool { quoted[k] }

  /// The text of field `k`, with `""` unescaped in quoted fields.
  func text(_ k: Int, of line: UnsafeBufferPointer<UInt8>) -> String {
    let s = String(decoding: bytes(k, of: line), as: UTF8.self)
    return quoted[k] ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
  }
}

extension String {
  /// This string with every `target` replaced by `replacement` (no Foundation needed).
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    var result = ""
    var rest = self[...]
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound]
      result += replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}
