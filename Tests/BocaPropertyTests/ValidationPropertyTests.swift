import XCTest

/// `boca validate` exists so that a scenario that will not run is refused before any time is
/// spent on it, and a scenario it passes runs (scenarios/README.md: "validate … reports every
/// problem at once"; issue 10, item 10). Validate is the `boca validate FILE` command with its
/// default flags (``BocaCommand``); run is ``SweepRun``, the library behind `boca run`.
final class ValidationPropertyTests: XCTestCase {
  /// An error on one line, without the "N problems in the scenario" preamble, so that the
  /// failure's kind is the problem itself.
  static func oneLine(_ error: String) -> String {
    error.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.hasSuffix("in the scenario:") }.joined(separator: " ")
  }

  /// validate accepts exactly what run accepts, on scenarios with the mistakes users make (a
  /// column on some sides only, seed ids not in the graph, per-layer keys naming no layer, k
  /// above the nodes available, unknown sides…) mixed into valid ones.
  func testValidateAcceptsExactlyWhatRunAccepts() {
    PropertyCheck.check("testValidateAcceptsExactlyWhatRunAccepts", profiles: [.anything], salt: 9) { s in
      let validate = BocaCommand.validate(s).map(Self.oneLine)
      let run = PlanExecution.runFully(s).map(Self.oneLine)
      switch (validate, run) {
      case (nil, let error?): return .fail("validate accepts, run refuses: \(error)")
      case (let error?, nil): return .fail("validate refuses, run accepts: \(error)")
      default: return .pass
      }
    }
  }

  /// Scenarios built only from what scenarios/README.md and docs/wom.md document as valid (every
  /// model, mechanism and action, on random sides and layers) pass validate and run. A refusal
  /// is a documented feature the code does not accept (or a generator that misreads the docs:
  /// the message says which key).
  func testDocumentedScenariosAreAccepted() {
    PropertyCheck.check(
      "testDocumentedScenariosAreAccepted", profiles: [.wellFormed, .campaign], salt: 10, scale: 0.5
    ) { s in
      if let error = BocaCommand.validate(s) { return .fail("validate refuses: \(Self.oneLine(error))") }
      if let error = PlanExecution.runFully(s) { return .fail("run refuses: \(Self.oneLine(error))") }
      return .pass
    }
  }
}
