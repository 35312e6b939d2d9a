import Foundation

/// What a run tells its user about its set-up besides progress: warnings (always) and `--verbose`
/// notes (e.g. which cascade probability a seeding policy was tuned to). Each line is said once,
/// however many points and arms repeat it. The command line sets where they go; by default
/// nowhere. Points running at the same time (``PointScheduler``) report through it, so it takes
/// a lock.
public final class RunNotes: @unchecked Sendable {
  private let lock = NSLock()
  /// Receives each warning, prefixed "warning: ".
  public var warn: (String) -> Void = { _ in }
  /// Receives each note when set (`--verbose`).
  public var verbose: ((String) -> Void)? = nil
  private var said: Set<String> = []

  public init() {}

  func warning(_ line: String) {
    lock.withLock { if said.insert("w " + line).inserted { warn("warning: " + line) } }
  }

  func note(_ line: String) {
    lock.withLock { if let verbose, said.insert("n " + line).inserted { verbose(line) } }
  }

  /// The engines' notes and warnings; with several arms a warning names its arm.
  func report(_ engines: [ArmEngine], arms: [String]) {
    for (engine, arm) in zip(engines, arms) {
      for line in engine.warnings { warning(arms.count > 1 ? "arm '\(arm)': \(line)" : line) }
      for line in engine.notes { note(line) }
    }
  }
}
