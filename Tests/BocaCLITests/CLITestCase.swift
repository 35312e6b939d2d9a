import Foundation
import XCTest

/// Runs the built `boca` executable as a user would, and captures its output.
class CLITestCase: XCTestCase {
  struct Result {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let fixtures = root.appendingPathComponent("Tests/Fixtures")

  /// The `boca` binary next to the test bundle (SwiftPM builds both into one folder), or the
  /// one `BOCA_TEST_EXECUTABLE` names (to run the tests against another build, e.g. main's).
  static var executable: URL {
    if let path = ProcessInfo.processInfo.environment["BOCA_TEST_EXECUTABLE"], !path.isEmpty {
      return URL(fileURLWithPath: path)
    }
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [bundle, Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()] {
      let url = candidate.appendingPathComponent("boca")
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return root.appendingPathComponent(".build/debug/boca")
  }

  var scratch: URL!

  override func setUpWithError() throws {
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent("boca-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: scratch)
  }

  @discardableResult
  func boca(_ arguments: [String], in directory: URL? = nil) throws -> Result {
    try run(Self.executable, arguments, in: directory)
  }

  /// Runs `executable` with `arguments` (from the package root by default) to its end, with
  /// `environment` added to this process's.
  func run(
    _ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
  ) throws -> Result {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    process.currentDirectoryURL = directory ?? Self.root
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
      stderr: String(decoding: e, as: UTF8.self))
  }

  func write(_ text: String, _ name: String) throws -> String {
    let url = scratch.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  /// The CSV row printed by `boca simulate`, by column.
  func simulateRow(_ stdout: String) -> [String: String] {
    let lines = stdout.split(separator: "\n").map(String.init)
    guard lines.count >= 2 else { return [:] }
    let header = lines[lines.count - 2].split(separator: ",").map(String.init)
    let row = lines[lines.count - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    return Dictionary(uniqueKeysWithValues: zip(header, row))
  }
}
