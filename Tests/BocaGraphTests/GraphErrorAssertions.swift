import XCTest

@testable import BocaGraph

/// Asserts that `expression` throws ``GraphError/invalidParameter(_:)`` whose message contains
/// `saying` (the generator and the parameter, e.g. `erdosRenyi: expected p`).
func XCTAssertInvalidGraphParameter<T>(
  _ expression: @autoclosure () throws -> T, saying: String, file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssertThrowsError(try expression(), file: file, line: line) { error in
    guard case .invalidParameter(let message)? = error as? GraphError else {
      return XCTFail("expected GraphError.invalidParameter, found \(type(of: error)): \(error)", file: file, line: line)
    }
    XCTAssertTrue(message.contains(saying), "expected '\(saying)' in: \(message)", file: file, line: line)
  }
}
