import BocaRunner
import Foundation
import XCTest

/// `manifest.json`'s `git_commit` is the commit of the tool's own source tree (or absent), never
/// that of the repository the user happens to run it from.
final class ManifestCommitCLITests: CLITestCase {
  /// Runs `git` in `directory`; its trimmed output, or nil on failure.
  @discardableResult
  func git(_ arguments: [String], in directory: URL) throws -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"] + arguments
    process.currentDirectoryURL = directory
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func testTheRecordedCommitIsTheToolsNotTheWorkingDirectorysRepository() throws {
    let repo = scratch.appendingPathComponent("someone-elses-repo")
    try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
    guard try git(["init", "-q"], in: repo) != nil else { throw XCTSkip("no git") }
    let scenario = """
      name: commit
      seed: 2
      replicates: 5
      graph:
        sides: {a: {count: 50}}
        layers: {l: {generate: {er: {p: 0.05}}}}
      model: {name: ic, p: 0.1}
      seeds: {policy: random, k: 1}
      """
    try scenario.write(to: repo.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
    try git(["add", "s.yaml"], in: repo)
    try git(["commit", "-q", "-m", "user's work"], in: repo)
    let userCommit = try XCTUnwrap(try git(["rev-parse", "HEAD"], in: repo))

    let r = try boca(["run", "s.yaml", "--out", "out", "--quiet"], in: repo)
    XCTAssertEqual(r.status, 0, r.stderr)
    let data = try Data(contentsOf: repo.appendingPathComponent("out/manifest.json"))
    let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    XCTAssertEqual(manifest["tool_version"] as? String, ToolBuild.version)
    if let recorded = manifest["git_commit"] as? String {
      XCTAssertFalse(recorded.hasPrefix(userCommit), "git_commit is the working directory's repository's HEAD")
      // When recorded, it is the commit of the tree the tool was built from (maybe marked dirty).
      let toolCommit = try XCTUnwrap(try git(["rev-parse", "HEAD"], in: Self.root))
      XCTAssertTrue(recorded == toolCommit || recorded == toolCommit + "-dirty", "\(recorded) vs \(toolCommit)")
    }
  }
}
