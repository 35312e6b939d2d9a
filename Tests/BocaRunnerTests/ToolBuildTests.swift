import Foundation
import XCTest

@testable import BocaRunner

/// The tool's commit is resolved from its own source tree and only when it can be trusted.
final class ToolBuildTests: XCTestCase {
  var scratch: URL!

  override func setUpWithError() throws {
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent("boca-build-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

  func git(_ arguments: [String], in dir: URL) -> String? {
    ToolBuild.git(["-c", "user.name=t", "-c", "user.email=t@example.org"] + arguments, in: dir.path)
  }

  /// A git checkout holding a Package.swift, committed; its HEAD.
  func makeCheckout(_ dir: URL) throws -> String {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    guard git(["init", "-q"], in: dir) != nil else { throw XCTSkip("no git") }
    try "// package".write(to: dir.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
    _ = git(["add", "Package.swift"], in: dir)
    _ = git(["commit", "-q", "-m", "one"], in: dir)
    return try XCTUnwrap(git(["rev-parse", "HEAD"], in: dir))
  }

  func testTheCommitOfAFreshBuildIsRecordedAndMarkedDirty() throws {
    let root = scratch.appendingPathComponent("tool")
    let head = try makeCheckout(root)
    let later = Date().addingTimeInterval(60)
    XCTAssertEqual(ToolBuild.resolveCommit(sourceRoot: root, builtAt: later), head)
    try "// changed".write(to: root.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
    XCTAssertEqual(ToolBuild.resolveCommit(sourceRoot: root, builtAt: later), head + "-dirty")
  }

  /// HEAD moved after the executable was built: the executable's commit is unknown, so none.
  func testAnExecutableOlderThanHEADRecordsNoCommit() throws {
    let root = scratch.appendingPathComponent("tool")
    _ = try makeCheckout(root)
    XCTAssertNil(ToolBuild.resolveCommit(sourceRoot: root, builtAt: Date().addingTimeInterval(-3600)))
    XCTAssertNil(ToolBuild.resolveCommit(sourceRoot: root, builtAt: nil))
  }

  /// Sources inside someone else's repository (not its top level), or gone: no commit.
  func testSourcesThatAreNotTheirOwnCheckoutRecordNoCommit() throws {
    let outer = scratch.appendingPathComponent("outer")
    _ = try makeCheckout(outer)
    let inner = outer.appendingPathComponent("vendored/boca")
    try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
    try "// package".write(to: inner.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
    XCTAssertNil(ToolBuild.resolveCommit(sourceRoot: inner, builtAt: Date().addingTimeInterval(60)))
    XCTAssertNil(ToolBuild.resolveCommit(sourceRoot: scratch.appendingPathComponent("gone"), builtAt: Date()))
  }
}
