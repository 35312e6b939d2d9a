import Foundation

/// The state of an ABC-SMC fit after a finished generation, saved in the checkpoint folder as
/// `abc-<fingerprint>-generation-<t>.json` so that an interrupted fit resumes from the last
/// finished generation. Every number is stored as its IEEE-754 bit pattern, so a resumed fit
/// continues from exactly the same particles and gives byte-identical output.
struct AbcCheckpoint: Codable, Equatable {
  /// Hash of the spec, seed, graph and data: a checkpoint of another fit is never resumed.
  var fingerprint: String
  var generation: Int
  var tolerance: UInt64
  var dimension: Int
  var values: [UInt64]
  var weights: [UInt64]
  var distances: [UInt64]
  /// Per-generation summaries so far: generation, tolerance bits, accepted, proposed, simulations.
  var summaries: [[UInt64]]
  /// Whether the stop rule ended the fit after this generation.
  var stopped: Bool

  init(fingerprint: String, population: AbcPopulation, summaries: [GenerationSummary], stopped: Bool) {
    self.fingerprint = fingerprint
    generation = population.generation
    tolerance = population.tolerance.bitPattern
    dimension = population.dimension
    values = population.values.map(\.bitPattern)
    weights = population.weights.map(\.bitPattern)
    distances = population.distances.map(\.bitPattern)
    self.summaries = summaries.map {
      [
        UInt64($0.generation), $0.tolerance.bitPattern, UInt64($0.accepted), UInt64($0.proposed),
        UInt64($0.simulations),
      ]
    }
    self.stopped = stopped
  }

  var population: AbcPopulation {
    AbcPopulation(
      generation: generation, tolerance: Double(bitPattern: tolerance), values: values.map(Double.init(bitPattern:)),
      weights: weights.map(Double.init(bitPattern:)), distances: distances.map(Double.init(bitPattern:)),
      dimension: dimension)
  }

  var generationSummaries: [GenerationSummary] {
    summaries.map {
      GenerationSummary(
        generation: Int($0[0]), tolerance: Double(bitPattern: $0[1]), accepted: Int($0[2]), proposed: Int($0[3]),
        simulations: Int($0[4]))
    }
  }

  static func fileName(fingerprint: String, generation: Int) -> String {
    "abc-\(fingerprint)-generation-\(generation).json"
  }

  /// Writes the checkpoint atomically (a temporary file renamed into place).
  func save(in folder: URL) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(self)
    try data.write(
      to: folder.appendingPathComponent(Self.fileName(fingerprint: fingerprint, generation: generation)),
      options: .atomic)
  }

  /// The latest checkpoint of the fit with `fingerprint` in `folder`, if any.
  static func latest(in folder: URL, fingerprint: String) throws -> AbcCheckpoint? {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return nil }
    let prefix = "abc-\(fingerprint)-generation-"
    let generations = names.compactMap { name -> Int? in
      guard name.hasPrefix(prefix), name.hasSuffix(".json") else { return nil }
      return Int(name.dropFirst(prefix.count).dropLast(5))
    }
    guard let last = generations.max() else { return nil }
    let url = folder.appendingPathComponent(fileName(fingerprint: fingerprint, generation: last))
    do {
      let state = try JSONDecoder().decode(AbcCheckpoint.self, from: Data(contentsOf: url))
      guard state.fingerprint == fingerprint, state.generation == last else {
        throw AbcError.badCheckpoint(path: url.path, reason: "it belongs to another fit")
      }
      return state
    } catch let error as AbcError {
      throw error
    } catch {
      throw AbcError.badCheckpoint(path: url.path, reason: "\(error)")
    }
  }
}

/// Why an ABC-SMC fit could not run.
public enum AbcError: Error, Equatable, CustomStringConvertible {
  /// The model cannot be built from the spec (unknown model, layer, parameter…).
  case model(String, reason: String)
  /// No proposal of generation 0 gave a finite distance.
  case noAcceptedPrior(model: String, proposals: Int, reason: String?)
  /// The data and the graph do not match.
  case data(String)
  /// A checkpoint file that cannot be read.
  case badCheckpoint(path: String, reason: String)

  public var description: String {
    switch self {
    case .model(let name, let reason): return "abc-smc: model '\(name)': \(reason)"
    case .noAcceptedPrior(let name, let n, let reason):
      return "abc-smc: model '\(name)': none of \(n) prior draws could be simulated (invalid parameter combinations)"
        + (reason.map { "; at the prior means: \($0)" } ?? "")
    case .data(let reason): return "abc-smc: \(reason)"
    case .badCheckpoint(let path, let reason): return "abc-smc: checkpoint \(path): \(reason)"
    }
  }
}
