import BocaRandom
import Dispatch
import Foundation

/// Simulates a ``HazardModel`` forward on the network, for the predictive check of a fit.
///
/// Period by period t = 1…T', every node that has not adopted adopts with the hazard h_i(t) of
/// its exposure to contacts that adopted before t (one uniform draw per node at risk, in node
/// order); nobody has adopted before period 1. This is the discrete-time process of the
/// `goldenberg` model of BocaModels (h = 1 − (1 − p)(1 − q)^e, external influence p and one
/// independent chance q per adopted contact) and of its network `bass` model with fractional
/// exposure (h = p + q·e/k), restricted to what the likelihood assumes: no seeds, every node at
/// risk from period 1, exposure from contacts that adopted in earlier periods.
public struct HazardSimulator: Sendable {
  public let model: HazardModel
  let contactCounts: [Int]
  /// `influenced[l][j]`: nodes that count j in their exposure e_l.
  let influenced: [[[UInt32]]]

  public init(model: HazardModel, contacts: NetworkContacts, perLayer: Bool) {
    self.model = model
    contactCounts = contacts.union.map(\.count)
    influenced = (perLayer ? contacts.perLayer : [contacts.union]).map(NetworkContacts.influenced)
  }

  /// One run: each node's adoption period in 1…`periods`, or 0 when it did not adopt.
  public func simulate(p: Double, q: [Double], periods: Int, rng: RandomGenerator) -> [Int] {
    simulate(p: [Double](repeating: p, count: contactCounts.count), q: q, periods: periods, rng: rng)
  }

  /// One run with each node's own external hazard `p[i]` (per-side fits).
  public func simulate(p: [Double], q: [Double], periods: Int, rng: RandomGenerator) -> [Int] {
    let n = contactCounts.count
    let layers = influenced.count
    var exposure = [[Int]](repeating: [Int](repeating: 0, count: n), count: layers)
    var toa = [Int](repeating: 0, count: n)
    var e = [Int](repeating: 0, count: layers)
    var adoptedNow: [Int] = []
    for t in 1...max(periods, 1) where periods >= 1 {
      adoptedNow.removeAll(keepingCapacity: true)
      for i in 0..<n where toa[i] == 0 {
        for l in 0..<layers { e[l] = exposure[l][i] }
        if rng.uniform() < model.hazard(p: p[i], q: q, e: e, k: contactCounts[i]) {
          toa[i] = t
          adoptedNow.append(i)
        }
      }
      for j in adoptedNow {
        for l in 0..<layers { for i in influenced[l][j] { exposure[l][Int(i)] += 1 } }
      }
    }
    return toa
  }

  /// `count` runs (`p[i]` the external hazard of node i), run s seeded with `seed(s)`, spread over `threads`; the result does not depend
  /// on `threads`. Returns the cumulative adoption fraction per period of all nodes (`[0]`) and of
  /// each side (`[1 + side]`), per run.
  public func curves(
    p: [Double], q: [Double], periods: Int, count: Int, threads: Int, nodeSide: [UInt16], sideCount: Int,
    seed: @escaping @Sendable (Int) -> UInt32
  ) throws -> [[[Double]]] {
    let groups = 1 + (sideCount > 1 ? sideCount : 0)
    let storage = CurveStorage(count: count)
    let workers = max(1, min(threads, count))
    let simulator = self
    let sideSizes = (0..<sideCount).map { s in nodeSide.filter { Int($0) == s }.count }
    let n = contactCounts.count
    let failure = FailureBox()
    DispatchQueue.concurrentPerform(iterations: workers) { w in
      do {
        let rng = try RandomGenerator(kind: .taus2, seed: 1)
        var s = w
        while s < count {
          rng.reseed(seed(s))
          let toa = simulator.simulate(p: p, q: q, periods: periods, rng: rng)
          var counts = [[Int]](repeating: [Int](repeating: 0, count: periods + 1), count: groups)
          for i in 0..<n where toa[i] > 0 {
            counts[0][toa[i]] += 1
            if groups > 1 { counts[1 + Int(nodeSide[i])][toa[i]] += 1 }
          }
          var run: [[Double]] = []
          for g in 0..<groups {
            let size = Double(g == 0 ? n : sideSizes[g - 1])
            var total = 0
            run.append(
              (1...max(periods, 1)).map { t in
                total += counts[g][t]
                return size > 0 ? Double(total) / size : 0
              })
          }
          storage.set(s, run)
          s += workers
        }
      } catch {
        failure.set(error)
      }
    }
    if let error = failure.error { throw error }
    return storage.values
  }
}

/// Per-run results written by index from worker threads (each index by one worker only).
final class CurveStorage: @unchecked Sendable {
  private var buffer: UnsafeMutableBufferPointer<[[Double]]>
  init(count: Int) {
    buffer = .allocate(capacity: count)
    _ = buffer.initialize(repeating: [])
  }
  deinit {
    buffer.deinitialize()
    buffer.deallocate()
  }
  func set(_ index: Int, _ value: [[Double]]) { buffer[index] = value }
  var values: [[[Double]]] { Array(buffer) }
}

/// The first error a worker met.
final class FailureBox: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var error: Error?
  func set(_ e: Error) { lock.withLock { if error == nil { error = e } } }
}
