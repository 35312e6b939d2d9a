import XCTest

@testable import BocaScenario

/// Asserts that `error` is a ``ScenarioError`` with a diagnostic at `keyPath` (on `line` of the
/// file, when given): the error names the key and the place it was written.
func XCTAssertDiagnostic(
  _ error: Error, at keyPath: String, line: Int? = nil, file: StaticString = #filePath, sourceLine: UInt = #line
) {
  guard let scenarioError = error as? ScenarioError else {
    return XCTFail("expected a ScenarioError, found \(type(of: error)): \(error)", file: file, line: sourceLine)
  }
  guard let d = scenarioError.diagnostics.first(where: { $0.keyPath == keyPath }) else {
    return XCTFail(
      "no diagnostic at \(keyPath); found \(scenarioError.diagnostics.map(\.keyPath))", file: file, line: sourceLine)
  }
  if let line { XCTAssertEqual(d.line, line, "\(error)", file: file, line: sourceLine) }
}
