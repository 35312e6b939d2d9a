/// What a run does with a run folder that already holds files.
///
/// A folder that holds an earlier run is never reused silently: its parts would be taken as
/// completed points even after the scenario changed. So a fresh run refuses a non-empty folder;
/// `--resume` finishes the run the folder holds, after checking that it is the same run; `--force`
/// clears it first.
public enum ExistingRun: Sendable, Equatable {
  /// Refuse a non-empty folder (the default).
  case refuse
  /// Finish the run the folder holds; its manifest must agree on the scenario hash, the tool
  /// version and the seed rule (see ``RunIdentity``).
  case resume
  /// Clear the folder first; only a run folder (one with `manifest.json`, `parts/` or
  /// `scenario.yaml`) is cleared, anything else is refused.
  case replace
}
