import BocaResults
import BocaScenario

/// One metric column of the runs table, after the key and parameter columns.
///
/// Column names are a contract (scripts read them): `spread`, `spread_<side>` (one per side,
/// only when the graph has more than one side), `seeded`, `organic`, and with campaign columns
/// `cost`, `time_10`, `time_50`, `peak_agitators`.
public enum RunsMetric: Sendable, Equatable {
  /// Nodes ever active, seeds included.
  case spread
  /// Nodes ever active on one side.
  case spreadOnSide(String)
  /// Adopters placed by a seed.
  case seeded
  /// Adopters not placed by a seed.
  case organic
  /// The campaign's cost (see ``CampaignPlanner``).
  case cost
  /// The first step at which at least this share of the nodes had adopted (empty when never).
  case timeTo(AdoptionShare)
  /// The most agitators at the end of any step (empty for models that do not report them).
  case peakAgitators

  /// The shares of adoption whose first step the campaign columns report.
  public enum AdoptionShare: Int, Sendable, CaseIterable {
    case tenPercent = 10
    case fiftyPercent = 50

    var fraction: Double { Double(rawValue) / 100 }
  }

  static let sidePrefix = "spread_"
  static let timePrefix = "time_"

  /// The campaign columns, in order.
  static let campaign: [RunsMetric] = [.cost, .timeTo(.tenPercent), .timeTo(.fiftyPercent), .peakAgitators]

  /// The column's name.
  public var name: String {
    switch self {
    case .spread: return "spread"
    case .spreadOnSide(let side): return Self.sidePrefix + side
    case .seeded: return "seeded"
    case .organic: return "organic"
    case .cost: return "cost"
    case .timeTo(let share): return Self.timePrefix + String(share.rawValue)
    case .peakAgitators: return "peak_agitators"
    }
  }

  /// The metric a column name stands for; nil for a name the runs table never writes.
  public init?(name: String) {
    switch name {
    case "spread": self = .spread
    case "seeded": self = .seeded
    case "organic": self = .organic
    case "cost": self = .cost
    case "peak_agitators": self = .peakAgitators
    default:
      if name.hasPrefix(Self.timePrefix),
        let share = Int(name.dropFirst(Self.timePrefix.count)).flatMap(
          AdoptionShare.init(rawValue:))
      {
        self = .timeTo(share)
      } else if name.hasPrefix(Self.sidePrefix) {
        self = .spreadOnSide(String(name.dropFirst(Self.sidePrefix.count)))
      } else {
        return nil
      }
    }
  }

  /// The column's SQLite type: the cost is a number, every other metric a count or a step.
  public var type: ColumnType { self == .cost ? .real : .integer }

  /// Whether the metric is a time to a share of adoption, empty for replicates that never get
  /// there: the summary reports it over the replicates that do, beside the share that do
  /// (``SummaryTable/timeColumns(_:)``).
  public var isTime: Bool {
    if case .timeTo = self { return true }
    return false
  }
}

/// The `runs` table (`runs.csv`, the `runs` table of `results.sqlite`, the rows of the NetLogo
/// table): one row per point × arm × replicate with the columns `point, arm, replicate, seed`,
/// the swept parameters in the sweep's order, then the metrics (``RunsMetric``).
///
/// The one owner of the table's columns (names, types, order, which are per side), of the text
/// a replicate's row is written as in a point's part, and of reading that text back: every
/// other table (``TableAssembler``, ``SummaryTable``, ``NetLogoTableWriter``,
/// ``ComparisonTable``) asks it.
public struct RunsTable: Sendable, Equatable {
  /// The key columns, in order, before the parameters.
  public enum Key: Int, Sendable, CaseIterable {
    case point, arm, replicate, seed

    public var name: String {
      switch self {
      case .point: return "point"
      case .arm: return "arm"
      case .replicate: return "replicate"
      case .seed: return "seed"
      }
    }

    public var type: ColumnType { self == .arm ? .text : .integer }
  }

  public static let name = "runs"

  /// The swept parameters' names, in the sweep's order.
  public let parameters: [String]
  /// The metric columns, in order.
  public let metrics: [RunsMetric]

  /// The table for graphs with `sides` (one side, named `all`, has no per-side columns), with
  /// or without the campaign columns.
  public init(parameters: [String], sides: [String], campaign: Bool) {
    self.parameters = parameters
    metrics =
      [.spread] + (sides == ["all"] ? [] : sides.map { .spreadOnSide($0) }) + [.seeded, .organic]
      + (campaign ? RunsMetric.campaign : [])
  }

  /// The table a part's header line describes.
  ///
  /// - Throws: ``RunsTableError`` when the header does not start with the key and parameter
  ///   columns or names a column the runs table never writes.
  public init(parameters: [String], header: String) throws {
    let names = CSVRecord.fields(header)
    let expected = Key.allCases.map(\.name) + parameters
    guard names.count >= expected.count, Array(names.prefix(expected.count)) == expected else {
      throw RunsTableError.unexpectedColumns(expected: expected, found: names)
    }
    self.parameters = parameters
    metrics = try names.dropFirst(expected.count).map { name in
      guard let metric = RunsMetric(name: name) else { throw RunsTableError.unknownMetric(name) }
      return metric
    }
  }

  /// The sides with a column of their own, in the graph's order (none for a one-sided graph).
  public var sides: [String] {
    metrics.compactMap { if case .spreadOnSide(let side) = $0 { return side } else { return nil } }
  }

  /// Where the parameter cells are in a row.
  public var parameterRange: Range<Int> { Key.allCases.count..<(Key.allCases.count + parameters.count) }

  /// Where the metric cells are in a row.
  public var metricRange: Range<Int> { parameterRange.upperBound..<(parameterRange.upperBound + metrics.count) }

  /// The column names, in order.
  public var columns: [String] { Key.allCases.map(\.name) + parameters + metrics.map(\.name) }

  /// The header line of a part and of `runs.csv`.
  public var header: String { columns.joined(separator: ",") }

  /// The table's schema, with the parameters' types (``parameterTypes(_:)``).
  public func schema(parameterTypes: [ColumnType]) -> TableSchema {
    TableSchema(
      name: Self.name,
      columns: Key.allCases.map { ($0.name, $0.type) } + zip(parameters, parameterTypes).map { ($0, $1) }
        + metrics.map { ($0.name, $0.type) })
  }

  /// The column types of a plan's swept parameters: whole numbers, numbers, or text.
  public static func parameterTypes(_ plan: ScenarioPlan) -> [ColumnType] {
    plan.sweep.parameters.indices.map { i in
      let column = plan.sweep.points.map { $0[i] }
      if column.allSatisfy({ if case .int = $0 { return true } else { return false } }) { return .integer }
      if column.allSatisfy({ $0.number != nil }) { return .real }
      return .text
    }
  }

  /// A point's parameter values as cells, in the sweep's order.
  public static func parameterCells(_ values: [SweepValue]) -> [TableValue] { values.map(\.tableValue) }

  // MARK: Writing

  /// One replicate's row as a line of a point's part. `parameterCells` are the point's
  /// ``parameterCells(_:)`` as CSV fields; `nodes` is the graph's node count (for the times to a
  /// share of adoption).
  func line(
    point: Int, arm: String, replicate: Int, seed: UInt32, parameterCells: [String], outcome o: ReplicateOutcome,
    nodes: Int
  ) -> String {
    var row = ["\(point)", TableValue.text(arm).csvField, "\(replicate)", "\(seed)"] + parameterCells
    var side = 0
    for metric in metrics {
      switch metric {
      case .spread: row.append("\(o.spread)")
      case .spreadOnSide:
        row.append(String(o.bySide[side]))
        side += 1
      case .seeded: row.append(String(o.seeded))
      case .organic: row.append(String(o.organic))
      case .cost: row.append(TableValue.double(o.cost).csvField)
      case .timeTo(let share):
        let target = max(1, Int((share.fraction * Double(nodes)).rounded(.up)))
        row.append(o.steps.firstIndex(where: { $0 >= target }).map(String.init) ?? "")
      case .peakAgitators:
        var peak = ""
        if let k = o.stateNames.firstIndex(of: "agitators"), !o.stateNames.isEmpty {
          peak = String(
            stride(from: k, to: o.stateCounts.count, by: o.stateNames.count).map { o.stateCounts[$0] }.max() ?? 0)
        }
        row.append(peak)
      }
    }
    return row.joined(separator: ",")
  }

  // MARK: Reading

  /// One line of a part read back: its fields as written and its typed cells.
  public struct Record {
    /// The fields as written (RFC 4180 quoting removed).
    public let fields: [String]
    /// The cells, typed by the table's schema.
    public let cells: [TableValue]
    let metricStart: Int

    /// The arm's name.
    public var arm: String { fields[Key.arm.rawValue] }

    /// The value of metric `m` (an index into ``RunsTable/metrics``) as a number: NaN when the
    /// cell is empty, is not a number, or is missing from a short line.
    public func number(_ m: Int) -> Double {
      let k = metricStart + m
      return k < fields.count ? Double(fields[k]) ?? .nan : .nan
    }
  }

  /// Reads one line of a part with the column types of `schema` (``schema(parameterTypes:)``).
  public func read<Line: StringProtocol>(_ line: Line, schema: TableSchema) -> Record {
    let fields = CSVRecord.fields(line)
    return Record(
      fields: fields, cells: zip(fields, schema.types).map { CSVRecord.value($0, as: $1) },
      metricStart: metricRange.lowerBound)
  }
}

/// A part's header that is not a runs table's.
public enum RunsTableError: Error, Equatable, CustomStringConvertible {
  /// The header does not start with `point, arm, replicate, seed` and the swept parameters.
  case unexpectedColumns(expected: [String], found: [String])
  /// A column after the parameters that is no ``RunsMetric``.
  case unknownMetric(String)

  public var description: String {
    switch self {
    case .unexpectedColumns(let expected, let found):
      return "runs table: expected the columns to start with \(expected.joined(separator: ",")), found "
        + found.joined(separator: ",")
    case .unknownMetric(let name):
      return "runs table: unknown column '\(name)' (expected spread, spread_<side>, seeded, organic, cost, "
        + "time_10, time_50 or peak_agitators)"
    }
  }
}

extension SweepValue {
  /// The value as a table cell.
  public var tableValue: TableValue {
    switch self {
    case .int(let x): return .int(x)
    case .double(let x): return .double(x)
    case .text(let s): return .text(s)
    }
  }
}
