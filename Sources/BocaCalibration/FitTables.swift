import BocaResults
import Foundation

/// The tables of a fit folder: `estimates`, `fits`, `curves`, `posterior`, `generations`, written
/// as CSV files and into `results.sqlite`, every number as ``TableValue`` writes it.
public enum FitTables {
  public static let estimates = TableSchema(
    name: "estimates",
    columns: [
      ("model", .text), ("method", .text), ("parameter", .text), ("estimate", .real), ("ci_low", .real),
      ("ci_high", .real),
    ])
  public static let fits = TableSchema(
    name: "fits",
    columns: [
      ("model", .text), ("method", .text), ("neg_log_lik", .real), ("aic", .real), ("rmse", .real),
      ("simulations", .integer),
    ])
  public static let curves = TableSchema(
    name: "curves",
    columns: [
      ("model", .text), ("method", .text), ("side", .text), ("period", .integer), ("observed", .real),
      ("predictive_mean", .real), ("band_low", .real), ("band_high", .real),
    ])
  public static let generations = TableSchema(
    name: "generations",
    columns: [
      ("model", .text), ("method", .text), ("generation", .integer), ("tolerance", .real), ("accepted", .integer),
      ("proposed", .integer), ("acceptance_rate", .real), ("simulations", .integer),
    ])

  /// `posterior`: fixed columns, then one column per parameter name of the ABC fits (in order of
  /// first appearance; a fit without that parameter leaves the cell empty).
  public static func posterior(_ reports: [FitReport]) -> TableSchema {
    var names: [String] = []
    for r in reports where !r.posterior.isEmpty {
      for n in r.parameterNames where !names.contains(n) { names.append(n) }
    }
    return TableSchema(
      name: "posterior",
      columns: [
        ("model", .text), ("method", .text), ("generation", .integer), ("particle", .integer), ("weight", .real),
        ("distance", .real),
      ] + names.map { ($0, ColumnType.real) })
  }

  static func real(_ v: Double?) -> TableValue { v.map { $0.isFinite ? .double($0) : .null } ?? .null }

  /// The rows of every table, in the reports' order.
  public static func rows(_ reports: [FitReport]) -> [(TableSchema, [[TableValue]])] {
    let posteriorSchema = posterior(reports)
    let parameterColumns = Array(posteriorSchema.columns.dropFirst(6))
    var e: [[TableValue]] = []
    var f: [[TableValue]] = []
    var c: [[TableValue]] = []
    var p: [[TableValue]] = []
    var g: [[TableValue]] = []
    for r in reports {
      for x in r.estimates {
        e.append([.text(x.model), .text(x.method), .text(x.parameter), real(x.estimate), real(x.ciLow), real(x.ciHigh)])
      }
      let s = r.summary
      f.append([
        .text(s.model), .text(s.method), real(s.negLogLik), real(s.aic), real(s.rmse),
        s.simulations.map { .int($0) } ?? .null,
      ])
      for x in r.curves {
        c.append([
          .text(x.model), .text(x.method), .text(x.side), .int(x.period), real(x.observed), real(x.predictiveMean),
          real(x.bandLow), real(x.bandHigh),
        ])
      }
      for x in r.posterior {
        var row: [TableValue] = [
          .text(r.model), .text(r.method), .int(x.generation), .int(x.index), real(x.weight), real(x.distance),
        ]
        for name in parameterColumns {
          row.append(r.parameterNames.firstIndex(of: name).map { real(x.values[$0]) } ?? .null)
        }
        p.append(row)
      }
      for x in r.generations {
        g.append([
          .text(r.model), .text(r.method), .int(x.generation), real(x.tolerance), .int(x.accepted), .int(x.proposed),
          real(x.proposed > 0 ? Double(x.accepted) / Double(x.proposed) : nil), .int(x.simulations),
        ])
      }
    }
    return [(estimates, e), (fits, f), (curves, c), (posteriorSchema, p), (generations, g)]
  }

  /// Writes every table as `NAME.csv` and into `results.sqlite` in `directory`.
  public static func write(_ reports: [FitReport], to directory: URL) throws {
    let tables = rows(reports)
    let database = try SQLiteResults(directory: directory)
    for (schema, rows) in tables {
      let writer = try CSVTableWriter(schema: schema, directory: directory)
      for row in rows { try writer.write(row) }
      try writer.finish()
      try database.write(schema, rows: rows)
    }
    try database.finish()
  }

  /// The fits side by side, ranked: likelihood fits by AIC, then every fit by RMSE.
  public static func ranking(_ reports: [FitReport]) -> String {
    func cell(_ v: Double?, _ format: String) -> String { v.map { String(format: format, $0) } ?? "-" }
    var lines: [String] = []
    let byAIC = reports.filter { $0.summary.aic != nil }.sorted { $0.summary.aic! < $1.summary.aic! }
    if !byAIC.isEmpty {
      lines.append("ranked by AIC (likelihood fits):")
      for (i, r) in byAIC.enumerated() {
        let params = r.estimates.map { "\($0.parameter)=\(String(format: "%.4g", $0.estimate))" }.joined(separator: " ")
        lines.append(
          "  \(i + 1). \(r.model) (\(r.method))  aic \(cell(r.summary.aic, "%.2f"))  -logL \(cell(r.summary.negLogLik, "%.2f"))  \(params)"
        )
      }
    }
    let byRMSE = reports.filter { $0.summary.rmse != nil }.sorted { $0.summary.rmse! < $1.summary.rmse! }
    lines.append("ranked by RMSE of the predictive mean curve (all fits):")
    for (i, r) in byRMSE.enumerated() {
      let params = r.estimates.map { "\($0.parameter)=\(String(format: "%.4g", $0.estimate))" }.joined(separator: " ")
      lines.append("  \(i + 1). \(r.model) (\(r.method))  rmse \(cell(r.summary.rmse, "%.4f"))  \(params)")
    }
    return lines.joined(separator: "\n")
  }
}
