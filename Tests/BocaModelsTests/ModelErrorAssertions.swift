import XCTest

@testable import BocaModels

/// Asserts that `expression` throws ``ModelError/invalidParameter(model:key:expected:found:)`` at
/// `key` (and of `model`, when given): the error names the parameter that is wrong. With
/// `saying`, its message contains that text too.
func XCTAssertInvalidParameter<T>(
  _ expression: @autoclosure () throws -> T, model: String? = nil, key: String, saying: String? = nil,
  _ message: String = "", file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssertThrowsError(try expression(), message, file: file, line: line) { error in
    guard case .invalidParameter(let m, let k, _, _)? = error as? ModelError else {
      return XCTFail(
        "expected ModelError.invalidParameter at \(key), found \(type(of: error)): \(error) \(message)", file: file,
        line: line)
    }
    XCTAssertEqual(k, key, "\(error) \(message)", file: file, line: line)
    if let model { XCTAssertEqual(m, model, "\(error) \(message)", file: file, line: line) }
    if let saying { XCTAssertTrue("\(error)".contains(saying), "\(error) \(message)", file: file, line: line) }
  }
}
