/// Why a run folder cannot be used, with the folder and what was expected and found.
public enum RunFolderError: Error, Equatable, CustomStringConvertible {
  /// The folder is not empty and neither `--resume` nor `--force` was given.
  case notEmpty(folder: String)
  /// `--force` on a folder that is not a run folder, or `--resume` on a folder without a manifest.
  case notARunFolder(folder: String, action: String)
  /// The folder's manifest disagrees with this run on `field` (expected: this run's value).
  case mismatch(folder: String, field: String, expected: String, found: String)

  public var description: String {
    switch self {
    case .notEmpty(let folder):
      return
        "\(folder): the folder is not empty (it holds an earlier run or other files), so nothing was written; "
        + "finish the run it holds with `boca run --resume \(folder)`, clear it and start afresh with --force, "
        + "or choose another --out"
    case .notARunFolder(let folder, let action):
      return
        "\(folder): not a run folder (no manifest.json, parts/ or scenario.yaml), so it cannot be \(action); nothing was touched"
    case .mismatch(let folder, let field, let expected, let found):
      return
        "\(folder): holds a different run, so it cannot be continued: \(field) differs: expected \(expected), "
        + "found \(found) in \(folder)/manifest.json; nothing was touched (start afresh with the scenario and --force, "
        + "or choose another --out)"
    }
  }
}
