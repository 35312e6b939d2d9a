import BocaRandom

extension Generators {
  /// A new layer over the same nodes as `base` that shares a chosen fraction of its edges with
  /// `base` (the same people connected on two platforms).
  ///
  /// The rule, exactly:
  /// 1. The base edges are taken once each, in base order (a repeated listing and self-loops are
  ///    ignored): B edges.
  /// 2. The new layer has M = `edgeCount` edges (default B), of which S = min(B, round(overlap·M))
  ///    are shared: S base edges chosen uniformly without replacement (`gsl_ran_choose`), listed
  ///    first, in base order.
  /// 3. The other F = M − S edges are fresh: never a base edge, a self-loop or a repeat. When
  ///    `fresh` is given, it is called once with `rng` to generate a candidate layer (an ER, BA,
  ///    WS… graph over the same nodes) whose edges are visited in a uniformly shuffled order and
  ///    taken while they qualify; when there is no `fresh`, or its edges run out, uniformly random
  ///    node pairs (two `uniformInt(n)` draws, redrawn until they qualify) fill the rest.
  ///
  /// So the fraction of the new layer's edges that are in `base` is exactly S/M (within 1/(2M)
  /// of `overlap` unless capped at B), and the Jaccard index of the two edge sets is S / (B + M − S) — with M = B,
  /// overlap/(2 − overlap). The fresh part is a uniform sample of the candidate layer's edges, so
  /// it keeps its degree distribution in proportion but not all of its structure (for example,
  /// a sampled WS layer loses clustering as (F / M_candidate)³).
  ///
  /// Complexity: O(n + B + M + |candidate|) expected time while the layers are sparse (the
  /// uniform fill redraws with probability about (B + M)/(n(n − 1)/2)); O(B + M) memory.
  ///
  /// References: the multiplex "edge overlap" of F. Battiston, V. Nicosia and V. Latora,
  /// "Structural measures for multiplex networks", Physical Review E 89 (2014) 032804;
  /// D. E. Knuth, *The Art of Computer Programming* vol. 2, §3.4.2 (selection sampling).
  ///
  /// - Throws: ``GraphError/invalidParameter(_:)`` when `overlap` is not in [0, 1], `edgeCount`
  ///   is negative, the candidate layer has another node count or direction, or the F fresh
  ///   edges cannot fit among the node pairs left over by the base; any error of `fresh`.
  public static func overlappingLayer(
    base: EdgeSet, overlap: Double, edgeCount: Int? = nil, rng: RandomGenerator,
    fresh: ((RandomGenerator) throws -> EdgeSet)? = nil
  ) throws -> EdgeSet {
    guard overlap >= 0, overlap <= 1 else {
      throw GraphError.invalidParameter("overlappingLayer: expected overlap in [0, 1], found \(overlap)")
    }
    let n = base.nodeCount
    let directed = base.directed
    var inBase = Set<UInt64>(minimumCapacity: base.count)
    var baseEdges = [Int]()
    baseEdges.reserveCapacity(base.count)
    for i in 0..<base.count where base.sources[i] != base.targets[i] {
      if inBase.insert(base.key(i)).inserted { baseEdges.append(i) }
    }
    let total = edgeCount ?? baseEdges.count
    guard total >= 0 else {
      throw GraphError.invalidParameter("overlappingLayer: expected an edge count ≥ 0, found \(total)")
    }
    let shared = min(baseEdges.count, Int((overlap * Double(total)).rounded()))
    let needed = total - shared
    let pairs = directed ? Double(n) * Double(n - 1) : Double(n) * Double(n - 1) / 2
    guard Double(needed) <= pairs - Double(baseEdges.count) else {
      throw GraphError.invalidParameter(
        "overlappingLayer: \(needed) fresh edges do not fit in the \(Int(pairs) - baseEdges.count) node pairs the base layer leaves free"
      )
    }

    var edges = EdgeSet(nodeCount: n, directed: directed)
    edges.reserveCapacity(total)
    for j in rng.choose(shared, from: baseEdges.count) {
      let i = baseEdges[j]
      edges.append(base.sources[i], base.targets[i])
    }
    guard needed > 0 else { return edges }

    var taken = Set<UInt64>(minimumCapacity: needed)
    func take(_ u: UInt32, _ v: UInt32) -> Bool {
      guard u != v else { return false }
      let key = EdgeSet.key(u, v, directed: directed)
      guard !inBase.contains(key), taken.insert(key).inserted else { return false }
      edges.append(u, v)
      return true
    }
    var filled = 0
    if let fresh {
      let candidate = try fresh(rng)
      guard candidate.nodeCount == n, candidate.directed == directed else {
        throw GraphError.invalidParameter(
          "overlappingLayer: the fresh layer has \(candidate.nodeCount) nodes (directed: \(candidate.directed)), expected \(n) (directed: \(directed))"
        )
      }
      var order = Array(0..<candidate.count)
      rng.shuffle(&order)
      for i in order where filled < needed {
        if take(candidate.sources[i], candidate.targets[i]) { filled += 1 }
      }
    }
    while filled < needed {
      let u = UInt32(rng.uniformInt(n))
      let v = UInt32(rng.uniformInt(n))
      if take(u, v) { filled += 1 }
    }
    return edges
  }

  /// `count` layers over the same nodes: layer 0 from `generate`, and each later layer an
  /// ``overlappingLayer(base:overlap:edgeCount:rng:fresh:)`` of layer 0 with the same edge count,
  /// sharing the fraction `overlap` of its edges with layer 0 and filling the rest from a fresh
  /// `generate` call.
  ///
  /// Layers i, j ≥ 1 share edges only through layer 0 (plus fresh coincidences, rare when
  /// sparse): each holds an independent uniform S-subset of layer 0's B edges, so they share
  /// S²/B edges on average, a fraction about overlap² of each.
  ///
  /// Complexity: `count` times that of `generate` plus O(n + m) per layer.
  ///
  /// - Throws: as ``overlappingLayer(base:overlap:edgeCount:rng:fresh:)``, or `generate`'s error.
  public static func overlappingLayers(
    count: Int, overlap: Double, rng: RandomGenerator, generate: (RandomGenerator) throws -> EdgeSet
  ) throws -> [EdgeSet] {
    guard count > 0 else { return [] }
    let first = try generate(rng)
    var layers = [first]
    try withoutActuallyEscaping(generate) { generate in
      for _ in 1..<count {
        layers.append(try overlappingLayer(base: first, overlap: overlap, rng: rng, fresh: generate))
      }
    }
    return layers
  }
}
