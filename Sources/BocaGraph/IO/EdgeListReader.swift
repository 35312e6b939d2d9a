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
/// Malformed input throws a ``GraphInputError`` naming the file and line: a non-numeric or
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
    let (lines, bytes) = try LineScanner.forEachLine(path: path) { line, lineNumber in
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
    let relabeller = IDRelabeller(columns: [sources, targets, lone])
    lone = IDColumn()
    let s = sources.relabelled(by: relabeller)
    sources = IDColumn()
    let t = targets.relabelled(by: relabeller)
    targets = IDColumn()
    var graph = MultiplexGraph(nodeCount: relabeller.count, originalIDs: relabeller.graphOriginalIDs)
    let layerReport = try graph.addLayer(
      name: layerName, directed: directed, sources: s, targets: t, weights: weighted ? weights : nil,
      keepInAdjacency: keepInAdjacency)
    var report = ReadReport(lines: lines, bytes: bytes)
    report.add(layerReport)
    report.seconds = secondsSince(start)
    return (graph, report)
  }

  /// Parses the id in `line[from..<to]`, or throws the error for its line.
  @inline(__always)
  private static func id(
    _ line: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ path: String, _ lineNumber: Int
  ) throws -> Int64 {
    let token = UnsafeBufferPointer(rebasing: line[from..<to])
    let value = ByteParsing.parseID(token)
    if value >= 0 { return value }
    throw GraphInputError(
      value == ByteParsing.negative ? .negativeID : .invalidID, file: path, line: lineNumber,
      expected: "a non-negative integer node id", found: GraphInputError.text(token))
  }
}
