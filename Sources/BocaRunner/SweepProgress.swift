import BocaResults
import Foundation

/// Reports a sweep's progress on standard error: a redrawn bar on a terminal, or a plain line
/// every few seconds in a pipe or CI log (points done, replicates per second, time left).
public final class SweepProgress: @unchecked Sendable {
  private let lock = NSLock()
  private let terminal: Bool
  private let interval: TimeInterval
  private let write: (String) -> Void
  private var total = 0
  private var done = 0
  private var startDone = 0
  private var replicates = 0
  private var perPoint = 1
  private var started = Date()
  private var lastReport = Date.distantPast

  /// - Parameters:
  ///   - terminal: draw a bar (default: whether standard error is a terminal).
  ///   - interval: seconds between plain lines.
  public init(
    terminal: Bool = isatty(2) != 0, interval: TimeInterval = 5,
    write: @escaping (String) -> Void = SweepProgress.standardError
  ) {
    self.terminal = terminal
    self.interval = terminal ? 0.2 : interval
    self.write = write
  }

  public static func standardError(_ text: String) { StandardError.write(text) }

  func begin(points: Int, done: Int, replicatesPerPoint: Int) {
    lock.withLock {
      total = points
      self.done = done
      startDone = done
      perPoint = max(1, replicatesPerPoint)
      started = Date()
    }
  }

  func replicatesDone(_ n: Int) { lock.withLock { replicates += n }; report(force: false) }

  func pointDone() {
    lock.withLock { done += 1 }
    report(force: false)
  }

  func finish(stopped: Bool) {
    report(force: true)
    if terminal { write("\n") }
    if stopped { write("stopped: completed points are kept; resume with `boca run --resume DIR`\n") }
  }

  /// The status text: `points 12/27 (44%) | 1520 replicates/s | ETA 0:07`.
  func status() -> String {
    lock.withLock {
      let elapsed = max(Date().timeIntervalSince(started), 1e-3)
      let rate = Double(replicates) / elapsed
      // Points finished in this session give the better estimate (later points may cost more);
      // before the first one, replicates do.
      let finished = done - startDone
      let remaining = Double((total - done) * perPoint) - Double(replicates - finished * perPoint)
      let eta =
        finished > 0 ? elapsed / Double(finished) * Double(total - done) : rate > 0 ? max(0, remaining / rate) : .nan
      let percent = total == 0 ? 100 : 100 * done / total
      let etaText = eta.isFinite ? String(format: "%d:%02d", Int(eta) / 60, Int(eta) % 60) : "?"
      return "points \(done)/\(total) (\(percent)%) | \(Int(rate)) replicates/s | ETA \(etaText)"
    }
  }

  private func report(force: Bool) {
    let now = Date()
    let due = lock.withLock { () -> Bool in
      guard force || now.timeIntervalSince(lastReport) >= interval else { return false }
      lastReport = now
      return true
    }
    guard due else { return }
    if terminal {
      let (d, t) = lock.withLock { (done, total) }
      let width = 24
      let filled = t == 0 ? width : width * d / t
      let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
      write("\r[\(bar)] \(status())\u{1B}[K")
    } else {
      write("boca: \(status())\n")
    }
  }
}
