import Foundation

/// A write that failed: what was being written (a path, or "standard output") and the
/// system's reason, in words.
public struct WriteError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file written, or `standard output`.
  public var target: String
  /// Why it failed (e.g. `No space left on device`).
  public var reason: String

  public init(target: String, reason: String) {
    self.target = target
    self.reason = reason
  }

  /// The error for `errno` value `code`.
  public init(target: String, errno code: Int32) {
    self.init(target: target, reason: String(cString: strerror(code)))
  }

  public var description: String { "cannot write \(target): \(reason)" }
}

/// Checked writes to a file descriptor: every byte is written or the failure is thrown.
public enum CheckedWrite {
  /// Writes all of `bytes` to `descriptor`, retrying short writes and interrupted calls.
  ///
  /// - Throws: ``WriteError`` naming `target` when the system refuses a write (a full disk,
  ///   `/dev/full`, a closed pipe…).
  public static func all(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, target: String) throws {
    guard var next = bytes.baseAddress, !bytes.isEmpty else { return }
    var left = bytes.count
    while left > 0 {
      let n = write(descriptor, next, left)
      if n < 0 {
        if errno == EINTR { continue }
        throw WriteError(target: target, errno: errno)
      }
      if n == 0 { throw WriteError(target: target, reason: "the system wrote nothing") }
      next += n
      left -= n
    }
  }

  /// Writes all of `bytes` to `descriptor` (see ``all(_:to:target:)``).
  public static func all(_ bytes: [UInt8], to descriptor: Int32, target: String) throws {
    try bytes.withUnsafeBytes { try all($0, to: descriptor, target: target) }
  }

  /// Writes `data` to `descriptor` (see ``all(_:to:target:)``).
  public static func all(_ data: Data, to descriptor: Int32, target: String) throws {
    try data.withUnsafeBytes { try all($0, to: descriptor, target: target) }
  }

  /// Whether `path` names something other than a regular file or a directory (a device such
  /// as `/dev/full` or `/dev/stdout`, a named pipe): it must be written in place, never
  /// replaced by renaming a temporary file over it.
  public static func isSpecialFile(_ path: String) -> Bool {
    var info = stat()
    guard stat(path, &info) == 0 else { return false }
    let kind = info.st_mode & S_IFMT
    return kind != S_IFREG && kind != S_IFDIR
  }

  /// Writes `data` into the existing special file at `path` (see ``isSpecialFile(_:)``).
  public static func intoSpecialFile(_ data: Data, path: String) throws {
    let descriptor = open(path, O_WRONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw WriteError(target: path, errno: errno) }
    defer { close(descriptor) }
    try all(data, to: descriptor, target: path)
  }
}

/// Writing standard error without ever trapping (Foundation's `FileHandle.write(_:)` traps
/// when the write fails): a message that cannot be shown is dropped, as there is nowhere
/// left to report it.
public enum StandardError {
  public static func write(_ text: String) {
    _ = try? CheckedWrite.all(Array(text.utf8), to: 2, target: "standard error")
  }
}

/// A file written through a buffer, every write checked: created (or emptied) on open; bytes
/// reach the file when the buffer fills, on ``flush()`` and on ``close(synchronize:)``.
public final class CheckedFile {
  /// The path, named in errors.
  public let path: String
  private var descriptor: Int32
  private var buffer: [UInt8] = []
  private static let capacity = 1 << 16

  /// Creates or empties the file at `path`.
  public init(path: String) throws {
    self.path = path
    descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw WriteError(target: path, errno: errno) }
    buffer.reserveCapacity(Self.capacity)
  }

  deinit {
    if descriptor >= 0 { _ = closeDescriptor(descriptor) }
  }

  /// Appends `text`.
  public func append(_ text: String) throws {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= Self.capacity { try flush() }
  }

  /// Appends `text` and a newline.
  public func appendLine(_ text: String) throws {
    buffer.append(contentsOf: text.utf8)
    buffer.append(UInt8(ascii: "\n"))
    if buffer.count >= Self.capacity { try flush() }
  }

  /// Appends raw bytes.
  public func append(bytes: [UInt8]) throws {
    try flush()
    try CheckedWrite.all(bytes, to: descriptor, target: path)
  }

  /// Writes the buffered bytes.
  public func flush() throws {
    guard !buffer.isEmpty else { return }
    guard descriptor >= 0 else { throw WriteError(target: path, reason: "the file is already closed") }
    defer { buffer.removeAll(keepingCapacity: true) }
    try CheckedWrite.all(buffer, to: descriptor, target: path)
  }

  /// Flushes, optionally syncs to the disk, and closes; a failure of any step is thrown.
  public func close(synchronize: Bool = false) throws {
    guard descriptor >= 0 else { return }
    let fd = descriptor
    defer { descriptor = -1 }
    do {
      try flush()
      if synchronize && fsync(fd) != 0 && errno != EINVAL && errno != EROFS {
        throw WriteError(target: path, errno: errno)
      }
    } catch {
      _ = closeDescriptor(fd)
      throw error
    }
    if closeDescriptor(fd) != 0 && errno != EINTR { throw WriteError(target: path, errno: errno) }
  }
}

/// `close(2)`, under a name the types with a `close` method can call.
private func closeDescriptor(_ descriptor: Int32) -> Int32 { close(descriptor) }
