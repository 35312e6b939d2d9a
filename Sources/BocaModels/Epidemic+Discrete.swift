import BocaRandom
import Foundation

extension Epidemic {
  /// One discrete-time replicate (see the type's documentation for the step). Returns the
  /// number of nodes ever infected; fills `trace.order`, and `stepEnds`/`stateCounts` when
  /// recording.
  func runDiscrete(
    beta: Double, gamma: Double, infection: Infection, seeds: [UInt32], rng: RandomGenerator, horizon: Int?,
    workspace ws: EpidemicWorkspace, trace: inout ReplicateTrace
  ) -> Int {
    let epoch = ws.nextEpoch()
    let ever = ws.ever
    let infected = ws.infected
    let hits = ws.hits
    let sis = kind == .sis
    let n = network.nodeCount
    let maxSteps = horizon ?? (sis ? Epidemic.defaultSISHorizon : .max)
    let recording = trace.recording
    var current = ws.current
    var next = ws.next
    var candidates = ws.candidates
    ws.current = []
    ws.next = []
    ws.candidates = []
    defer {
      ws.current = current
      ws.next = next
      ws.candidates = candidates
    }

    for s in seeds where ever[Int(s)] != epoch {
      ever[Int(s)] = epoch
      infected[Int(s)] = epoch
      trace.order.append(s)
      current.append(s)
    }

    func record(_ trace: inout ReplicateTrace, _ infectedNow: Int) {
      guard recording else { return }
      let everCount = trace.order.count
      trace.stepEnds.append(everCount)
      if sis {
        trace.stateCounts.append(n - infectedNow)
        trace.stateCounts.append(infectedNow)
      } else {
        trace.stateCounts.append(n - everCount)
        trace.stateCounts.append(infectedNow)
        trace.stateCounts.append(everCount - infectedNow)
      }
    }
    record(&trace, current.count)

    let trials = BernoulliTrials(p: beta)
    var step = 0
    network.offsets.withUnsafeBufferPointer { offsets in
      network.targets.withUnsafeBufferPointer { targets in
        network.inDegree.withUnsafeBufferPointer { inDegree in
          @inline(__always) func susceptible(_ v: Int) -> Bool {
            sis ? infected[v] != epoch : ever[v] != epoch
          }
          @inline(__always) func infect(_ v: Int, _ trace: inout ReplicateTrace) {
            infected[v] = epoch
            if ever[v] != epoch {
              ever[v] = epoch
              trace.order.append(UInt32(v))
            }
            next.append(UInt32(v))
          }

          while !current.isEmpty && step < maxSteps {
            next.removeAll(keepingCapacity: true)
            switch infection {
            case .neighbour:
              for u in current {
                trials.forEachSuccess(in: offsets[Int(u)]..<offsets[Int(u) + 1], rng) { i in
                  let v = Int(targets[i])
                  if susceptible(v) { infect(v, &trace) }
                }
              }
            case .node, .fraction:
              candidates.removeAll(keepingCapacity: true)
              for u in current {
                for i in offsets[Int(u)]..<offsets[Int(u) + 1] {
                  let v = Int(targets[i])
                  guard susceptible(v) else { continue }
                  if hits[v] == 0 { candidates.append(UInt32(v)) }
                  hits[v] += 1
                }
              }
              for c in candidates {
                let v = Int(c)
                let p = infection == .node ? beta : beta * Double(hits[v]) / Double(inDegree[v])
                if rng.uniform() < p { infect(v, &trace) }
                hits[v] = 0
              }
            }
            for u in current {
              if rng.uniform() < gamma {
                if sis { infected[Int(u)] = 0 }
              } else {
                next.append(u)
              }
            }
            swap(&current, &next)
            step += 1
            record(&trace, current.count)
          }
        }
      }
    }
    // SIS traces run to the horizon even after extinction (prevalence 0 is an observation).
    if sis && recording {
      while step < maxSteps {
        step += 1
        record(&trace, 0)
      }
    }
    return trace.order.count
  }
}
