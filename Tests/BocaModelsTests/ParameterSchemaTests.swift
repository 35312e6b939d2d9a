import BocaGraph
import XCTest

@testable import BocaModels

/// Every model declares the kind of each parameter (the schema the sweep planner types ranges
/// by) and the node columns it reads; the declarations agree with what the model accepts.
final class ParameterSchemaTests: XCTestCase {
  /// A small two-sided graph with one layer.
  func graph(activity: [Double]? = nil) throws -> MultiplexGraph {
    var g = MultiplexGraph(nodeCount: 6, sideNames: ["a", "b"], nodeSide: [0, 0, 0, 0, 1, 1])
    try g.addLayer(name: "l", directed: false, sources: [0, 1, 2, 3, 4], targets: [1, 2, 3, 4, 5])
    if let activity { g.setAttribute("activity", values: activity) }
    return g
  }

  /// Parameters each model is valid with.
  static let valid: [String: [String: Double]] = [
    "ic": ["p": 0.1], "lt": [:], "threshold": [:], "goldenberg": ["alpha": 0.1, "beta_w": 0.1],
    "icn": ["p": 0.1, "q_quality": 0.5], "competing-ic": ["p_a": 0.1, "p_b": 0.1], "bass": ["p": 0.1, "q": 0.1],
    "wom": ["p": 0.1, "q": 0.1], "sir": ["beta": 0.1, "gamma": 0.1], "sis": ["beta": 0.1, "gamma": 0.1],
  ]

  func testEveryModelHasValidParametersAndTheKeysAreItsDeclaredParameters() throws {
    XCTAssertEqual(Set(Self.valid.keys), Set(ModelRegistry.all.map(\.name)))
    for entry in ModelRegistry.all {
      XCTAssertEqual(Set(entry.keys).count, entry.keys.count, "\(entry.name): a key declared twice")
      var values = Self.valid[entry.name]!
      if entry.name == "threshold" { values["theta"] = 2 }
      XCTAssertNoThrow(
        try ModelRegistry.make(name: entry.name, graph: graph(), parameters: ModelParameters(values: values)),
        entry.name)
    }
  }

  /// A declared kind never forbids what the model accepts: for each numeric parameter, values
  /// just outside the kind (a probability of 1.5 or −0.1, a rate of −1, a count of 0 or 2.5) are
  /// refused by the model itself, naming that key. (Otherwise a sweep's range check would refuse
  /// a range the model could run.)
  func testValuesOutsideADeclaredKindAreRefusedByTheModel() throws {
    for entry in ModelRegistry.all {
      for parameter in entry.parameters {
        let outside: [Double]
        switch parameter.kind {
        case .probability: outside = [-0.1, 1.5]
        case .nonNegative: outside = [-1]
        case .count(let minimum): outside = [Double(minimum) - 1, Double(minimum) + 0.5]
        case .real, .word, .nodeIDs: outside = []
        }
        for x in outside {
          var values = Self.valid[entry.name]!
          values[parameter.name] = x
          if entry.name == "sir" || entry.name == "sis", parameter.name == "tau" { continue }  // continuous time only
          XCTAssertThrowsError(
            try ModelRegistry.make(name: entry.name, graph: graph(), parameters: ModelParameters(values: values)),
            "\(entry.name).\(parameter.name) = \(x) is outside \(parameter.kind) but the model accepts it"
          ) { error in
            guard case .invalidParameter(_, let key, _, _) = error as? ModelError else { return XCTFail("\(error)") }
            XCTAssertTrue(key.hasPrefix(parameter.name), "\(entry.name).\(parameter.name) = \(x): \(error)")
          }
        }
      }
    }
  }

  /// A column the model reads must have a value on every node: a side without it is refused,
  /// naming the side and the column (it was read as NaN and reported as `activity: found nan`).
  func testAColumnMissingOnASideIsRefusedNamingTheSide() throws {
    let nan = Double.nan
    XCTAssertNoThrow(
      try ModelRegistry.make(
        name: "wom", graph: graph(activity: [1, 1, 1, 1, 0.5, 0.5]), parameters: ModelParameters(values: ["q": 0.1])))
    XCTAssertThrowsError(
      try ModelRegistry.make(
        name: "wom", graph: graph(activity: [1, 1, 1, 1, nan, nan]), parameters: ModelParameters(values: ["q": 0.1]))
    ) { error in
      XCTAssertEqual(
        error as? ModelError,
        .missingColumns(model: "wom", gaps: [ColumnGap(column: "activity", side: "b", missing: 2, count: 2)]))
      XCTAssertTrue("\(error)".contains("side b has none"), "\(error)")
    }
    XCTAssertThrowsError(
      try ModelRegistry.make(
        name: "wom", graph: graph(activity: [1, nan, 1, 1, 1, 1]), parameters: ModelParameters(values: ["q": 0.1]))
    ) { error in
      XCTAssertEqual(
        error as? ModelError,
        .missingColumns(model: "wom", gaps: [ColumnGap(column: "activity", side: "a", missing: 1, count: 4)]))
    }
    // A model that does not read the column does not mind.
    XCTAssertNoThrow(
      try ModelRegistry.make(
        name: "ic", graph: graph(activity: [1, 1, 1, 1, nan, nan]), parameters: ModelParameters(values: ["p": 0.1])))
  }
}
