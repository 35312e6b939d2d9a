import Foundation

/// A file-system operation that failed, in plain words — `cannot create folder /x: permission
/// denied` — instead of Foundation's `NSCocoaErrorDomain Code=513` dump. The one place where
/// Foundation's Cocoa and POSIX file errors are read (``Reason/init(_:)``); `boca` shows any such
/// error that reaches it this way.
public struct FileSystemError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What was being done.
  public enum Operation: String, Sendable {
    case createFolder = "create folder"
    case write
    case read
  }

  /// Why the system refused, as the user can act on it.
  public enum Reason: Equatable, Sendable {
    case noSuchFile
    case permissionDenied
    case readOnlyFileSystem
    case notAFolder
    case isAFolder
    case alreadyExists
    case noSpace
    case nameTooLong
    /// Anything else, in the system's words.
    case other(String)

    /// The reason for `errno` value `code`.
    public init(errno code: Int32) {
      switch code {
      case ENOENT: self = .noSuchFile
      case EACCES, EPERM: self = .permissionDenied
      case EROFS: self = .readOnlyFileSystem
      case ENOTDIR: self = .notAFolder
      case EISDIR: self = .isAFolder
      case EEXIST: self = .alreadyExists
      case ENOSPC: self = .noSpace
      case ENAMETOOLONG: self = .nameTooLong
      default: self = .other(String(cString: strerror(code)).lowercased())
      }
    }

    /// The reason in a Foundation error: its POSIX code (its own, or the one it wraps), else its
    /// Cocoa file-error code, else its failure reason.
    public init(_ error: Error) {
      let ns = error as NSError
      if ns.domain == NSPOSIXErrorDomain {
        self.init(errno: Int32(truncatingIfNeeded: ns.code))
        return
      }
      if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        self.init(errno: Int32(truncatingIfNeeded: underlying.code))
        return
      }
      switch ns.code {
      case NSFileNoSuchFileError, NSFileReadNoSuchFileError: self = .noSuchFile
      case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: self = .permissionDenied
      case NSFileWriteVolumeReadOnlyError: self = .readOnlyFileSystem
      case NSFileWriteFileExistsError: self = .alreadyExists
      case NSFileWriteOutOfSpaceError: self = .noSpace
      case NSFileReadInvalidFileNameError, NSFileWriteInvalidFileNameError: self = .other("an invalid file name")
      default: self = .other(ns.localizedFailureReason ?? ns.localizedDescription)
      }
    }

    public var words: String {
      switch self {
      case .noSuchFile: return "no such file or folder"
      case .permissionDenied: return "permission denied"
      case .readOnlyFileSystem: return "a read-only file system"
      case .notAFolder: return "a path through something that is not a folder"
      case .isAFolder: return "a folder, not a file"
      case .alreadyExists: return "a file of that name exists"
      case .noSpace: return "no space left on the device"
      case .nameTooLong: return "a file name that is too long"
      case .other(let text): return text
      }
    }
  }

  public var operation: Operation
  public var path: String
  public var reason: Reason

  public init(_ operation: Operation, path: String, reason: Reason) {
    self.operation = operation
    self.path = path
    self.reason = reason
  }

  /// `error` (from Foundation) while doing `operation` on `path`.
  public init(_ operation: Operation, path: String, error: Error) {
    self.init(operation, path: path, reason: Reason(error))
  }

  public var description: String { "cannot \(operation.rawValue) \(path): \(reason.words)" }

  /// Creates `url` and its missing parents.
  ///
  /// - Throws: ``FileSystemError`` (`createFolder`) naming the folder that could not be made
  ///   (`url` or the first missing parent that failed).
  public static func createFolder(_ url: URL) throws {
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      var failure = FileSystemError(
        .createFolder, path: ((error as NSError).userInfo[NSFilePathErrorKey] as? String) ?? url.path, error: error)
      // Foundation reports a file in the way as an unknown write error (Cocoa 512, no errno).
      if case .other = failure.reason, hasFileOnPath(url) {
        failure = FileSystemError(.createFolder, path: url.path, reason: .notAFolder)
      }
      throw failure
    }
  }

  /// Whether `url` or one of its parents is something other than a folder.
  static func hasFileOnPath(_ url: URL) -> Bool {
    var probe = url.standardizedFileURL
    while probe.path != "/" && !probe.path.isEmpty {
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: probe.path, isDirectory: &isFolder) { return !isFolder.boolValue }
      probe = probe.deletingLastPathComponent()
    }
    return false
  }
}
