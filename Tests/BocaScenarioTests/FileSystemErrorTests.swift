import BocaResults
import Foundation
import XCTest

/// File-system failures reach the user in plain words, whichever form Foundation gives them in
/// (an `errno`, a POSIX-domain error, a Cocoa file error wrapping one, or a bare Cocoa code).
final class FileSystemErrorTests: XCTestCase {
  /// For every errno: the reason read from the code, from a POSIX-domain error and from a Cocoa
  /// error that wraps it is the same; its words never show an error domain or a code.
  func testEveryFormOfAnErrnoGivesTheSameReason() {
    for code in Int32(1)...Int32(133) {
      let direct = FileSystemError.Reason(errno: code)
      let posix = NSError(domain: NSPOSIXErrorDomain, code: Int(code))
      let wrapped = NSError(
        domain: NSCocoaErrorDomain, code: NSFileWriteUnknownError, userInfo: [NSUnderlyingErrorKey: posix])
      XCTAssertEqual(FileSystemError.Reason(posix), direct, "errno \(code)")
      XCTAssertEqual(FileSystemError.Reason(wrapped), direct, "errno \(code)")
      let text = FileSystemError(.createFolder, path: "/x", reason: direct).description
      XCTAssertTrue(text.hasPrefix("cannot create folder /x: "), text)
      XCTAssertFalse(text.contains("Domain") || text.contains("Code="), text)
    }
  }

  /// Cocoa's own file-error codes, as Foundation gives them without an errno.
  func testCocoaFileCodesAreRead() {
    let cases: [(Int, FileSystemError.Reason)] = [
      (NSFileWriteNoPermissionError, .permissionDenied), (NSFileReadNoPermissionError, .permissionDenied),
      (NSFileNoSuchFileError, .noSuchFile), (NSFileReadNoSuchFileError, .noSuchFile),
      (NSFileWriteVolumeReadOnlyError, .readOnlyFileSystem), (NSFileWriteOutOfSpaceError, .noSpace),
      (NSFileWriteFileExistsError, .alreadyExists),
    ]
    for (code, reason) in cases {
      XCTAssertEqual(FileSystemError.Reason(NSError(domain: NSCocoaErrorDomain, code: code)), reason, "code \(code)")
    }
    XCTAssertEqual(
      FileSystemError(.createFolder, path: "/out", error: NSError(domain: NSCocoaErrorDomain, code: 513)).description,
      "cannot create folder /out: permission denied")
  }

  /// A folder asked for below a file: the failure names the folder and says why, in words.
  func testAFolderBelowAFileIsRefusedInWords() throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("boca-fs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let file = scratch.appendingPathComponent("file")
    try Data("x".utf8).write(to: file)
    for target in [file.appendingPathComponent("out"), file.appendingPathComponent("a/b")] {
      XCTAssertThrowsError(try FileSystemError.createFolder(target)) { error in
        guard let failure = error as? FileSystemError else { return XCTFail("\(error)") }
        XCTAssertEqual(failure.operation, .createFolder)
        XCTAssertEqual(failure.reason, .notAFolder, "\(failure)")
        XCTAssertTrue(failure.path.hasPrefix(file.path), failure.path)
      }
    }
    XCTAssertThrowsError(try AtomicFile.write(Data("y".utf8), to: file.appendingPathComponent("t.csv"))) { error in
      // The file's folder is the file itself: its name is taken.
      XCTAssertEqual(error as? FileSystemError, FileSystemError(.createFolder, path: file.path, reason: .alreadyExists))
    }
  }
}
