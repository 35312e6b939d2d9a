import BocaResults
import Foundation

/// Designs written to CSV, design tables read back, and the `sensitivity.csv` table.
public enum SensitivityAnalysis {
  public static let sobolHeader = [
    "output", "parameter", "S1", "S1_ci_low", "S1_ci_high", "ST", "ST_ci_low", "ST_ci_high",
    "noise_share", "S1_corrected", "ST_corrected", "replicates", "suggested_replicates",
  ]
  public static let morrisHeader = [
    "output", "parameter", "mu_star", "mu_star_ci_low", "mu_star_ci_high", "mu", "sigma",
    "noise_share", "replicates", "suggested_replicates",
  ]

  /// A parameter's range as written on the command line, `NAME=LOW:HIGH`.
  public struct Range: Sendable {
    public var name: String
    public var low: Double
    public var high: Double
    public init(name: String, low: Double, high: Double) {
      self.name = name
      self.low = low
      self.high = high
    }

    public init(parsing text: String) throws {
      let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty else {
        throw SensitivityError.input("--param '\(text)': expected NAME=LOW:HIGH")
      }
      // split at the colon that separates two numbers (a bound may be negative)
      let bounds = parts[1].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      guard bounds.count == 2, let low = Double(bounds[0]), let high = Double(bounds[1]), low.isFinite,
        high.isFinite
      else { throw SensitivityError.input("--param '\(text)': expected NAME=LOW:HIGH with two numbers") }
      guard low < high else { throw SensitivityError.input("--param '\(text)': LOW must be below HIGH") }
      self.init(name: parts[0], low: low, high: high)
    }

    public func scale(_ u: Double) -> Double { low + u * (high - low) }
  }

  // MARK: writing designs

  /// `row,base,matrix,<params…>`: one row per model evaluation (``SobolDesign`` order).
  public static func writeSobol(_ design: SobolDesign, ranges: [Range], to url: URL) throws {
    let names = ranges.map(\.name)
    var rows: [[String]] = []
    for (p, u) in design.unitRows.enumerated() {
      let m = p % (design.k + 2)
      rows.append(
        [String(p), String(p / (design.k + 2)), SobolDesign.matrix(m, parameters: names)]
          + zip(ranges, u).map { CSV.number($0.scale($1)) })
    }
    try CSV.write(header: ["row", "base", "matrix"] + names, rows: rows, to: url)
  }

  /// `row,trajectory,step,changed,unit_step,<params…>` (``MorrisDesign`` order).
  public static func writeMorris(_ design: MorrisDesign, ranges: [Range], to url: URL) throws {
    let names = ranges.map(\.name)
    var rows: [[String]] = []
    for (p, u) in design.unitRows.enumerated() {
      let c = design.changed[p]
      rows.append(
        [
          String(p), String(p / (design.k + 1)), String(p % (design.k + 1)), c.map { names[$0.parameter] } ?? "",
          c.map { CSV.number($0.unitStep) } ?? "",
        ] + zip(ranges, u).map { CSV.number($0.scale($1)) })
    }
    try CSV.write(header: ["row", "trajectory", "step", "changed", "unit_step"] + names, rows: rows, to: url)
  }

  // MARK: reading designs

  struct Table {
    var path: String
    var header: [String]
    var rows: [[String]]
    func column(_ name: String, option: String? = nil) throws -> Int {
      guard let i = header.firstIndex(of: name) else {
        throw SensitivityError.input(
          "\(path):1: no column '\(name)'\(option.map { " (\($0))" } ?? "") among \(header.joined(separator: ", "))")
      }
      return i
    }
    func number(_ row: Int, _ column: Int) throws -> Double {
      guard let v = Double(rows[row][column].trimmingCharacters(in: .whitespaces)), v.isFinite else {
        throw SensitivityError.input(
          "\(path):\(row + 2):\(column + 1): \(header[column]) = '\(rows[row][column])' is not a finite number")
      }
      return v
    }
    func whole(_ row: Int, _ column: Int) throws -> Int {
      guard let v = Int(rows[row][column].trimmingCharacters(in: .whitespaces)) else {
        throw SensitivityError.input(
          "\(path):\(row + 2):\(column + 1): \(header[column]) = '\(rows[row][column])' is not a whole number")
      }
      return v
    }
  }

  static func read(_ path: String) throws -> Table {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw SensitivityError.input("\(path): cannot read the file")
    }
    var lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline).map { CSVRecord.fields($0) }
    guard !lines.isEmpty else { throw SensitivityError.input("\(path): empty file") }
    let header = lines.removeFirst()
    for (i, l) in lines.enumerated() where l.count != header.count {
      throw SensitivityError.input("\(path):\(i + 2): \(l.count) fields, the header has \(header.count)")
    }
    return Table(path: path, header: header, rows: lines)
  }

  /// Sobol' indices of `output` from a design CSV written by ``writeSobol`` with the column added.
  public static func sobol(designCSV path: String, output: String, seed: UInt32 = 1) throws -> [[String]] {
    let t = try read(path)
    let y = try t.column(output, option: "--output")
    let baseColumn = try t.column("base")
    let matrixColumn = try t.column("matrix")
    var parameters: [String] = []
    var cells: [Int: [String: Double]] = [:]
    for r in 0..<t.rows.count {
      let m = t.rows[r][matrixColumn]
      if m.hasPrefix("AB_"), !parameters.contains(String(m.dropFirst(3))) { parameters.append(String(m.dropFirst(3))) }
      guard m == "A" || m == "B" || m.hasPrefix("AB_") else {
        throw SensitivityError.input("\(path):\(r + 2):\(matrixColumn + 1): matrix '\(m)' is not A, B or AB_<name>")
      }
      let b = try t.whole(r, baseColumn)
      if cells[b]?[m] != nil {
        throw SensitivityError.input("\(path):\(r + 2): base \(b) has matrix \(m) twice")
      }
      cells[b, default: [:]][m] = try t.number(r, y)
    }
    var fA: [Double] = []
    var fB: [Double] = []
    var fAB = [[Double]](repeating: [], count: parameters.count)
    for b in cells.keys.sorted() {
      let c = cells[b]!
      guard let a = c["A"], let bb = c["B"] else {
        throw SensitivityError.input("\(path): base \(b) lacks its A or B row")
      }
      fA.append(a)
      fB.append(bb)
      for (i, p) in parameters.enumerated() {
        guard let v = c["AB_" + p] else { throw SensitivityError.input("\(path): base \(b) lacks its AB_\(p) row") }
        fAB[i].append(v)
      }
    }
    guard fA.count >= 2, !parameters.isEmpty else {
      throw SensitivityError.input("\(path): a Saltelli design needs at least 2 base samples and 1 parameter")
    }
    let s = try SobolIndices(parameters: parameters, fA: fA, fB: fB, fAB: fAB, seed: seed)
    return sobolRows(output: output, s, noise: nil)
  }

  /// Morris indices of `output` from a design CSV written by ``writeMorris`` with the column added.
  public static func morris(designCSV path: String, output: String, seed: UInt32 = 1) throws -> [[String]] {
    let t = try read(path)
    let y = try t.column(output, option: "--output")
    let trajectoryColumn = try t.column("trajectory")
    let stepColumn = try t.column("step")
    let changedColumn = try t.column("changed")
    let unitColumn = try t.column("unit_step")
    let changedNames = Set(t.rows.map { $0[changedColumn] }.filter { !$0.isEmpty })
    let parameters = t.header.filter { changedNames.contains($0) }
    guard parameters.count == changedNames.count, !parameters.isEmpty else {
      throw SensitivityError.input(
        "\(path): the 'changed' column names \(changedNames.sorted().joined(separator: ", ")), not all of them columns")
    }
    var byTrajectory: [Int: [(step: Int, row: Int)]] = [:]
    for r in 0..<t.rows.count {
      byTrajectory[try t.whole(r, trajectoryColumn), default: []].append((try t.whole(r, stepColumn), r))
    }
    var values: [Double] = []
    var changed: [(parameter: Int, unitStep: Double)?] = []
    for tr in byTrajectory.keys.sorted() {
      let steps = byTrajectory[tr]!.sorted { $0.step < $1.step }
      guard steps.map(\.step) == Array(0...parameters.count) else {
        throw SensitivityError.input(
          "\(path): trajectory \(tr) has steps \(steps.map { String($0.step) }.joined(separator: ",")), expected 0…\(parameters.count)"
        )
      }
      for s in steps {
        values.append(try t.number(s.row, y))
        let name = t.rows[s.row][changedColumn]
        if s.step == 0 {
          changed.append(nil)
        } else {
          guard let i = parameters.firstIndex(of: name) else {
            throw SensitivityError.input("\(path):\(s.row + 2):\(changedColumn + 1): step \(s.step) changes nothing")
          }
          changed.append((i, try t.number(s.row, unitColumn)))
        }
      }
    }
    let effects = try MorrisIndices.effects(y: values, changed: changed, parameters: parameters.count)
    let m = try MorrisIndices(parameters: parameters, effects: effects, seed: seed)
    return morrisRows(output: output, m, noise: nil)
  }

  // MARK: run directories

  /// Indices for every output of a run whose design is `sobol` or `morris`. For morris, a step's
  /// size in unit scale is Δx / (hi − lo) with [lo, hi] from `ranges` (parameter → range, from the
  /// scenario) or else the smallest and largest value of the parameter over the design.
  /// Outputs with a missing value at some point are skipped and named in `skipped`.
  public static func run(
    _ table: PointTable, ranges: [String: (Double, Double)] = [:], seed: UInt32 = 1
  ) throws -> (header: [String], rows: [[String]], warnings: [String]) {
    let k = table.parameters.count
    var rows: [[String]] = []
    var warnings: [String] = []
    let isSobol = table.design == "sobol"
    guard isSobol || table.design == "morris" else {
      throw SensitivityError.input(
        "the run's sweep design is '\(table.design)'; boca analyze needs design: sobol or design: morris")
    }
    for name in table.outputNames {
      let y = table.outputs[name]!
      if y.contains(where: \.isNaN) {
        warnings.append("\(name): left out (no value at some point)")
        continue
      }
      let mv = table.meanVariance[name]!
      let reps = table.replicates[name]!
      if isSobol {
        let (fA, fB, fAB) = try SobolIndices.split(y, parameters: k)
        let s = try SobolIndices(parameters: table.parameters, fA: fA, fB: fB, fAB: fAB, seed: seed)
        guard s.variance > 0 else {
          warnings.append("\(name): left out (constant over the design)")
          continue
        }
        let noise = NoiseShare(meanVariances: mv, replicates: reps, variance: s.variance)
        rows += sobolRows(output: name, s, noise: noise)
        if noise.share > NoiseShare.warningShare {
          warnings.append(
            "\(name): Monte Carlo noise is \(percent(noise.share)) of the variance of the point means; run about \(noise.suggestedReplicates) replicates per point (now \(noise.replicates)) for under 5%"
          )
        }
        for (i, p) in table.parameters.enumerated()
        where s.st[i] > 0.05 && noise.noiseVariance > NoiseShare.warningShare * s.stNumerator[i] {
          warnings.append("\(name): noise is over \(percent(NoiseShare.warningShare)) of ST(\(p))'s numerator")
        }
      } else {
        guard y.count % (k + 1) == 0 else {
          throw SensitivityError.input("\(y.count) points do not form Morris trajectories over \(k) parameters")
        }
        var changed: [(parameter: Int, unitStep: Double)?] = []
        let lows = table.parameters.enumerated().map { i, p in ranges[p]?.0 ?? table.rows.map { $0[i] }.min()! }
        let highs = table.parameters.enumerated().map { i, p in ranges[p]?.1 ?? table.rows.map { $0[i] }.max()! }
        for p in 0..<y.count {
          if p % (k + 1) == 0 {
            changed.append(nil)
            continue
          }
          let before = table.rows[p - 1]
          let now = table.rows[p]
          guard let i = (0..<k).first(where: { before[$0] != now[$0] }) else {
            changed.append((p % (k + 1) - 1, 0))  // a count rounded to the same value: no effect
            continue
          }
          let width = highs[i] - lows[i]
          changed.append((i, width > 0 ? (now[i] - before[i]) / width : 0))
        }
        let effects = try MorrisIndices.effects(y: y, changed: changed, parameters: k)
        let m = try MorrisIndices(parameters: table.parameters, effects: effects, seed: seed)
        let mean = y.reduce(0, +) / Double(y.count)
        let v = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(y.count)
        guard v > 0 else {
          warnings.append("\(name): left out (constant over the design)")
          continue
        }
        let noise = NoiseShare(meanVariances: mv, replicates: reps, variance: v)
        rows += morrisRows(output: name, m, noise: noise)
        if noise.share > NoiseShare.warningShare {
          warnings.append(
            "\(name): Monte Carlo noise is \(percent(noise.share)) of the variance of the point means; run about \(noise.suggestedReplicates) replicates per point (now \(noise.replicates)) for under 5%"
          )
        }
      }
    }
    return (isSobol ? sobolHeader : morrisHeader, rows, warnings)
  }

  static func percent(_ x: Double) -> String { String(format: "%.0f%%", 100 * x) }

  static func sobolRows(output: String, _ s: SobolIndices, noise: NoiseShare?) -> [[String]] {
    s.parameters.indices.map { i in
      let nu = noise?.noiseVariance ?? .nan
      let corrected = noise.map { _ in s.variance - nu } ?? .nan
      return [
        output, s.parameters[i], CSV.number(s.s1[i]), CSV.number(s.s1Interval[i].low),
        CSV.number(s.s1Interval[i].high), CSV.number(s.st[i]), CSV.number(s.stInterval[i].low),
        CSV.number(s.stInterval[i].high), CSV.number(noise?.share ?? .nan),
        CSV.number(noise == nil ? .nan : s.s1Numerator[i] / corrected),
        CSV.number(noise == nil ? .nan : (s.stNumerator[i] - nu) / corrected),
        noise.map { String($0.replicates) } ?? "", noise.map { String($0.suggestedReplicates) } ?? "",
      ]
    }
  }

  static func morrisRows(output: String, _ m: MorrisIndices, noise: NoiseShare?) -> [[String]] {
    m.parameters.indices.map { i in
      [
        output, m.parameters[i], CSV.number(m.muStar[i]), CSV.number(m.muStarInterval[i].low),
        CSV.number(m.muStarInterval[i].high), CSV.number(m.mu[i]), CSV.number(m.sigma[i]),
        CSV.number(noise?.share ?? .nan), noise.map { String($0.replicates) } ?? "",
        noise.map { String($0.suggestedReplicates) } ?? "",
      ]
    }
  }
}
