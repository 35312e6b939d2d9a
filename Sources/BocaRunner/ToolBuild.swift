import Foundation

/// The tool's own identity for manifests: its version and the commit of the source tree it was
/// built from.
///
/// SwiftPM has no build-time stamp without plugins, so the commit is resolved when first asked
/// for, from the source tree this file was compiled from (`#filePath`), never from the working
/// directory. It is recorded only when it can be trusted: that tree still exists, its git
/// top-level is the package root, and its HEAD did not move after the executable was built (the
/// reflog time of HEAD, or its commit time without a reflog, is not later than the executable's
/// modification time). `-dirty` is appended when tracked files differ from HEAD. Otherwise the
/// commit is left out rather than recorded wrong.
public enum ToolBuild {
  /// Boca's version.
  public static let version = "0.2.0"

  /// The package root this file was compiled in (`Sources/BocaRunner/ToolBuild.swift`).
  static let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The commit of the tool's source tree, or nil when it cannot be known (see the type's notes).
  public static let commit: String? = resolveCommit(sourceRoot: sourceRoot, builtAt: executableDate())

  /// The modification time of the running executable.
  static func executableDate() -> Date? {
    guard let path = Bundle.main.executablePath else { return nil }
    return (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
  }

  /// The commit of the git checkout whose top-level is `sourceRoot`, as it was when an executable
  /// modified at `builtAt` was built; nil when unknown.
  static func resolveCommit(sourceRoot: URL, builtAt: Date?) -> String? {
    let root = sourceRoot.resolvingSymlinksInPath().standardizedFileURL.path
    guard let builtAt, FileManager.default.fileExists(atPath: root + "/Package.swift"),
      let top = git(["rev-parse", "--show-toplevel"], in: root),
      URL(fileURLWithPath: top).resolvingSymlinksInPath().standardizedFileURL.path == root,
      let head = git(["rev-parse", "HEAD"], in: root), !head.isEmpty,
      let moved =
        (git(["log", "-g", "-1", "--format=%ct", "HEAD"], in: root)
        ?? git(["log", "-1", "--format=%ct", "HEAD"], in: root)).flatMap({ TimeInterval($0) }),
      moved <= builtAt.timeIntervalSince1970
    else { return nil }
    guard let status = git(["--no-optional-locks", "status", "--porcelain", "--untracked-files=no"], in: root) else {
      return nil
    }
    return status.isEmpty ? head : head + "-dirty"
  }

  /// `git -C directory arguments…`: its trimmed output, or nil when git is missing or fails.
  static func git(_ arguments: [String], in directory: String) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", directory] + arguments
    var environment = ProcessInfo.processInfo.environment
    for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] { environment[key] = nil }
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
