#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a whitespace-separated edge list in the SNAP / peer-benchmark format into a one-layer
/// ``MultiplexGraph``.
///
/// The format (the same as `bench/peers/README.md`):
/// - one edge per line: two non-negative integer node ids separated by blanks, `u v`; with
///   `weighted: true` a third field is the edge weight (a finite decimal number, stored as
///   `Float`), `u v w`;
/// - anything after `#` is a comment; blank lines are ignored; `\r\n` line ends are accepted;
/// - a line with a single id declares a node (used for isolated nodes);
/// - undirected unless `directed` (then `u v` is the edge u → v);
/// - self-loops are dropped and duplicate edges merged (the first weight is kept); both are
///   counted in the ``ReadReport``. For undirected graphs `u v` and `v u` are the same edge;
/// - nodes are the ids that occur; ids need not be contiguous and are relabelled 0..<n in
///   increasing id order (see ``IDRelabeller``); ``MultiplexGraph/originalIDs`` keeps them
///   (`nil` when the ids are exactly 0..<n).
///
/// Malformed input throws a ``GraphInputError`` naming the file and line: a header line (a first
/// line such as `source,target` or `from to`, whose first token starts with a letter), a non-numeric or
/// negative id, a line with too many fields (or, when weighted, an edge without weight), a bad
/// weight, a file with no node at all, a file that cannot be opened.
///
/// Performance: the file is read in 4 MiB chunks and integers are parsed from the bytes; ids
/// that fit in 32 bits are held in 4 bytes each and relabelled in place.
public enum EdgeListReader {
  /// Reads `path` into a graph with one layer named `layerName`.
  ///
  /// - Parameters:
  ///   - directed: whether `u v` means u → v.
  ///   - weighted: whether edge lines carry a third field, the weight.
  ///   - keepInAdjacency: whether a directed layer keeps its in-adjacency.
  public static func read(
    path: String, directed: Bool, layerName: String = "default", weighted: Bool = false,
    keepInAdjacency: Bool = true
  ) throws -> (graph: MultiplexGraph, report: ReadReport) {
    let start = ContinuousClock.now
    var sources = IDColumn()
    var targets = IDColumn()
    var lone = IDColumn()
    var weights = [Float]()
    let maxFields = weighted ? 3 : 2
    let fileSize = Self.fileSize(path)
    let (lines, bytes) = try LineScanner.forEachLine(path: path) { line, lineNumber in
      // The header EdgeListWriter writes (`# n=<nodes> m=<edges> …`) tells how many edges to
      // expect: reserve the id columns once instead of growing them by doubling (a hint only,
      // capped by what the file's size allows: an edge line takes at least 4 bytes).
      if lineNumber <= 2, line.count > 0, line[0] == UInt8(ascii: "#"), sources.count == 0,
        let m = Self.edgeCountHint(line), m > 0
      {
        let expected = min(m, fileSize / 4 + 1)
        sources.reserveCapacity(expected)
        targets.reserveCapacity(expected)
        if weighted { weights.reserveCapacity(expected) }
      }
      // Fast path for the common line `digits blanks digits [blanks]` (unweighted): ids of at
      // most 18 digits cannot overflow. Anything else goes through the general parser below,
      // which gives the same result or the error for the line.
      if !weighted, let (u, v) = Self.plainEdge(line) {
        sources.append(u)
        targets.append(v)
        return
      }
      if sources.count == 0 && lone.count == 0, Self.looksLikeHeader(line) {
        throw GraphInputError(
          .malformed, file: path, line: lineNumber,
          expected:
            "an edge line 'u v', not a header: an edge list has no header line (delete the line or comment it out with '#'; a table with columns source,target[,layer] is read as CSV when its file name ends in .csv)",
          found: GraphInputError.text(ByteParsing.trimmed(line)))
      }
      // Split into at most `maxFields` blank-separated tokens, stopping at `#`.
      var starts = (0, 0, 0)
      var ends = (0, 0, 0)
      var fields = 0
      var i = 0
      let n = line.count
      while true {
        while i < n && ByteParsing.isBlank(line[i]) { i += 1 }
        if i == n || line[i] == UInt8(ascii: "#") { break }
        let s = i
        while i < n && !ByteParsing.isBlank(line[i]) && line[i] != UInt8(ascii: "#") { i += 1 }
        fields += 1
        if fields > maxFields {
          throw GraphInputError(
            .fieldCount, file: path, line: lineNumber,
            expected: weighted ? "at most 3 fields 'u v weight'" : "at most 2 fields 'u v'",
            found: GraphInputError.text(ByteParsing.trimmed(line)))
        }
        switch fields {
        case 1: (starts.0, ends.0) = (s, i)
        case 2: (starts.1, ends.1) = (s, i)
        default: (starts.2, ends.2) = (s, i)
        }
      }
      if fields == 0 { return }
      let u = try id(line, starts.0, ends.0, path, lineNumber)
      if fields == 1 {
        lone.append(u)
        return
      }
      if weighted && fields == 2 {
        throw GraphInputError(
          .fieldCount, file: path, line: lineNumber, expected: "3 fields 'u v weight' (or 1 to declare a node)",
          found: GraphInputError.text(ByteParsing.trimmed(line)))
      }
      let v = try id(line, starts.1, ends.1, path, lineNumber)
      if weighted {
        let token = UnsafeBufferPointer(rebasing: line[starts.2..<ends.2])
        guard let w = ByteParsing.parseDouble(token), Float(w).isFinite else {
          throw GraphInputError(
            .invalidWeight, file: path, line: lineNumber, expected: "a finite number as weight",
            found: GraphInputError.text(token))
        }
        weights.append(Float(w))
      }
      sources.append(u)
      targets.append(v)
    }
    if sources.count == 0 && lone.count == 0 {
      throw GraphInputError(
        .emptyFile, file: path, line: max(1, lines), expected: "at least one node or edge",
        found: bytes == 0 ? "an empty file" : "only comments and blank lines")
    }
    // The relabeller (its map and id list) is dropped before the layer is built.
    let (s, t, nodeCount, originalIDs) = { () -> ([UInt32], [UInt32], Int, [Int64]?) in
      let relabeller = IDRelabeller(columns: [sources, targets, lone])
      lone = IDColumn()
      let s = sources.relabelled(by: relabeller)
      sources = IDColumn()
      let t = targets.relabelled(by: relabeller)
      targets = IDColumn()
      return (s, t, relabeller.count, relabeller.graphOriginalIDs)
    }()
    var graph = MultiplexGraph(nodeCount: nodeCount, originalIDs: originalIDs)
    let w: [Float]? = weighted ? weights : nil
    weights = []
    let layerReport = try graph.addLayer(
      name: layerName, directed: directed, sources: consume s, targets: consume t, weights: consume w,
      keepInAdjacency: keepInAdjacency)
    var report = ReadReport(lines: lines, bytes: bytes)
    report.add(layerReport)
    report.seconds = secondsSince(start)
    return (graph, report)
  }

  /// The two ids of a line that is exactly `digits blanks digits [blanks]` with at most 18
  /// digits per id, or `nil` for any other line.
  @inline(__always)
  static func plainEdge(_ line: UnsafeBufferPointer<UInt8>) -> (Int64, Int64)? {
    let n = line.count
    var i = 0
    var u: Int64 = 0
    while i < n {
      let d = line[i] &- 0x30
      if d > 9 { break }
      u = u &* 10 &+ Int64(d)
      i += 1
    }
    if i == 0 || i > 18 || i == n || !ByteParsing.isBlank(line[i]) { return nil }
    i += 1
    while i < n && ByteParsing.isBlank(line[i]) { i += 1 }
    let vStart = i
    var v: Int64 = 0
    while i < n {
      let d = line[i] &- 0x30
      if d > 9 { break }
      v = v &* 10 &+ Int64(d)
      i += 1
    }
    if i == vStart || i - vStart > 18 { return nil }
    while i < n && ByteParsing.isBlank(line[i]) { i += 1 }
    return i == n ? (u, v) : nil
  }

  /// The `m=<edges>` value of a header comment line, if any.
  static func edgeCountHint(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
    let n = line.count
    var i = 1
    while i + 2 < n {
      if line[i] == UInt8(ascii: "m") && line[i + 1] == UInt8(ascii: "=") && ByteParsing.isBlank(line[i - 1]) {
        var j = i + 2
        var value = 0
        while j < n, line[j] >= 0x30, line[j] <= 0x39, value < 1 << 50 {
          value = value * 10 + Int(line[j] - 0x30)
          j += 1
        }
        return j > i + 2 ? value : nil
      }
      i += 1
    }
    return nil
  }

  /// The size of the file at `path` in bytes (0 when unknown).
  static func fileSize(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
  }

  /// Parses the id in `line[from..<to]`, or throws the error for its line.
  @inline(__always)
  /// Whether the first data line's first token starts with a letter (`source`, `from`, `node`…):
  /// a header line, which this format does not have.
  static func looksLikeHeader(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    while i < line.count && ByteParsing.isBlank(line[i]) { i += 1 }
    guard i < line.count else { return false }
    let c = line[i] | 0x20
    return c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")
  }

  private static func id(
    _ line: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ path: String, _ lineNumber: Int
  ) throws -> Int64 {
    let token = UnsafeBufferPointer(rebasing: line[from..<to])
    let value = ByteParsing.parseID(token)
    if value >= 0 { return value }
    throw GraphInputError.nodeID(value, token, file: path, line: lineNumber)
  }
}
