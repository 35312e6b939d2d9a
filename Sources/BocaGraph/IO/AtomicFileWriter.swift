#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A problem writing a graph file.
public struct GraphOutputError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The path being written.
  public var file: String
  /// What went wrong.
  public var message: String

  public init(file: String, message: String) {
    self.file = file
    self.message = message
  }

  public var description: String { "\(file): cannot write: \(message)" }
}

/// A buffered byte writer that writes to a temporary file beside the target and renames it over
/// the target on ``commit()``, so readers never see a half-written file.
///
/// The temporary file is `<path>.tmp-XXXXXX` (made by `mkstemp`), in the same directory so the
/// rename is atomic; it is removed when the writer is dropped without commit.
final class AtomicFileWriter {
  let path: String
  private let temporaryPath: String
  private var file: UnsafeMutablePointer<FILE>?
  private var buffer: [UInt8] = []
  private let flushThreshold = 1 << 20
  private var committed = false

  /// Opens a temporary file for `path`.
  init(path: String) throws {
    self.path = path
    var template = Array((path + ".tmp-XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { throw GraphOutputError(file: path, message: LineScanner.systemError()) }
    temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    guard let handle = fdopen(fd, "wb") else {
      close(fd)
      unlink(temporaryPath)
      throw GraphOutputError(file: path, message: LineScanner.systemError())
    }
    // mkstemp creates the file 0600; give it the usual permissions for data files.
    fchmod(fd, 0o644)
    file = handle
    buffer.reserveCapacity(flushThreshold + 4096)
  }

  deinit {
    if let file { fclose(file) }
    if !committed { unlink(temporaryPath) }
  }

  /// Appends raw bytes.
  @inline(__always)
  func writeByte(_ byte: UInt8) throws {
    buffer.append(byte)
    if buffer.count >= flushThreshold { try flush() }
  }

  /// Appends a string's UTF-8 bytes.
  func write(_ text: String) throws {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= flushThreshold { try flush() }
  }

  /// Appends the decimal digits of `value`.
  @inline(__always)
  func write(_ value: Int64) throws {
    if value < 0 {
      buffer.append(UInt8(ascii: "-"))
      if value == Int64.min {
        buffer.append(contentsOf: "9223372036854775808".utf8)
        return
      }
    }
    var v = value.magnitude
    let start = buffer.count
    repeat {
      buffer.append(UInt8(truncatingIfNeeded: v % 10) &+ 0x30)
      v /= 10
    } while v > 0
    buffer[start...].reverse()
    if buffer.count >= flushThreshold { try flush() }
  }

  /// Appends a number as CSV text: integral values as integers, others in the shortest form
  /// that reads back to the same value, NaN as nothing.
  func writeNumber(_ value: Double) throws {
    if value.isNaN { return }
    if value == value.rounded() && abs(value) < 9.0e15 {
      try write(Int64(value))
    } else {
      try write(value.description)
    }
  }

  /// Writes the buffer to the temporary file.
  func flush() throws {
    guard let file, !buffer.isEmpty else { return }
    let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    guard written == buffer.count else { throw GraphOutputError(file: path, message: LineScanner.systemError()) }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Flushes, closes and renames the temporary file over ``path``.
  func commit() throws {
    try flush()
    guard let handle = file else { return }
    file = nil
    let flushed = fflush(handle) == 0
    let closed = fclose(handle) == 0
    guard flushed && closed else { throw GraphOutputError(file: path, message: LineScanner.systemError()) }
    guard rename(temporaryPath, path) == 0 else {
      throw GraphOutputError(file: path, message: LineScanner.systemError())
    }
    committed = true
  }
}
