import BocaGraph
import BocaRandom
import Foundation

extension IMMSeeding {
  /// OPIM-C's certified stopping rule with HIST's sentinel set (see the type's documentation).
  func runCertified(
    k: Int, graph: MultiplexGraph, layers: [Int], pool: CandidatePool, sampler: RRSampler, rng: RandomGenerator
  ) -> IMMReport {
    var report = IMMReport()
    report.schedule = .certified
    let n = Double(graph.nodeCount)
    let delta = pow(n, -ell)
    let e1 = 1 - 1 / M_E
    let logSixOverDelta = log(6) + ell * log(n)
    let root =
      e1 * logSixOverDelta.squareRoot()
      + (e1 * (Self.logBinomial(Double(pool.nodes.count), k) + logSixOverDelta)).squareRoot()
    let thetaMax = 2 * n * root * root / (epsilon * epsilon * Double(k))
    let theta0 = max(1, thetaMax * epsilon * epsilon * Double(k) / n)
    let rounds = max(1, Int(clamping: log2(thetaMax / theta0).rounded(.up), to: 0...64) + 1)  // the last has θ ≥ θ_max
    let a = log(3 * Double(rounds)) - log(delta)
    report.theta = Int(clamping: thetaMax.rounded(.up), to: 0...Int(Int32.max))

    var sets = ReverseReachableSets()
    var sentinel: [UInt32] = []
    var sentinelCovered = 0
    var target = Int(clamping: theta0.rounded(.up), to: 0...Int(Int32.max))
    let pilot = max(1, sentinelThreshold / 64)
    var sentinelTried = false
    let byteCap = collectionByteCap
    for round in 1...rounds {
      // A round whose sets would not fit in memory (projected from the bytes per set so far)
      // is not started: the last round's seeds and certificate stand.
      let made = sets.count + sentinelCovered
      if round > 1, made > 0, Double(sets.byteCount) / Double(made) * Double(target) > Double(byteCap) {
        report.truncated = true
        break
      }
      report.rounds = round
      // R₁: θ sets in all, whole or hit-and-stop at the sentinel.
      while sets.count + sentinelCovered < target {
        // HIST: rather than a round of whole sets too large to store, fix a sentinel set, picked
        // greedily from the whole sets at hand (at least `pilot` entries of them).
        if !sentinelTried, sets.entries.count >= pilot,
          Double(sets.entries.count) / Double(sets.count) * Double(target) > Double(sentinelThreshold)
        {
          sentinelTried = true
          sentinel = Self.sentinel(size: (k + 3) / 4, from: sets, graph: graph, layers: layers, pool: pool)
          if !sentinel.isEmpty {
            sampler.setStopSet(sentinel)
            sets.removeAll()
          }
          continue
        }
        if sets.entries.count >= maxEntries || sets.byteCount >= byteCap {
          report.truncated = true
          break
        }
        if sentinel.isEmpty {
          sampler.sample(into: &sets, rng: rng)
        } else if sampler.sampleTruncated(into: &sets, rng: rng) {
          sentinelCovered += 1
        }
      }
      let theta = sets.count + sentinelCovered
      let cover = MaxCoverage(
        sets, k: k - sentinel.count, pool: pool, nodeCount: graph.nodeCount, fixed: sentinel, boundSize: k)
      let seeds = sentinel + cover.seeds
      // R₂: θ fresh sets, each asked only whether it meets the seeds.
      sampler.setStopSet(seeds)
      var met = 0
      for _ in 0..<theta where sampler.meetsStopSet(rng: rng) { met += 1 }
      sampler.setStopSet(sentinel)

      let scale = n / Double(theta)
      let lower = max(0, pow((Double(met) + 2 * a / 9).squareRoot() - (a / 2).squareRoot(), 2) - a / 18) * scale
      let upper =
        pow((Double(sentinelCovered + cover.upperBound) + a / 2).squareRoot() + (a / 2).squareRoot(), 2) * scale
      report.seeds = seeds
      report.lowerBound = lower
      report.upperBound = upper
      report.approximation = upper > 0 ? lower / upper : 0
      report.estimatedSpread = Double(met) * scale
      report.setCount = theta
      report.entryCount = sets.entries.count
      report.sentinelSize = sentinel.count
      report.sentinelCovered = sentinelCovered
      if (report.approximation >= e1 - epsilon && met >= minimumCovered) || report.truncated { break }
      target *= 2
    }
    // At θ_max on whole sets greedy's own guarantee holds; otherwise the certificate is the guarantee.
    let certified = report.approximation >= e1 - epsilon
    let greedyGuarantee = sentinel.isEmpty && !report.truncated && Double(report.setCount) >= thetaMax
    report.achievedEpsilon = certified || greedyGuarantee ? epsilon : e1 - report.approximation
    return report
  }

  /// HIST's sentinel set: greedy picks on whole RR sets, ties broken by out-degree on the cascade's
  /// layers; once the picks stop covering new sets, the remaining places go to the highest
  /// out-degree candidates (Guo et al. 2020: a saturated greedy picks nodes that cover almost
  /// nothing, while hubs make hit-and-stop searches end early).
  static func sentinel(
    size: Int, from sets: ReverseReachableSets, graph: MultiplexGraph, layers: [Int], pool: CandidatePool
  ) -> [UInt32] {
    var degree = [Int](repeating: 0, count: graph.nodeCount)
    for i in layers {
      for v in 0..<graph.nodeCount { degree[v] += graph.layers[i].out.degree(v) }
    }
    let picks = MaxCoverage(sets, k: size, pool: pool, nodeCount: graph.nodeCount, priority: degree)
    var chosen = zip(picks.seeds, picks.gains).filter { $0.1 > 0 }.map(\.0)
    let taken = Set(chosen)
    let byDegree = pool.nodes.filter { !taken.contains($0) }.sorted {
      degree[Int($0)] != degree[Int($1)] ? degree[Int($0)] > degree[Int($1)] : $0 < $1
    }
    chosen += byDegree.prefix(size - chosen.count)
    return chosen
  }
}
