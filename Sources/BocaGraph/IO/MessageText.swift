import Foundation

/// How text from an input file is shown inside an error message: invisible characters escaped
/// (`\t`, `\n`, `\r`, `\u{0}`, …) so that what was found can be seen and typed, and long values
/// cut, saying how much was left out. Used by every reader's error (`GraphInputError`,
/// `ScenarioDiagnostic`), so that all of them show values the same way.
public enum MessageText {
  /// The most characters of a value shown before it is cut.
  public static let valueLimit = 80

  /// `text` with invisible characters escaped, cut after `limit` characters with
  /// "… (N more characters)".
  public static func shown(_ text: String, limit: Int = valueLimit) -> String {
    var out = ""
    var shown = 0
    var rest = 0
    for scalar in text.unicodeScalars {
      if shown >= limit {
        rest += 1
        continue
      }
      out += escaped(scalar)
      shown += 1
    }
    return rest == 0 ? out : out + "… (\(rest) more character\(rest == 1 ? "" : "s"))"
  }

  /// A message part such as `unknown key 'x'`: invisible characters escaped, each value quoted in
  /// it ('…') cut after `limit` characters, and the whole cut after four times that.
  public static func shownQuoting(_ text: String, limit: Int = valueLimit) -> String {
    let parts = text.split(separator: "'", omittingEmptySubsequences: false)
    guard parts.count >= 3 else { return shown(text, limit: 4 * limit) }
    let cut = parts.enumerated().map { i, part in
      // Odd parts are inside quotes; a last odd part has no closing quote.
      i % 2 == 1 && i < parts.count - 1 ? shown(String(part), limit: limit) : escaped(String(part))
    }
    return shown(cut.joined(separator: "'"), limit: 4 * limit + 40)
  }

  /// `text` with invisible characters escaped, never cut (for names and paths).
  public static func escaped(_ text: String) -> String {
    text.unicodeScalars.map(escaped).joined()
  }

  static func escaped(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\t": return "\\t"
    case "\n": return "\\n"
    case "\r": return "\\r"
    default:
      switch scalar.properties.generalCategory {
      case .control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .surrogate, .privateUse:
        return "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
      default:
        return String(scalar)
      }
    }
  }

  /// A file-system error in plain words ("no such file", "permission denied", "is a directory"),
  /// instead of a `NSCocoaErrorDomain Code=…` dump.
  public static func fileProblem(_ error: Error) -> String {
    let ns = error as NSError
    var code: Int32? = nil
    if ns.domain == NSPOSIXErrorDomain {
      code = Int32(truncatingIfNeeded: ns.code)
    } else if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? Error,
      (underlying as NSError).domain == NSPOSIXErrorDomain
    {
      code = Int32(truncatingIfNeeded: (underlying as NSError).code)
    }
    if let code { return fileProblem(errno: code) }
    switch ns.code {
    case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file"
    case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
    case NSFileWriteOutOfSpaceError: return "no space left on the device"
    case NSFileReadInvalidFileNameError, NSFileWriteInvalidFileNameError: return "an invalid file name"
    case NSFileReadCorruptFileError: return "a file that could not be read"
    default: return ns.localizedFailureReason ?? ns.localizedDescription
    }
  }

  /// `PATH: problem` for a Foundation file-system error (Cocoa or POSIX domain), `nil` for any
  /// other error.
  public static func fileError(_ error: Error) -> String? {
    let ns = error as NSError
    guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else { return nil }
    let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
    return (path.map { escaped($0) + ": " } ?? "") + fileProblem(error)
  }

  /// An `errno` value in plain words.
  public static func fileProblem(errno code: Int32) -> String {
    switch code {
    case ENOENT: return "no such file"
    case EACCES, EPERM: return "permission denied"
    case EISDIR: return "a directory, not a file"
    case ENOTDIR: return "a path through something that is not a directory"
    case ENOSPC: return "no space left on the device"
    case ENAMETOOLONG: return "a file name that is too long"
    case ELOOP: return "too many symbolic links"
    default: return String(cString: strerror(code)).lowercased()
    }
  }
}
