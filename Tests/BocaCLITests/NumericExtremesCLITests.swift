import Foundation
import XCTest

/// Extreme numbers in any numeric field of a scenario are refused by `validate` with a located
/// error, or `run` succeeds: no conversion traps (issue 11, item 2).
final class NumericExtremesCLITests: CLITestCase {
  static let extremes = [
    "0", "-0.0", ".inf", "-.inf", ".nan", "1e308", "-1e308", "1e-308", "9223372036854775807", "9223372036854775808",
    "18446744073709551616", "1e19", "-5", "99999999999999999999999",
  ]

  /// Runs `boca` with a time limit; `nil` status when it had to be stopped.
  func boca(_ arguments: [String], seconds: Double) throws -> (status: Int32?, stderr: String) {
    let process = Process()
    process.executableURL = Self.executable
    process.arguments = arguments
    let err = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = err
    try process.run()
    let done = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in done.signal() }
    let text = err.fileHandleForReading.readDataToEndOfFile()
    if done.wait(timeout: .now() + seconds) == .timedOut {
      process.terminate()
      process.waitUntilExit()
      return (nil, String(decoding: text, as: UTF8.self))
    }
    process.waitUntilExit()
    let trapped = process.terminationReason == .uncaughtSignal
    return (trapped ? -process.terminationStatus : process.terminationStatus, String(decoding: text, as: UTF8.self))
  }

  /// Checks one scenario text: refused with a located error, or run to the end.
  func check(_ text: String, _ what: String) throws {
    let path = try write(text, "t.yaml")
    let v = try boca(["validate", path], seconds: 60)
    let status = try XCTUnwrap(v.status, "\(what): validate still running")
    XCTAssertGreaterThanOrEqual(status, 0, "\(what): validate killed by signal \(-status): \(v.stderr.suffix(300))")
    XCTAssertLessThan(status, 128, "\(what): validate: \(v.stderr.suffix(300))")
    XCTAssertFalse(v.stderr.contains("Fatal error"), "\(what): \(v.stderr.suffix(300))")
    if status != 0 {
      // Errors about the file itself name its line and column.
      if !v.stderr.contains("found on the scenario's graph") {
        XCTAssertNotNil(v.stderr.range(of: #"t\.yaml:\d+:\d+: "#, options: .regularExpression), "\(what): \(v.stderr)")
      }
      return
    }
    let r = try boca(["run", path, "--out", scratch.appendingPathComponent("out").path, "--force"], seconds: 60)
    XCTAssertEqual(r.status, 0, "\(what): validate said ok, run: \(r.stderr.suffix(300))")
  }

  func testExtremeNumbersInEveryFieldAreRefusedAtTheirLineOrRun() throws {
    let sample = try String(
      contentsOf: Self.fixtures.appendingPathComponent("numeric/every-number.yaml"), encoding: .utf8)
    let numbers = try NSRegularExpression(pattern: #"(?<=[\s\[:,])-?\d+(\.\d+)?(?=[\s,\]}])"#)
      .matches(in: sample, range: NSRange(sample.startIndex..., in: sample))
      .compactMap { Range($0.range, in: sample) }
    XCTAssertGreaterThan(numbers.count, 30)
    // Three values per field, rotating through the list so that every value meets many fields.
    for (i, range) in numbers.enumerated() {
      let line = sample[..<range.lowerBound].filter { $0 == "\n" }.count + 1
      for value in (0..<3).map({ Self.extremes[(3 * i + $0) % Self.extremes.count] }) {
        var text = sample
        text.replaceSubrange(range, with: value)
        try check(text, "line \(line): \(sample[range]) → \(value)")
      }
    }
  }

  func testSeedBudgetsBeyondAnyIntegerAreRefusedOrRun() throws {
    let sample = try String(
      contentsOf: Self.fixtures.appendingPathComponent("numeric/every-number.yaml"), encoding: .utf8)
    for (budget, cost) in [("1e19", "1"), ("1e308", "1e-308"), ("1.7976931348623157e308", "5e-324"), ("1e300", "2")] {
      let text = sample.replacingOccurrences(
        of: "budget: 10, cost_per_seed: 2", with: "budget: \(budget), cost_per_seed: \(cost)")
      XCTAssertNotEqual(text, sample)
      try check(text, "budget \(budget), cost \(cost)")
      // Beyond any count of nodes: refused at the budget itself.
      let v = try boca(["validate", try write(text, "t.yaml")], seconds: 60)
      XCTAssertEqual(v.status, 1, "budget \(budget), cost \(cost)")
      XCTAssertNotNil(
        v.stderr.range(of: #"t\.yaml:\d+:\d+: arms\.drip\[0\]\.seed\.budget: "#, options: .regularExpression), v.stderr)
    }
  }

  func testExtremeCommandLineNumbersAreRefusedOrRun() throws {
    let edges = scratch.appendingPathComponent("g.edges").path
    XCTAssertEqual(
      try boca(["graph", "generate", "--gen", "ba:200:2", "--seed", "1", "--out", edges], seconds: 60).status, 0)
    let tiny = ["1e-300", "5e-324", "1e-308"]
    var cases: [[String]] = []
    for e in tiny + ["0.0005", "1", "1e308"] {
      cases.append(["seeds", "--policy", "imm", "--k", "3", "--edges", edges, "--p", "0.1", "--epsilon", e])
    }
    for x in tiny + ["1e308", "0"] {
      let sir = ["simulate", "--model", "sir", "--edges", edges, "--seed-nodes", "0", "--replicates", "3"]
      cases.append(sir + ["--param", "beta=0.1", "--param", "gamma=\(x)"])
      cases.append(sir + ["--param", "beta=\(x)", "--param", "gamma=\(x)", "--steps", "40"])
      cases.append(sir + ["--param", "tau=1", "--param", "gamma=\(x)", "--time", "continuous"])
    }
    for steps in ["9223372036854775807", "9223372036854775808", "-1"] {
      cases.append(["simulate", "--model", "ic", "--edges", edges, "--p", "0.1", "--seed-nodes", "0", "--steps", steps])
    }
    for id in ["18446744073709551615", "9223372036854775808"] {
      cases.append(["simulate", "--model", "ic", "--edges", edges, "--p", "0.1", "--seed-nodes", id])
    }
    for arguments in cases {
      let r = try boca(arguments, seconds: 60)
      let status = try XCTUnwrap(r.status, "\(arguments): still running")
      XCTAssertTrue((0..<128).contains(status), "\(arguments): exit \(status): \(r.stderr.suffix(300))")
      XCTAssertFalse(r.stderr.contains("Fatal error"), "\(arguments): \(r.stderr.suffix(300))")
    }
  }
}
