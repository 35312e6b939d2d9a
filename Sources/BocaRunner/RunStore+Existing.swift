import BocaResults
import Foundation

extension RunStore {
  /// Whether the folder exists and holds anything.
  public var isOccupied: Bool {
    !((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).isEmpty
      || (FileManager.default.fileExists(atPath: directory.path) && !isDirectory)
  }

  private var isDirectory: Bool {
    var flag: ObjCBool = false
    return FileManager.default.fileExists(atPath: directory.path, isDirectory: &flag) && flag.boolValue
  }

  /// Whether the folder is a run folder: it has a manifest, parts or a scenario copy.
  public var isRunFolder: Bool {
    isDirectory
      && [manifestURL, partsDirectory, scenarioURL].contains { FileManager.default.fileExists(atPath: $0.path) }
  }

  /// Makes the folder ready for a run of `identity` under `rule`, before anything is written:
  /// refuses a non-empty folder (``ExistingRun/refuse``), checks the manifest of the run it
  /// holds (``ExistingRun/resume``) or clears a run folder (``ExistingRun/replace``).
  public func claim(_ rule: ExistingRun, for identity: RunIdentity) throws {
    switch rule {
    case .refuse:
      if isOccupied { throw RunFolderError.notEmpty(folder: directory.path) }
    case .resume:
      try checkResumable(as: identity)
    case .replace:
      guard isOccupied else { return }
      guard isRunFolder else {
        throw RunFolderError.notARunFolder(folder: directory.path, action: "cleared by --force")
      }
      for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
        try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
      }
    }
  }

  /// Checks that the folder holds a run whose manifest has `identity`.
  public func checkResumable(as identity: RunIdentity) throws {
    guard let manifest = try? Manifest.read(from: manifestURL) else {
      throw RunFolderError.notARunFolder(folder: directory.path, action: "resumed (no readable manifest.json)")
    }
    if let d = identity.difference(from: RunIdentity(manifest: manifest)) {
      throw RunFolderError.mismatch(folder: directory.path, field: d.field, expected: d.expected, found: d.found)
    }
  }
}
