import BocaResults
import Foundation

/// Standard output, owned in one place: every command writes through it. Text is buffered,
/// every `write(2)` is checked, and ``flush()`` — called by ``Boca/main()`` before a successful
/// exit — throws a ``WriteError`` naming standard output (and the file it goes to) when the
/// output could not be written, so that a full disk or `/dev/full` is a failure, not a
/// silent loss. (Swift's `print` ignores write errors; Foundation's `FileHandle.write(_:)` traps.)
final class StandardOutput: @unchecked Sendable {
  static let shared = StandardOutput()

  private let lock = NSLock()
  private var buffer: [UInt8] = []
  private static let capacity = 1 << 16

  /// Writes `text` as it is.
  static func write(_ text: String) throws { try shared.append(text) }

  /// Writes `text` and a newline.
  static func line(_ text: String = "") throws { try shared.append(text + "\n") }

  /// Writes what is buffered, and checks that a regular file took it (fsync).
  static func flush() throws { try shared.drain(synchronize: true) }

  private func append(_ text: String) throws {
    let full = lock.withLock { () -> Bool in
      buffer.append(contentsOf: text.utf8)
      return buffer.count >= Self.capacity
    }
    if full { try drain(synchronize: false) }
  }

  private func drain(synchronize: Bool) throws {
    try lock.withLock {
      defer { buffer.removeAll(keepingCapacity: true) }
      try CheckedWrite.all(buffer, to: STDOUT_FILENO, target: Self.target)
      guard synchronize else { return }
      var info = stat()
      if fstat(STDOUT_FILENO, &info) == 0, info.st_mode & S_IFMT == S_IFREG, fsync(STDOUT_FILENO) != 0,
        errno != EINVAL && errno != EROFS
      {
        throw WriteError(target: Self.target, errno: errno)
      }
    }
  }

  /// `standard output`, with the file it goes to when that is a path (Linux).
  static var target: String {
    if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/1"),
      path.hasPrefix("/")
    {
      return "standard output (\(path))"
    }
    return "standard output"
  }
}
