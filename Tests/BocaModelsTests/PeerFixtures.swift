import BocaModels
import BocaRandom
import Foundation

/// The peer benchmark's reference rows and graph, copied into `Tests/Fixtures/peers/`.
enum PeerFixtures {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/peers")

  static var graphPath: String { directory.appendingPathComponent("ba_10000_3_seed1.edges").path }

  /// One row of a peer CSV, by column name.
  struct Row {
    let fields: [String: String]
    var mean: Double { Double(fields["mean_spread"]!)! }
    var sd: Double { Double(fields["std_spread"]!)! }
    var replicates: Double { Double(fields["replicates"]!)! }
    var seedNodes: [Int64] { fields["seed_nodes"]!.split(separator: " ").map { Int64($0)! } }
    /// The row's parameter, from `params` such as `beta=0.05;gamma=0.2`.
    func parameter(_ key: String) -> Double? {
      for pair in fields["params"]!.split(separator: ";") {
        let kv = pair.split(separator: "=")
        if kv.count == 2, kv[0] == Substring(key) { return Double(kv[1]) }
      }
      return nil
    }
  }

  /// The first row of `file` whose tool and model match. The peer CSVs (written by Python's
  /// csv module) end lines with CRLF and have no quoted fields.
  static func row(_ file: String, tool: String, model: String) throws -> Row {
    let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
    let lines = text.split(whereSeparator: \.isNewline).map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    let header = lines[0]
    for line in lines.dropFirst() {
      let fields = Dictionary(uniqueKeysWithValues: zip(header, line))
      if fields["tool"] == tool && fields["model"] == model { return Row(fields: fields) }
    }
    throw CocoaError(.fileReadCorruptFile)
  }

  /// The peer benchmark's agreement statistic: z = (m_a − m_b) / √(s_a²/R_a + s_b²/R_b).
  static func z(mean: Double, sd: Double, replicates: Double, against row: Row) -> Double {
    (mean - row.mean) / (sd * sd / replicates + row.sd * row.sd / row.replicates).squareRoot()
  }

  /// Runs `replicates` replicates of `model` from `seeds` (replicate r seeded from `root` as the
  /// runner does) and returns the spread's mean, sample sd and z against the peer row.
  static func agreement(
    of model: any DiffusionModel, seeds: [UInt32], replicates: Int, root: UInt64, against row: Row
  ) throws -> (mean: Double, sd: Double, z: Double) {
    let table = ReplicateSeeds(root: root, scenarioHash: 0, points: 1, replicates: replicates)
    let rng = try RandomGenerator(seed: 1)
    let simulator = model.makeSimulator()
    var trace = ReplicateTrace(recording: false)
    var sum = 0.0
    var sumSq = 0.0
    for r in 0..<replicates {
      rng.reseed(table[0, r])
      let s = Double(simulator.run(seeds: seeds, rng: rng, horizon: nil, trace: &trace))
      sum += s
      sumSq += s * s
    }
    let mean = sum / Double(replicates)
    let sd = ((sumSq - Double(replicates) * mean * mean) / Double(replicates - 1)).squareRoot()
    return (mean, sd, z(mean: mean, sd: sd, replicates: Double(replicates), against: row))
  }
}
