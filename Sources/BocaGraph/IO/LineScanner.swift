#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Reads a file as bytes, in large chunks, and hands each line to a closure without copying.
///
/// No `String` is made per line: the closure sees the line's bytes (without `\n` and without a
/// trailing `\r`) in the chunk buffer. A UTF-8 byte-order mark at the start of the file is
/// skipped. A line longer than the chunk grows the buffer. The byte after each line in the buffer
/// is `\n`, `\r` or `0`, so `strtod` on a field of the line always stops inside the buffer.
enum LineScanner {
  /// The default chunk size: 4 MiB.
  static let defaultChunkSize = 1 << 22

  /// Calls `body(line, lineNumber)` for every line of `path`; returns lines and bytes read.
  ///
  /// - Throws: ``GraphInputError`` (`.fileNotFound`) when the file cannot be opened or read,
  ///   and whatever `body` throws.
  static func forEachLine(
    path: String, chunkSize: Int = defaultChunkSize,
    _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
  ) throws -> (lines: Int, bytes: Int) {
    guard let file = fopen(path, "rb") else {
      throw GraphInputError(
        .fileNotFound, file: path, line: 0, expected: "a readable file", found: systemError())
    }
    defer { fclose(file) }
    var capacity = max(16, chunkSize)
    var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + 1)
    defer { buffer.deallocate() }
    var filled = 0
    var lineNumber = 0
    var total = 0
    var atFileStart = true
    while true {
      if filled == capacity {
        // One line fills the whole buffer: grow it.
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * capacity + 1)
        bigger.update(from: buffer, count: filled)
        buffer.deallocate()
        buffer = bigger
        capacity *= 2
      }
      let count = fread(buffer + filled, 1, capacity - filled, file)
      if count == 0 {
        if ferror(file) != 0 {
          throw GraphInputError(
            .fileNotFound, file: path, line: 0, expected: "a readable file", found: systemError())
        }
        break
      }
      total += count
      let end = filled + count
      buffer[end] = 0
      var lineStart = 0
      if atFileStart {
        atFileStart = false
        if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { lineStart = 3 }
      }
      var scan = max(filled, lineStart)
      while scan < end, let hit = memchr(buffer + scan, 0x0A, end - scan) {
        let newline = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        var lineEnd = newline
        if lineEnd > lineStart && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        lineNumber += 1
        try body(UnsafeBufferPointer(start: buffer + lineStart, count: lineEnd - lineStart), lineNumber)
        lineStart = newline + 1
        scan = lineStart
      }
      let leftover = end - lineStart
      if lineStart > 0 && leftover > 0 { memmove(buffer, buffer + lineStart, leftover) }
      filled = leftover
    }
    if filled > 0 {
      // The last line has no newline.
      buffer[filled] = 0
      var lineEnd = filled
      if buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
      lineNumber += 1
      try body(UnsafeBufferPointer(start: buffer, count: lineEnd), lineNumber)
    }
    return (lineNumber, total)
  }

  /// The C library's message for the current `errno`.
  static func systemError() -> String {
    MessageText.fileProblem(errno: errno)
  }
}

/// Hand-written parsers over byte ranges, shared by the readers.
enum ByteParsing {
  /// Result code of ``parseID(_:)`` for a token that is not an integer.
  static let invalid: Int64 = -1
  /// Result code of ``parseID(_:)`` for a negative integer.
  static let negative: Int64 = -2
  /// Result code of ``parseID(_:)`` for digits beyond `Int64.max`.
  static let tooLarge: Int64 = -3

  /// Whether `byte` is a space or a tab.
  @inline(__always) static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

  /// Parses a non-negative decimal integer (an optional leading `+`): the value, or
  /// ``negative`` / ``invalid``.
  @inline(__always)
  static func parseID(_ token: UnsafeBufferPointer<UInt8>) -> Int64 {
    var i = 0
    let n = token.count
    if n == 0 { return invalid }
    if token[0] == UInt8(ascii: "+") { i = 1 }
    if token[0] == UInt8(ascii: "-") {
      // A negative integer, not a stray dash: report it as negative.
      if n > 1 && (1..<n).allSatisfy({ token[$0] >= 0x30 && token[$0] <= 0x39 }) { return negative }
      return invalid
    }
    if i == n { return invalid }
    var value: Int64 = 0
    while i < n {
      let digit = Int64(token[i]) &- 0x30
      if digit < 0 || digit > 9 { return invalid }
      let (times10, o1) = value.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times10.addingReportingOverflow(digit)
      if o1 || o2 {
        let digits = (i..<n).allSatisfy { token[$0] >= 0x30 && token[$0] <= 0x39 }
        return digits ? tooLarge : invalid
      }
      value = sum
      i += 1
    }
    return value
  }

  /// Parses a decimal floating-point number with `strtod`; `nil` unless the whole token is one.
  ///
  /// The byte after `token` must not continue a number (the line scanner guarantees a delimiter,
  /// newline or `0` there). A token that starts with a blank is rejected.
  static func parseDouble(_ token: UnsafeBufferPointer<UInt8>) -> Double? {
    guard let base = token.baseAddress, token.count > 0, !isBlank(token[0]) else { return nil }
    let first = token[0]
    // Only decimal forms: a digit, sign or point first (rejects "inf", "nan", "0x1p3" below).
    guard
      first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
        || (first >= 0x30 && first <= 0x39)
    else { return nil }
    for b in token where b == UInt8(ascii: "x") || b == UInt8(ascii: "X") { return nil }
    var endPointer: UnsafeMutablePointer<CChar>? = nil
    let value = base.withMemoryRebound(to: CChar.self, capacity: token.count + 1) { strtod($0, &endPointer) }
    guard let endPointer else { return nil }
    let consumed = UnsafeRawPointer(endPointer) - UnsafeRawPointer(base)
    guard consumed == token.count, value.isFinite else { return nil }
    return value
  }

  /// Parses a number for a table cell: a fast path for plain integers of up to 15 digits, else
  /// ``parseDouble(_:)``. `nil` when the token is not a finite decimal number.
  @inline(__always)
  static func parseNumber(_ token: UnsafeBufferPointer<UInt8>) -> Double? {
    let n = token.count
    if n == 0 || n > 16 { return n == 0 ? nil : parseDouble(token) }
    var i = 0
    let negative = token[0] == UInt8(ascii: "-")
    if negative { i = 1 }
    if i == n { return nil }
    var value: Int64 = 0
    while i < n {
      let digit = Int64(token[i]) &- 0x30
      if digit < 0 || digit > 9 { return parseDouble(token) }
      value = value &* 10 &+ digit
      i += 1
    }
    return negative ? -Double(value) : Double(value)
  }

  /// `token` without leading and trailing blanks.
  @inline(__always)
  static func trimmed(_ token: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var lo = 0
    var hi = token.count
    while lo < hi && isBlank(token[lo]) { lo += 1 }
    while hi > lo && isBlank(token[hi - 1]) { hi -= 1 }
    return UnsafeBufferPointer(rebasing: token[lo..<hi])
  }
}
