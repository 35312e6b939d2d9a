import Foundation

/// The built `boca` executable, run as a user runs it (for `boca validate`, whose checks live in
/// the command: the property holds the command to what `run` does, whatever its flags default to).
enum BocaCommand {
  /// The binary next to the test bundle (SwiftPM builds both into one folder).
  static var executable: URL {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [bundle, Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()] {
      let url = candidate.appendingPathComponent("boca")
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/boca")
  }

  /// Runs `boca ARGUMENTS`; returns the exit status and standard error.
  static func run(_ arguments: [String]) -> (status: Int32, stderr: String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    let err = Pipe()
    process.standardError = err
    do { try process.run() } catch { return (-1, "cannot run \(executable.path): \(error)") }
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: e, as: UTF8.self))
  }

  /// `boca validate` on the scenario (written to a scratch file): nil when it passes, else its
  /// message.
  static func validate(_ s: GeneratedScenario) -> String? {
    let dir = PlanExecution.scratchDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("case-\(s.caseSeed).yaml")
    do {
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      try s.yaml.write(to: file, atomically: true, encoding: .utf8)
    } catch {
      return "cannot write the scenario: \(error)"
    }
    let result = run(["validate", file.path])
    return result.status == 0
      ? nil
      : result.stderr.replacingOccurrences(of: dir.path + "/", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
