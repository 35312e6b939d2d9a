import BocaResults
import Dispatch
import Foundation

/// Set when the user presses Ctrl-C (SIGINT) or the process gets SIGTERM, so that a run stops
/// (replicate workers poll it, see ``BocaRunner/ReplicateRunner``), drops the batch it was
/// running and leaves a resumable directory. A second signal ends the process at once.
///
/// The exit status is the shell's for the signal: 130 for SIGINT, 143 for SIGTERM.
final class InterruptFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var received: Int32? = nil
  private var sources: [DispatchSourceSignal] = []

  var isSet: Bool { lock.withLock { received != nil } }

  /// The exit status for the signal received (128 + its number), or nil when none was.
  var exitStatus: Int32? { lock.withLock { received.map { 128 + $0 } } }

  /// Installs the handlers and returns the flag.
  static func install() -> InterruptFlag {
    let flag = InterruptFlag()
    for sig in [SIGINT, SIGTERM] {
      signal(sig, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
      source.setEventHandler {
        let earlier = flag.lock.withLock { () -> Int32? in
          defer { if flag.received == nil { flag.received = sig } }
          return flag.received
        }
        if earlier != nil { exit(128 + sig) }
        StandardError.write(
          "\nstopping: the batch under way is dropped and the run left resumable (\(sig == SIGINT ? "Ctrl-C" : "SIGTERM") again to quit now)…\n"
        )
      }
      source.resume()
      flag.sources.append(source)
    }
    return flag
  }
}
