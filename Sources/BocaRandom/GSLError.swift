@preconcurrency import CGSL

/// A GSL status code turned into a Swift error, with what Boca was doing when it came back.
public struct GSLError: Error, CustomStringConvertible, Sendable {
  /// The GSL status code (`GSL_EDOM`, `GSL_ENOMEM`, …).
  public let status: Int32
  /// What was being done.
  public let context: String

  public init(status: Int32, context: String) {
    self.status = status
    self.context = context
  }

  public var description: String {
    let reason = gsl_strerror(status).map { String(cString: $0) } ?? "status \(status)"
    return "GSL error in \(context): \(reason)"
  }

  /// Throws a `GSLError` when `status` is not `GSL_SUCCESS`.
  public static func check(_ status: Int32, _ context: @autoclosure () -> String) throws {
    if status != Int32(GSL_SUCCESS) { throw GSLError(status: status, context: context()) }
  }
}

/// Process-wide GSL set-up.
public enum GSL {
  /// Switches GSL's default error handler off (it aborts the process); done once, before the
  /// first generator is made. Idempotent and thread-safe (the C call only stores a pointer).
  public static func switchErrorHandlerOff() { _ = once }

  private static let once: Void = { boca_gsl_errors_off() }()
}
