import Dispatch
import Foundation

/// Set when the user presses Ctrl-C (SIGINT) or the process gets SIGTERM, so that a run stops
/// between batches and leaves a resumable directory. A second Ctrl-C ends the process at once.
final class InterruptFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var set = false
  private var sources: [DispatchSourceSignal] = []

  var isSet: Bool { lock.withLock { set } }

  /// Installs the handlers and returns the flag.
  static func install() -> InterruptFlag {
    let flag = InterruptFlag()
    for sig in [SIGINT, SIGTERM] {
      signal(sig, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
      source.setEventHandler {
        let again = flag.lock.withLock { () -> Bool in
          defer { flag.set = true }
          return flag.set
        }
        if again { exit(130) }
        FileHandle.standardError.write(Data("\nstopping after the current batch (Ctrl-C again to quit now)…\n".utf8))
      }
      source.resume()
      flag.sources.append(source)
    }
    return flag
  }
}
