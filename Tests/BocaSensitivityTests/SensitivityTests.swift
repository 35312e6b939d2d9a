import BocaSensitivity
import Foundation
import XCTest

final class SensitivityTests: XCTestCase {
  /// Ishigami (a = 7, b = 0.1) over [−π, π]³, N = 2^13: every index within 0.02 of its analytic
  /// value (Saltelli et al. 2008, §2.9; S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437), and
  /// the 95% bootstrap intervals cover them.
  func testIshigamiIndices() throws {
    let d = try SobolDesign(n: 8192, parameters: 3, seed: 3)
    XCTAssertEqual(d.unitRows.count, 8192 * 5)
    let y = d.unitRows.map { u -> Double in
      let x = u.map { -Double.pi + 2 * Double.pi * $0 }
      return sin(x[0]) + 7 * pow(sin(x[1]), 2) + 0.1 * pow(x[2], 4) * sin(x[0])
    }
    let (fA, fB, fAB) = try SobolIndices.split(y, parameters: 3)
    let s = try SobolIndices(parameters: ["x1", "x2", "x3"], fA: fA, fB: fB, fAB: fAB, seed: 1)
    let s1 = [0.3139, 0.4424, 0.0]
    let st = [0.5576, 0.4424, 0.2437]
    for i in 0..<3 {
      XCTAssertEqual(s.s1[i], s1[i], accuracy: 0.02, "S1[\(i)]")
      XCTAssertEqual(s.st[i], st[i], accuracy: 0.02, "ST[\(i)]")
      XCTAssertLessThanOrEqual(s.s1Interval[i].low, s1[i] + 0.005)
      XCTAssertGreaterThanOrEqual(s.s1Interval[i].high, s1[i] - 0.005)
      XCTAssertLessThanOrEqual(s.stInterval[i].low, st[i] + 0.005)
      XCTAssertGreaterThanOrEqual(s.stInterval[i].high, st[i] - 0.005)
      XCTAssertLessThan(s.s1Interval[i].high - s.s1Interval[i].low, 0.1, "interval width")
    }
  }

  /// Sobol's G function with a = (0, 1, 4.5, 9, 99, 99): total indices rank the inputs as their
  /// importance does (smaller a, more important); analytic S1_i = V_i / V with V_i = 1/(3(1+a_i)²).
  func testGFunctionRanking() throws {
    let a = [0.0, 1, 4.5, 9, 99, 99]
    let d = try SobolDesign(n: 4096, parameters: 6, seed: 11)
    let y = d.unitRows.map { u in zip(u, a).reduce(1.0) { $0 * (abs(4 * $1.0 - 2) + $1.1) / (1 + $1.1) } }
    let (fA, fB, fAB) = try SobolIndices.split(y, parameters: 6)
    let s = try SobolIndices(parameters: (1...6).map { "x\($0)" }, fA: fA, fB: fB, fAB: fAB, resamples: 200)
    XCTAssertGreaterThan(s.st[0], s.st[1])
    XCTAssertGreaterThan(s.st[1], s.st[2])
    XCTAssertGreaterThan(s.st[2], s.st[3])
    XCTAssertGreaterThan(s.st[3], s.st[4])
    XCTAssertGreaterThan(s.st[3], s.st[5])
    let vi = a.map { 1 / (3 * (1 + $0) * (1 + $0)) }
    let v = vi.reduce(1.0) { $0 * (1 + $1) } - 1
    for i in 0..<4 { XCTAssertEqual(s.s1[i], vi[i] / v, accuracy: 0.03, "S1[\(i)]") }
  }

  /// Morris on y = 2a − 0.5b + 0c over [0, 1]³ and on y = 3a over [10, 20]: μ* = |coefficient| ×
  /// range, σ = 0.
  func testMorrisLinear() throws {
    let d = try MorrisDesign(trajectories: 20, levels: 4, parameters: 3, seed: 5)
    XCTAssertEqual(d.unitRows.count, 20 * 4)
    for ranges in [[(0.0, 1.0), (0.0, 1.0), (0.0, 1.0)], [(10.0, 20.0), (-1.0, 1.0), (0.0, 5.0)]] {
      let y = d.unitRows.map { u -> Double in
        let x = zip(u, ranges).map { $1.0 + $0 * ($1.1 - $1.0) }
        return 2 * x[0] - 0.5 * x[1]
      }
      let e = try MorrisIndices.effects(y: y, changed: d.changed, parameters: 3)
      let m = try MorrisIndices(parameters: ["a", "b", "c"], effects: e)
      let want = [2.0, 0.5, 0.0].enumerated().map { $1 * (ranges[$0].1 - ranges[$0].0) }
      for i in 0..<3 {
        XCTAssertEqual(m.muStar[i], want[i], accuracy: 1e-9)
        XCTAssertEqual(m.sigma[i], 0, accuracy: 1e-9)
        XCTAssertEqual(m.muStarInterval[i].low, want[i], accuracy: 1e-9)
      }
      XCTAssertEqual(m.mu[1], -want[1], accuracy: 1e-9)
    }
  }

  /// Every Morris step moves one coordinate by ±Δ = p/(2(p−1)) and stays on the grid in [0, 1].
  func testMorrisTrajectoriesOnGrid() throws {
    let d = try MorrisDesign(trajectories: 50, levels: 6, parameters: 4, seed: 2)
    for (p, row) in d.unitRows.enumerated() {
      XCTAssertTrue(row.allSatisfy { (0...1).contains($0) && abs(($0 * 5).rounded() - $0 * 5) < 1e-12 })
      guard let c = d.changed[p] else { continue }
      XCTAssertEqual(abs(c.unitStep), 0.6, accuracy: 1e-12)
      XCTAssertEqual(row[c.parameter] - d.unitRows[p - 1][c.parameter], c.unitStep, accuracy: 1e-12)
      XCTAssertEqual(zip(row, d.unitRows[p - 1]).filter { $0 != $1 }.count, 1)
    }
    XCTAssertThrowsError(try MorrisDesign(trajectories: 5, levels: 5, parameters: 2, seed: 1)) { error in
      guard case .input(let message)? = error as? SensitivityError else { return XCTFail("\(error)") }
      XCTAssertTrue(message.hasPrefix("--levels must be an even number"), message)
    }
  }

  /// The scrambled Sobol' points are uniform: every one-dimensional margin of A and B has mean ½
  /// and each half holds half the points; different seeds scramble differently; same seed, same points.
  func testScrambledSobolIsUniformAndReproducible() throws {
    let d = try SobolDesign(n: 1024, parameters: 2, seed: 9)
    let a = d.unitRows.enumerated().filter { $0.offset % 4 == 0 }.map(\.element)
    for j in 0..<2 {
      XCTAssertEqual(a.map { $0[j] }.reduce(0, +) / 1024, 0.5, accuracy: 0.002)
      XCTAssertEqual(a.filter { $0[j] < 0.5 }.count, 512)
    }
    XCTAssertEqual(try SobolDesign(n: 16, parameters: 2, seed: 9).unitRows, Array(d.unitRows.prefix(64)))
    XCTAssertNotEqual(try SobolDesign(n: 16, parameters: 2, seed: 10).unitRows, Array(d.unitRows.prefix(64)))
  }

  /// Bootstrap coverage sanity: over 40 Ishigami designs of N = 512 (different scrambles), the 95%
  /// interval of ST(x2) covers 0.4424 in most (at least 30 of 40; a percentile interval at this N
  /// covers about 90–95%).
  func testBootstrapCoverage() throws {
    var covered = 0
    for seed in 1...40 {
      let d = try SobolDesign(n: 512, parameters: 3, seed: UInt32(seed))
      let y = d.unitRows.map { u -> Double in
        let x = u.map { -Double.pi + 2 * Double.pi * $0 }
        return sin(x[0]) + 7 * pow(sin(x[1]), 2) + 0.1 * pow(x[2], 4) * sin(x[0])
      }
      let (fA, fB, fAB) = try SobolIndices.split(y, parameters: 3)
      let s = try SobolIndices(
        parameters: ["x1", "x2", "x3"], fA: fA, fB: fB, fAB: fAB, resamples: 300, seed: UInt32(seed))
      if s.stInterval[1].low <= 0.4424 && 0.4424 <= s.stInterval[1].high { covered += 1 }
    }
    XCTAssertGreaterThanOrEqual(covered, 30)
  }

  /// Noise share: means of R replicates of pure noise (σ² = 1) around a signal of variance V
  /// report ν ≈ 1/R and suggest R with ν/V_signal ≤ 5%.
  func testNoiseShare() {
    let noise = NoiseShare(meanVariances: [Double](repeating: 0.1, count: 50), replicates: [10], variance: 0.5)
    XCTAssertEqual(noise.noiseVariance, 0.1, accuracy: 1e-12)
    XCTAssertEqual(noise.share, 0.2, accuracy: 1e-12)
    // σ² per replicate = 1, signal variance 0.4: R ≥ 1 / (0.05 · 0.4) = 50
    XCTAssertEqual(noise.suggestedReplicates, 50)
  }

  /// Design tables: writing, reading back, and errors naming the file, line and column.
  func testDesignCSVRoundTripAndErrors() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sens-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let ranges = try ["a=0:1", "b=-2:2"].map(SensitivityAnalysis.Range.init(parsing:))
    XCTAssertThrowsError(try SensitivityAnalysis.Range(parsing: "a=1:0")) { error in
      guard case .input(let message)? = error as? SensitivityError else { return XCTFail("\(error)") }
      XCTAssertEqual(message, "--param 'a=1:0': LOW must be below HIGH")
    }
    XCTAssertThrowsError(try SensitivityAnalysis.Range(parsing: "a")) { error in
      guard case .input(let message)? = error as? SensitivityError else { return XCTFail("\(error)") }
      XCTAssertEqual(message, "--param 'a': expected NAME=LOW:HIGH")
    }
    let url = dir.appendingPathComponent("d.csv")
    try SensitivityAnalysis.writeSobol(try SobolDesign(n: 64, parameters: 2, seed: 1), ranges: ranges, to: url)
    var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    XCTAssertEqual(lines[0], "row,base,matrix,a,b")
    XCTAssertEqual(lines.count, 1 + 64 * 4)
    lines[0] += ",y"
    for i in 1..<lines.count {
      let f = lines[i].split(separator: ",")
      lines[i] += "," + String(Double(f[3])! + 0.1 * Double(f[4])!)
    }
    try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    let rows = try SensitivityAnalysis.sobol(designCSV: url.path, output: "y")
    XCTAssertEqual(rows.map { $0[1] }, ["a", "b"])
    XCTAssertThrowsError(try SensitivityAnalysis.sobol(designCSV: url.path, output: "z")) { e in
      XCTAssertTrue(e is SensitivityError, "\(type(of: e)): \(e)")
      XCTAssertTrue("\(e)".contains("d.csv:1: no column 'z'"), "\(e)")
    }
    lines[5] =
      lines[5].replacingOccurrences(of: ",A,", with: ",A,").split(separator: ",").dropLast().joined(
        separator: ",") + ",oops"
    try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try SensitivityAnalysis.sobol(designCSV: url.path, output: "y")) { e in
      XCTAssertTrue(e is SensitivityError, "\(type(of: e)): \(e)")
      XCTAssertTrue("\(e)".contains("d.csv:6:6: y = 'oops' is not a finite number"), "\(e)")
    }
  }

  /// 10^5 rows (N = 20 000, k = 3) with 1000 bootstrap resamples: seconds, not minutes.
  func testLargeAnalysisIsFast() throws {
    let d = try SobolDesign(n: 20_000, parameters: 3, seed: 1)
    let y = d.unitRows.map { $0[0] + 2 * $0[1] * $0[2] }
    let (fA, fB, fAB) = try SobolIndices.split(y, parameters: 3)
    let start = Date()
    _ = try SobolIndices(parameters: ["a", "b", "c"], fA: fA, fB: fB, fAB: fAB)
    XCTAssertLessThan(Date().timeIntervalSince(start), 20)
  }
}
