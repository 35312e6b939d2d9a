/// Greedy maximum coverage of stored RR sets, with OPIM-C's upper bound on the best coverage.
///
/// ## Rule
/// Pick `k` candidates one at a time, each covering the most sets not yet covered (ties by the
/// higher `priority`, then the lower id). Each node's count of uncovered sets sits in a lazy
/// max-heap (counts only fall).
///
/// ## Bound
/// For S_j the first j picks and Δ(v | S_j) the uncovered sets v meets, every set T of `boundSize`
/// candidates covers at most Cov(S_j) + Σ of the `boundSize` largest Δ(v | S_j) (submodularity),
/// so Λᵘ = min over j of that sum bounds the optimum's coverage of these sets (Tang, Tang, Xiao &
/// Yuan 2018, §4.2). The minimum is taken over j = 0, 1, 2, 4, 8, … and the last pick: a subset
/// of the prefixes still gives a bound, at log k scans of the candidates instead of k.
///
/// Complexity: O(Σ|R| + n log n) for the picks, plus O(c log b) per bound evaluation, O(log k)
/// of them (c candidates, b = `boundSize`). Memory: 4 bytes per entry (the inverted index) and 8 per node.
///
/// Reference: J. Tang, X. Tang, X. Xiao, J. Yuan, "Online processing algorithms for influence
/// maximization", SIGMOD 2018.
struct MaxCoverage {
  /// The picks, in order.
  var seeds: [UInt32] = []
  /// The sets each pick newly covered (its marginal coverage when picked).
  var gains: [Int] = []
  /// The sets they cover.
  var covered = 0
  /// Λᵘ: at least the coverage of any `boundSize` candidates (only when a bound was asked for).
  var upperBound = Int.max

  /// - Parameters:
  ///   - fixed: nodes already chosen (a sentinel set): never picked again.
  ///   - priority: breaks ties in coverage, higher first (e.g. out-degree, as HIST does).
  ///   - boundSize: the size of the sets the bound is for, or `nil` for no bound.
  init(
    _ sets: ReverseReachableSets, k: Int, pool: CandidatePool, nodeCount: Int, fixed: [UInt32] = [],
    priority: [Int]? = nil, boundSize: Int? = nil
  ) {
    // Inverted index: node -> the sets that contain it.
    var start = [Int](repeating: 0, count: nodeCount + 1)
    for v in sets.entries { start[Int(v) + 1] += 1 }
    for v in 0..<nodeCount { start[v + 1] += start[v] }
    var cursor = start
    var index = [UInt32](repeating: 0, count: sets.entries.count)
    for s in 0..<sets.count {
      for j in sets.offsets[s]..<sets.offsets[s + 1] {
        let v = Int(sets.entries[j])
        index[cursor[v]] = UInt32(s)
        cursor[v] += 1
      }
    }
    var count = (0..<nodeCount).map { start[$0 + 1] - start[$0] }
    // The key is the count plus a fraction in [0, 1) ordering ties by priority: ⌊key⌋ = count.
    let top = priority.map { ($0.max() ?? 0) + 1 } ?? 1
    func key(_ v: Int) -> Double { Double(count[v]) + Double(priority?[v] ?? 0) / Double(top) }
    var heap = NodeHeap(pool.nodes.map { NodeHeap.Entry(key: key(Int($0)), node: $0, tag: 0) })
    var coveredSet = [Bool](repeating: false, count: sets.count)
    var chosen = [Bool](repeating: false, count: nodeCount)
    for v in fixed { chosen[Int(v)] = true }
    if let boundSize { upperBound = Self.topSum(count, pool: pool, size: boundSize) }
    while seeds.count < k, let top = heap.pop() {
      let u = Int(top.node)
      if chosen[u] { continue }
      if Int(top.key) != count[u] {
        heap.push(NodeHeap.Entry(key: key(u), node: top.node, tag: 0))
        continue
      }
      chosen[u] = true
      seeds.append(top.node)
      let before = covered
      for j in start[u]..<start[u + 1] {
        let s = Int(index[j])
        if coveredSet[s] { continue }
        coveredSet[s] = true
        covered += 1
        for e in sets.offsets[s]..<sets.offsets[s + 1] { count[Int(sets.entries[e])] -= 1 }
      }
      gains.append(covered - before)
      // The bound at j = 1, 2, 4, 8, … and at the last pick: any prefixes give a valid bound, and
      // these keep its cost to O(c log b · log k) rather than O(c log b · k).
      let j = seeds.count
      if let boundSize, j & (j - 1) == 0 || j == k {
        upperBound = min(upperBound, covered + Self.topSum(count, pool: pool, size: boundSize))
      }
    }
  }

  /// The sum of the `size` largest counts among the candidates: one pass with a min-heap of `size`.
  private static func topSum(_ count: [Int], pool: CandidatePool, size: Int) -> Int {
    guard size > 0 else { return 0 }
    var heap: [Int] = []
    heap.reserveCapacity(size)
    func siftDown(_ start: Int) {
      var i = start
      while true {
        let l = 2 * i + 1
        let r = l + 1
        var least = i
        if l < heap.count && heap[l] < heap[least] { least = l }
        if r < heap.count && heap[r] < heap[least] { least = r }
        if least == i { return }
        heap.swapAt(i, least)
        i = least
      }
    }
    for v in pool.nodes {
      let c = count[Int(v)]
      if heap.count < size {
        heap.append(c)
        var i = heap.count - 1
        while i > 0 && heap[(i - 1) / 2] > heap[i] {
          heap.swapAt(i, (i - 1) / 2)
          i = (i - 1) / 2
        }
      } else if c > heap[0] {
        heap[0] = c
        siftDown(0)
      }
    }
    return heap.reduce(0, +)
  }
}
