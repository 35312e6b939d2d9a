/// The node names of tables whose ids are not integers (see ``NodeEdgeTableReader``).
enum StringIDs {
  /// Whether `token` reads as a node name rather than a malformed number: non-empty, and its
  /// first character is not a digit, a sign or a point.
  static func isName(_ token: String) -> Bool {
    guard let first = token.unicodeScalars.first else { return false }
    return !("0"..."9").contains(first) && first != "-" && first != "+" && first != "."
  }

  /// The distinct non-empty ids of the node table's `node` column (when a node table is given),
  /// else of the edge table's `source` and `target` columns, sorted by their UTF-8 bytes; `nil`
  /// when the header lacks the column (the integer reader's error then stands).
  static func collect(nodes: String?, edges: String) throws -> [String]? {
    let columns = nodes == nil ? ["source", "target"] : ["node"]
    var seen = Set<String>()
    var indices: [Int]? = nil
    var csv = CSVLine()
    _ = try LineScanner.forEachLine(path: nodes ?? edges) { line, _ in
      if ByteParsing.trimmed(line).isEmpty || !csv.split(line) { return }
      guard let indices else {
        let header = (0..<csv.count).map { csv.text($0, of: line) }
        let found = columns.compactMap { header.firstIndex(of: $0) }
        indices = found.count == columns.count ? found : []
        return
      }
      for k in indices where k < csv.count {
        let name = csv.text(k, of: line)
        if !name.isEmpty { seen.insert(name) }
      }
    }
    guard let indices, !indices.isEmpty else { return nil }
    return seen.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }
}
