/// A cheap pass over YAML text that finds how deeply its lists and mappings nest, before the
/// YAML parser (which recurses once per level, and overflows the stack at a few thousand) reads
/// it. It follows just enough of YAML to tell structure from text: flow brackets outside quoted
/// and plain scalars and comments, block mappings and lists by their indentation and `- `
/// indicators, and block scalars (`|`, `>`), whose lines are skipped.
///
/// Depth counts the collections around a point, the document's own top-level mapping included:
/// `name: x` is at depth 1, `a: [[1]]` reaches 3. A block list written at its parent key's
/// indentation counts as the level it is. Over-counting by a level in unusual layouts is possible;
/// under-counting is not, for text the YAML parser accepts.
struct YAMLNestingScan {
  /// Where the text first goes deeper than the limit.
  struct Crossing: Equatable {
    let line: Int
    let column: Int
    let depth: Int
    /// The alias (`*name`) whose value goes deeper there, if it is one.
    var alias: String? = nil
  }

  /// The deepest nesting found, and where the limit was first crossed (if it was).
  private(set) var deepest = 0
  private(set) var crossing: Crossing?

  private let limit: Int

  /// An open list or mapping: block ones by the column they are indented to; each with the
  /// anchor it carries and how many levels it holds so far (itself included, aliases expanded).
  private struct Open {
    var indent = -1
    var isList = false
    var anchor: String? = nil
    var height = 1
  }
  private var block: [Open] = []
  private var flowStack: [Open] = []
  private var flow: Int { flowStack.count }
  /// How many levels each anchored value holds (0 for a scalar), for the aliases that repeat it.
  private var anchorHeights: [String: Int] = [:]
  /// An anchor (`&name`) waiting for its value, and the line it was written on.
  private var pendingAnchor: (name: String, line: Int)? = nil

  private init(limit: Int) { self.limit = limit }

  /// Scans `text`, stopping at the first point deeper than `limit`.
  static func scan(_ text: String, limit: Int) -> YAMLNestingScan {
    var scan = YAMLNestingScan(limit: limit)
    scan.run(Array(text.unicodeScalars))
    return scan
  }

  private mutating func enter(line: Int, column: Int, extra: Int = 0, alias: String? = nil) {
    let depth = block.count + flow + extra
    deepest = max(deepest, depth)
    if depth > limit, crossing == nil {
      crossing = Crossing(line: line, column: column, depth: depth, alias: alias)
    }
  }

  /// Closes `open`: its height counts in its parent's, and in its anchor's.
  private mutating func close(_ open: Open) {
    if let anchor = open.anchor { anchorHeights[anchor] = open.height }
    if !flowStack.isEmpty {
      flowStack[flowStack.count - 1].height = max(flowStack[flowStack.count - 1].height, open.height + 1)
    } else if !block.isEmpty {
      block[block.count - 1].height = max(block[block.count - 1].height, open.height + 1)
    }
  }

  private mutating func popBlock(while condition: (Open) -> Bool) {
    while let top = block.last, condition(top) { close(block.removeLast()) }
  }

  /// Opens a collection (with the pending anchor, if any).
  private mutating func push(_ open: Open, flow isFlow: Bool, line: Int, column: Int) {
    var open = open
    open.anchor = pendingAnchor?.name
    pendingAnchor = nil
    if isFlow { flowStack.append(open) } else { block.append(open) }
    enter(line: line, column: column)
  }

  /// A scalar or an alias (`*name`, holding `height` levels) as a value.
  private mutating func leaf(line: Int, column: Int, height: Int = 0, alias: String? = nil) {
    if let pending = pendingAnchor {
      anchorHeights[pending.name] = height
      pendingAnchor = nil
    }
    guard height > 0 else { return }
    enter(line: line, column: column, extra: height, alias: alias)
    if !flowStack.isEmpty {
      flowStack[flowStack.count - 1].height = max(flowStack[flowStack.count - 1].height, height + 1)
    } else if !block.isEmpty {
      block[block.count - 1].height = max(block[block.count - 1].height, height + 1)
    }
  }

  /// A block list item (`- `) at `column`.
  private mutating func listItem(line: Int, column: Int) {
    popBlock { $0.indent > column }
    if let top = block.last, top.indent == column, top.isList {
      if let pending = pendingAnchor, pending.line < line { leaf(line: line, column: column + 1) }
      return
    }
    push(Open(indent: column, isList: true), flow: false, line: line, column: column + 1)
  }

  /// A block mapping key starting at `column`.
  private mutating func mappingKey(line: Int, column: Int) {
    popBlock { $0.indent > column }
    if let top = block.last, top.indent == column, top.isList, block.count >= 2,
      block[block.count - 2].indent == column, !block[block.count - 2].isList
    {
      close(block.removeLast())  // a list written at its key's indentation has ended
    }
    if let top = block.last, top.indent == column, !top.isList {
      if let pending = pendingAnchor, pending.line < line { leaf(line: line, column: column + 1) }
      return
    }
    push(Open(indent: column, isList: false), flow: false, line: line, column: column + 1)
  }

  private enum Quote { case none, single, double }

  private mutating func run(_ s: [Unicode.Scalar]) {
    var i = 0
    var line = 1
    var lineStart = 0
    var quote = Quote.none
    /// Block scalar being skipped: lines indented more than this belong to it.
    var blockScalarParent: Int? = nil
    let n = s.count
    func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" }
    func isBreak(_ c: Unicode.Scalar) -> Bool { c == "\n" || c == "\r" }
    func isFlowIndicator(_ c: Unicode.Scalar) -> Bool { c == "," || c == "[" || c == "]" || c == "{" || c == "}" }
    func endsToken(_ j: Int) -> Bool { j >= n || isBlank(s[j]) || isBreak(s[j]) }

    while i < n, crossing == nil {
      // At the start of a line.
      lineStart = i
      var indent = 0
      while i < n, s[i] == " " { i += 1; indent += 1 }
      let blankLine = i >= n || isBreak(s[i]) || (quote == .none && s[i] == "#")
      if let parent = blockScalarParent {
        if blankLine || indent > parent {
          while i < n, !isBreak(s[i]) { i += 1 }
          (i, line) = nextLine(s, i, line)
          continue
        }
        blockScalarParent = nil
      }
      // Document markers reset the structure.
      if quote == .none, flow == 0, indent == 0, i + 2 < n,
        (s[i] == "-" && s[i + 1] == "-" && s[i + 2] == "-") || (s[i] == "." && s[i + 1] == "." && s[i + 2] == "."),
        endsToken(i + 3)
      {
        popBlock { _ in true }
        i += 3
      }
      if quote == .none && flow == 0 && !blankLine {
        popBlock { $0.indent > indent }
      }
      var expectingNode = true
      var tokenColumn = i - lineStart
      // The rest of the line.
      while i < n, !isBreak(s[i]), crossing == nil {
        let c = s[i]
        let column = i - lineStart
        if quote != .none {
          if quote == .double {
            if c == "\\" {
              i += i + 1 < n && !isBreak(s[i + 1]) ? 2 : 1
              continue
            }
            if c == "\"" { quote = .none; expectingNode = false }
          } else if c == "'" {
            if i + 1 < n, s[i + 1] == "'" { i += 2; continue }
            quote = .none
            expectingNode = false
          }
          i += 1
          continue
        }
        if isBlank(c) { i += 1; continue }
        if c == "#", i == lineStart || isBlank(s[i - 1]) { break }  // a comment
        if c == ":" && (endsToken(i + 1) || (flow > 0 && (i + 1 < n && isFlowIndicator(s[i + 1])))) {
          if flow == 0 { mappingKey(line: line, column: tokenColumn) }
          expectingNode = true
          i += 1
          continue
        }
        if flow == 0 && (c == "-" || c == "?") && endsToken(i + 1) && expectingNode {
          if c == "-" { listItem(line: line, column: column) } else { mappingKey(line: line, column: column) }
          i += 1
          continue
        }
        if c == "[" || c == "{" {
          push(Open(), flow: true, line: line, column: column + 1)
          expectingNode = true
          i += 1
          continue
        }
        if flow > 0 && (c == "]" || c == "}") {
          close(flowStack.removeLast())
          expectingNode = false
          i += 1
          continue
        }
        if flow > 0 && c == "," {
          expectingNode = true
          i += 1
          continue
        }
        if expectingNode {
          tokenColumn = column
          switch c {
          case "\"":
            if let pending = pendingAnchor, pending.line == line { leaf(line: line, column: column + 1) }
            quote = .double
            i += 1
            continue
          case "'":
            if let pending = pendingAnchor, pending.line == line { leaf(line: line, column: column + 1) }
            quote = .single
            i += 1
            continue
          case "&", "!", "*":  // an anchor or a tag (the value follows), or an alias
            let start = i + 1
            while i < n, !endsToken(i), !(flow > 0 && isFlowIndicator(s[i])) { i += 1 }
            let name = String(String.UnicodeScalarView(s[min(start, i)..<i]))
            if c == "&" { pendingAnchor = (name, line) }
            if c == "*" {
              leaf(line: line, column: column + 1, height: anchorHeights[name] ?? 0, alias: name)
              expectingNode = false
            }
            continue
          case "|", ">":
            guard flow == 0 else { break }
            leaf(line: line, column: column + 1)
            blockScalarParent = block.last?.indent ?? -1
            while i < n, !isBreak(s[i]) { i += 1 }
            continue
          default: break
          }
        }
        // A plain scalar: up to `: `, ` #`, the line's end, or (in flow) a flow indicator.
        if expectingNode, let pending = pendingAnchor, pending.line == line || flow > 0 {
          leaf(line: line, column: column + 1)
        }
        expectingNode = false
        while i < n, !isBreak(s[i]) {
          let d = s[i]
          if d == ":" && (endsToken(i + 1) || (flow > 0 && i + 1 < n && isFlowIndicator(s[i + 1]))) { break }
          if d == "#" && isBlank(s[i - 1]) { break }
          if flow > 0 && isFlowIndicator(d) { break }
          i += 1
        }
      }
      if crossing != nil { return }
      while i < n, !isBreak(s[i]) { i += 1 }
      (i, line) = nextLine(s, i, line)
    }
  }

  /// Past the line break at `i` (`\n`, `\r\n` or `\r`).
  private func nextLine(_ s: [Unicode.Scalar], _ i: Int, _ line: Int) -> (Int, Int) {
    guard i < s.count else { return (i, line) }
    if s[i] == "\r", i + 1 < s.count, s[i + 1] == "\n" { return (i + 2, line + 1) }
    return (i + 1, line + 1)
  }
}
