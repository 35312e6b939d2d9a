import Foundation
import XCTest

/// Output that cannot be written is an error: a non-zero exit below 128 (no crash) whose
/// message names the file or standard output (issue 11, defect 1).
final class OutputFailureCLITests: CLITestCase {
  /// Runs `boca` with standard output going to the file at `path` (e.g. `/dev/full`).
  func boca(_ arguments: [String], stdoutTo path: String) throws -> Result {
    let process = Process()
    process.executableURL = Self.executable
    process.arguments = arguments
    process.currentDirectoryURL = Self.root
    guard let out = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteUnknown) }
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try out.close()
    return Result(status: process.terminationStatus, stdout: "", stderr: String(decoding: e, as: UTF8.self))
  }

  /// A device that refuses every write with ENOSPC, as `/dev/full` does: a copy made with
  /// mknod in the scratch folder when we may (so that a build that renames a temporary file
  /// over its target replaces the copy, never the machine's `/dev/full`), else `/dev/full`
  /// itself when we are not root (then nothing can replace it).
  func fullDevice() throws -> String {
    let path = scratch.appendingPathComponent("full").path
    let mknod = Process()
    mknod.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    mknod.arguments = ["mknod", "-m", "666", path, "c", "1", "7"]
    mknod.standardError = FileHandle.nullDevice
    try mknod.run()
    mknod.waitUntilExit()
    if mknod.terminationStatus == 0 { return path }
    if geteuid() != 0 { return "/dev/full" }
    throw XCTSkip("cannot make a copy of /dev/full (mknod failed) and will not risk the real one as root")
  }

  func isCharacterDevice(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR
  }

  func assertRefused(
    _ r: Result, naming name: String, _ what: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertNotEqual(r.status, 0, "\(what) reported success", file: file, line: line)
    XCTAssertLessThan(r.status, 128, "\(what) crashed: \(r.stderr)", file: file, line: line)
    XCTAssertTrue(
      r.stderr.contains(name), "\(what): the error does not name \(name): \(r.stderr)", file: file, line: line)
  }

  func edges() throws -> String {
    let path = scratch.appendingPathComponent("g.edges").path
    let r = try boca(["graph", "generate", "--gen", "ba:300:2", "--seed", "1", "--out", path])
    XCTAssertEqual(r.status, 0, r.stderr)
    return path
  }

  /// Every command that prints fails when standard output cannot be written (main: simulate,
  /// stats and validate exited 0 having written nothing, seeds trapped with exit 132).
  func testEveryCommandFailsWhenStandardOutputCannotBeWritten() throws {
    let g = try edges()
    let scenario = try write(
      """
      name: out
      replicates: 5
      graph: {load: {edges: \(g)}}
      model: {name: ic, p: 0.1}
      """, "out.yaml")
    let commands: [[String]] = [
      ["simulate", "--model", "ic", "--edges", g, "--p", "0.1", "--seed-nodes", "0", "--replicates", "10"],
      ["seeds", "--policy", "degree", "--k", "5", "--edges", g],
      ["graph", "stats", g],
      ["validate", scenario],
      ["run", scenario, "--out", scratch.appendingPathComponent("run").path, "--quiet"],
      ["--help"],
    ]
    for command in commands {
      let r = try boca(command, stdoutTo: "/dev/full")
      assertRefused(r, naming: "standard output", command.prefix(2).joined(separator: " "))
    }
  }

  /// `graph generate --out` and `simulate --spreads` onto a device write into it: the failure
  /// is an error naming the path, and the device is still a device (main renamed a temporary
  /// file over it and reported success).
  func testWritingAFileOntoAFullDeviceIsAnError() throws {
    let device = try fullDevice()
    let g = try edges()
    let generate = try boca(["graph", "generate", "--gen", "ba:300:2", "--seed", "1", "--out", device])
    assertRefused(generate, naming: device, "graph generate --out \(device)")
    XCTAssertTrue(isCharacterDevice(device), "\(device) was replaced by a regular file")
    let spreads = try boca([
      "simulate", "--model", "ic", "--edges", g, "--p", "0.1", "--seed-nodes", "0", "--replicates", "10",
      "--spreads", device,
    ])
    assertRefused(spreads, naming: device, "simulate --spreads \(device)")
    XCTAssertTrue(isCharacterDevice(device), "\(device) was replaced by a regular file")
  }
}
