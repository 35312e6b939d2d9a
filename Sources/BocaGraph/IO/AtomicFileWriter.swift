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

/// Bytes being formatted for a file: a plain array with number formatting, kept in a local
/// variable by the writers (so appends need no exclusivity checks) and drained into an
/// ``AtomicFileWriter`` whenever ``isFull``.
struct ByteBuffer {
  /// The bytes not yet written.
  var bytes: [UInt8] = []
  /// The size past which the owner should drain the buffer.
  static let threshold = 1 << 20

  init() { bytes.reserveCapacity(Self.threshold + 4096) }

  /// Whether the buffer should be drained.
  @inline(__always) var isFull: Bool { bytes.count >= Self.threshold }

  /// Appends one byte.
  @inline(__always) mutating func appendByte(_ byte: UInt8) { bytes.append(byte) }

  /// Appends a string's UTF-8 bytes.
  mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

  /// Appends the decimal digits of `value`.
  @inline(__always)
  mutating func append(_ value: Int64) {
    guard value >= 0 else {
      append(String(value))
      return
    }
    var v = UInt64(value)
    var digits = 1
    var rest = v
    while rest >= 10 {
      rest /= 10
      digits += 1
    }
    let start = bytes.count
    bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
    bytes.withUnsafeMutableBufferPointer { p in
      var i = start + digits - 1
      repeat {
        p[i] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
        v /= 10
        i -= 1
      } while v > 0
    }
  }

  /// Appends a number as CSV text: integral values as integers, others in the shortest form
  /// that reads back to the same value, NaN as nothing.
  mutating func appendNumber(_ value: Double) {
    if value.isNaN { return }
    if value == value.rounded() && abs(value) < 9.0e15 {
      append(Int64(value))
    } else {
      append(value.description)
    }
  }
}

/// Writes to a temporary file beside the target and renames it over the target on
/// ``commit(_:)``, so readers never see a half-written file.
///
/// The temporary file is `<path>.tmp-XXXXXX` (made by `mkstemp`), in the same directory so the
/// rename is atomic; it is removed when the writer is dropped without commit. A `path` that is
/// a device or a named pipe (`/dev/full`, `/dev/stdout`) is written in place: renaming over it
/// would replace the device.
final class AtomicFileWriter {
  let path: String
  private let temporaryPath: String
  private var file: UnsafeMutablePointer<FILE>?
  private var committed = false
  /// Whether `path` is written directly (a special file) rather than through a temporary file.
  private let inPlace: Bool

  /// Opens a temporary file for `path` (or `path` itself when it is a special file).
  init(path: String) throws {
    self.path = path
    var info = stat()
    if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG, info.st_mode & S_IFMT != S_IFDIR {
      guard let handle = fopen(path, "wb") else {
        throw GraphOutputError(file: path, message: LineScanner.systemError())
      }
      temporaryPath = path
      inPlace = true
      file = handle
      return
    }
    inPlace = false
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
  }

  deinit {
    if let file { fclose(file) }
    if !committed && !inPlace { unlink(temporaryPath) }
  }

  /// Writes the buffer's bytes to the temporary file and empties the buffer.
  func drain(_ out: inout ByteBuffer) throws {
    guard let file, !out.bytes.isEmpty else { return }
    let written = out.bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    guard written == out.bytes.count else { throw GraphOutputError(file: path, message: LineScanner.systemError()) }
    out.bytes.removeAll(keepingCapacity: true)
  }

  /// Drains `out`, closes the temporary file and renames it over ``path``.
  func commit(_ out: inout ByteBuffer) throws {
    try drain(&out)
    guard let handle = file else { return }
    file = nil
    let flushed = fflush(handle) == 0
    let closed = fclose(handle) == 0
    guard flushed && closed else { throw GraphOutputError(file: path, message: LineScanner.systemError()) }
    if inPlace {
      committed = true
      return
    }
    guard rename(temporaryPath, path) == 0 else {
      throw GraphOutputError(file: path, message: LineScanner.systemError())
    }
    committed = true
  }
}
