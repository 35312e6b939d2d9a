import Foundation
import XCTest

/// The bounded CI part of the fuzzing harness (docs/fuzzing.md): the regression corpus under
/// Tests/Fixtures/fuzz, then a fixed number of fresh mutants from a fixed seed, both run by
/// scripts/fuzz/main.py against the boca built with the tests, under its time and memory limits.
/// `BOCA_FUZZ_SCENARIOS`, `BOCA_FUZZ_TABLES` and `BOCA_FUZZ_CLI` change the fresh counts.
final class FuzzCLITests: CLITestCase {
  struct Failure: Decodable {
    let part: String
    let `class`: String
    let detail: String
    let message: String
    /// The corpus case, or how to draw the mutant again (`--seed S --pick part:index`).
    let `where`: String
  }

  struct Report: Decodable {
    let counts: [String: [String: Int]]
    let failures: [Failure]
  }

  /// Every corpus case ends ok or with a located refusal: no signal, timeout, over-memory or
  /// validate/run disagreement. The cases were saved because they failed when they were found.
  func testCorpusCasesEndOkOrWithALocatedRefusal() throws {
    let report = try fuzz(["--replay", "Tests/Fixtures/fuzz"])
    XCTAssertGreaterThan(report.counts.values.reduce(0) { $0 + ($1["inputs"] ?? 0) }, 0, "no corpus case ran")
    for failure in report.failures { XCTFail("\(failure.where): \(failure.class): \(failure.message)") }
  }

  /// Fresh mutants from seed 1: no signal, no timeout, no over-memory; what the checking command
  /// (validate, graph stats) accepts the next one runs, but for at most 1% that fail with a
  /// located error. A timeout on an input that asks for a lot of work is "slow" and allowed.
  func testFreshMutantsNeitherCrashNorHangNorDisagree() throws {
    let environment = ProcessInfo.processInfo.environment
    let counts = [
      "--scenarios": environment["BOCA_FUZZ_SCENARIOS"] ?? "600",
      "--tables": environment["BOCA_FUZZ_TABLES"] ?? "300",
      "--cli": environment["BOCA_FUZZ_CLI"] ?? "100",
    ]
    let report = try fuzz(counts.flatMap { [$0.key, $0.value] } + ["--seed", "1"])
    for failure in report.failures {
      switch failure.class {
      case "signal", "timeout", "over-memory":
        XCTFail("\(failure.part) \(failure.where): \(failure.class): \(failure.message)")
      case "disagreement" where failure.detail != "located":
        XCTFail("\(failure.part) \(failure.where): accepted, then refused without a location: \(failure.message)")
      default: break
      }
    }
    for (part, count) in report.counts {
      let disagreements = count["disagreement"] ?? 0
      XCTAssertLessThanOrEqual(
        Double(disagreements), 0.01 * Double(max(1, count["accepted"] ?? 0)),
        "\(part): \(disagreements) of \(count["accepted"] ?? 0) accepted inputs then refused")
    }
  }

  struct HarnessFailed: Error, CustomStringConvertible {
    let status: Int32
    let stderr: String
    var description: String { "scripts/fuzz/main.py exited \(status): \(stderr)" }
  }

  /// Runs the harness with a JSON report and returns the report.
  private func fuzz(_ arguments: [String]) throws -> Report {
    guard (try? python(["-c", "import yaml"]).status) == 0
    else { throw XCTSkip("the fuzzing harness needs python3 with PyYAML (scripts/setup.sh installs it)") }
    let reportURL = scratch.appendingPathComponent("report.json")
    let run = try python(
      ["scripts/fuzz/main.py", "--binary", Self.executable.path, "--report", reportURL.path, "--timeout", "30"]
        + arguments)
    guard run.status == 0 else { throw HarnessFailed(status: run.status, stderr: String(run.stderr.suffix(2000))) }
    return try JSONDecoder().decode(Report.self, from: Data(contentsOf: reportURL))
  }

  private func python(_ arguments: [String]) throws -> Result {
    try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments)
  }

}
