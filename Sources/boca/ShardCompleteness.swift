import BocaResults
import BocaRunner
import Foundation

/// Which of a sweep's points a set of run folders holds, and which shards and folders are
/// missing or incomplete. A point is complete exactly when its runs part exists
/// (``RunStore/isComplete(point:)``); a folder is complete when its manifest can be read and it
/// holds every point of its shard (every point when it is not a shard). Used by `boca merge`
/// (which refuses an incomplete set) and `boca slurm DIR --resubmit-failed` (which resubmits the
/// incomplete shards).
struct ShardCompleteness {
  /// One run folder as found on disk.
  struct Folder {
    let path: String
    /// Nil when manifest.json is missing or cannot be read.
    let manifest: Manifest?
    /// The shard its manifest names, nil for an unsharded run (or an unreadable manifest).
    let shard: Shard?
    let completed: Set<Int>
    /// Whether the folder holds every point it was meant to hold.
    let isComplete: Bool
  }

  let pointCount: Int
  let folders: [Folder]
  /// Points of the sweep that no folder (nor `alreadyHeld`) has completed, ascending.
  let missingPoints: [Int]
  /// `n` when every sharded folder names the same shard count.
  let shardCount: Int?
  /// The shards (of ``shardCount``) with a missing point, ascending.
  let missingShards: [Shard]

  /// - Parameters:
  ///   - pointCount: the sweep's number of points.
  ///   - directories: the run folders.
  ///   - expectedShards: the shard each folder is meant to hold when the caller knows it
  ///     (`boca slurm`: folder i is shard i+1 of n); otherwise read from the manifests.
  ///   - alreadyHeld: points completed elsewhere (the merge target's own points).
  init(pointCount: Int, directories: [String], expectedShards: [Shard]? = nil, alreadyHeld: Set<Int> = []) {
    self.pointCount = pointCount
    var folders: [Folder] = []
    for (k, path) in directories.enumerated() {
      let store = RunStore(directory: URL(fileURLWithPath: path))
      let manifest = try? Manifest.read(from: store.manifestURL)
      let shard = expectedShards?[k] ?? manifest?.shard.flatMap(Shard.init(parsing:))
      let completed = Set(store.completedPoints().filter { $0 < pointCount })
      let wanted = (0..<pointCount).filter { shard?.contains(point: $0) ?? true }
      folders.append(
        Folder(
          path: path, manifest: manifest, shard: shard, completed: completed,
          isComplete: manifest != nil && wanted.allSatisfy(completed.contains)))
    }
    self.folders = folders
    let held = folders.reduce(alreadyHeld) { $0.union($1.completed) }
    missingPoints = (0..<pointCount).filter { !held.contains($0) }
    let counts = Set(folders.compactMap { $0.shard?.count })
    shardCount = counts.count == 1 ? counts.first : nil
    if let n = shardCount {
      let missing = Set(missingPoints.map { $0 % n })
      missingShards = (0..<n).filter(missing.contains).map { Shard(index: $0 + 1, count: n) }
    } else {
      missingShards = []
    }
  }

  /// The folders that are missing, unreadable or lack points of their shard.
  var incompleteFolders: [Folder] { folders.filter { !$0.isComplete } }

  /// Whether every point is held and every folder is complete.
  var isComplete: Bool { missingPoints.isEmpty && incompleteFolders.isEmpty }

  /// What is missing, in one sentence: "shards 2/4 and 4/4 are missing or incomplete: A, B
  /// (12 of 48 points missing)".
  var problem: String {
    let paths = incompleteFolders.map(\.path)
    let pointsText = "\(missingPoints.count) of \(pointCount) point\(pointCount == 1 ? "" : "s") missing"
    if !missingShards.isEmpty {
      let named = missingShards.map(\.description)
      let verb = named.count == 1 ? "is" : "are"
      let noun = named.count == 1 ? "shard" : "shards"
      let where_ = paths.isEmpty ? "no folder given holds them" : paths.joined(separator: ", ")
      return "\(noun) \(Self.list(named)) \(verb) missing or incomplete: \(where_) (\(pointsText))"
    }
    if !paths.isEmpty {
      let noun = paths.count == 1 ? "run directory is" : "run directories are"
      return "\(noun) missing or incomplete: \(paths.joined(separator: ", ")) (\(pointsText))"
    }
    let shown = missingPoints.prefix(10).map(String.init).joined(separator: ", ")
    return "\(pointsText) (points \(shown)\(missingPoints.count > 10 ? ", …" : ""))"
  }

  /// "a", "a and b", "a, b and c".
  static func list(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " and " + items.last!
  }
}
