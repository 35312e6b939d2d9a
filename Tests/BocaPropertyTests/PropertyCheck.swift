import Foundation
import XCTest

/// What a property says about one scenario.
enum Verdict {
  case pass
  /// The scenario is not one the property is about (e.g. invalid where the property needs a
  /// valid one); not a failure, and never kept by the shrinker.
  case discard
  case fail(String)

  var failure: String? {
    if case .fail(let message) = self { return message }
    return nil
  }
}

/// Runs a property over generated scenarios and, on a failure, shrinks the failing scenario
/// greedily (``GeneratedScenario/shrinkCandidates()``: keep the first smaller variant that still
/// fails, repeat) and reports the smallest one found, as YAML, with its case seed.
///
/// Environment:
/// - `BOCA_PROPERTY_CASES`: the base number of cases per property (default ``defaultCases``);
///   each property runs `scale` times it (cheap in-memory properties 2–2.5×, those that write
///   run folders or start `boca` 0.5–1×), about 3,850 cases in all by default, sized so that the
///   suite runs in CI in under three minutes on two shared cores, debug build;
/// - `BOCA_PROPERTY_SEED`: run only this case seed (as printed by a failure), to replay it;
/// - `BOCA_PROPERTY_ROOT`: the root the case seeds derive from (default fixed, so CI is
///   reproducible; set another to explore new cases).
enum PropertyCheck {
  static let defaultCases = 200
  /// Most property evaluations spent shrinking one failure.
  static let shrinkBudget = 250
  /// Most kinds of failure (``signature(_:)``) shrunk and reported per property.
  static let maxKinds = 4

  static var environment: [String: String] { ProcessInfo.processInfo.environment }
  static var cases: Int { environment["BOCA_PROPERTY_CASES"].flatMap(Int.init) ?? defaultCases }
  static var replay: UInt64? { environment["BOCA_PROPERTY_SEED"].flatMap { UInt64($0) } }
  static var root: UInt64 { environment["BOCA_PROPERTY_ROOT"].flatMap { UInt64($0) } ?? 20_261_130 }

  /// Checks `property` on `cases` scenarios (profile chosen per case, in turn from `profiles`).
  ///
  /// - Parameters:
  ///   - salt: distinguishes the case seeds of different properties.
  ///   - scale: fraction of ``cases`` this property runs (expensive properties run fewer).
  static func check(
    _ name: String, profiles: [ScenarioGenerator.Profile], salt: UInt64, scale: Double = 1,
    file: StaticString = #filePath, line: UInt = #line,
    _ property: (GeneratedScenario) -> Verdict
  ) {
    let started = Date()
    let seeds: [UInt64]
    if let replay {
      seeds = [replay]
    } else {
      let n = max(1, Int((Double(cases) * scale).rounded()))
      seeds = (0..<n).map { SplitMix.caseSeed(root: root ^ salt, index: $0) }
    }
    var failures = 0
    var discards = 0
    // The first failing case of each kind of failure (``signature(_:)``), in case order.
    var kinds: [(GeneratedScenario, String)] = []
    for seed in seeds {
      // The profile follows from the seed, so that a replayed seed builds the same scenario.
      let scenario = ScenarioGenerator(profile: profiles[Int(seed % UInt64(profiles.count))]).make(seed: seed)
      switch property(scenario) {
      case .pass: break
      case .discard: discards += 1
      case .fail(let message):
        failures += 1
        if kinds.count < maxKinds && !kinds.contains(where: { signature($0.1) == signature(message) }) {
          kinds.append((scenario, message))
        }
      }
    }
    let casesDone = Date()
    for (k, (scenario, message)) in kinds.enumerated() {
      let (small, smallMessage, tries) = shrink(scenario, message, property)
      XCTFail(
        """
        \(name): \(failures) of \(seeds.count) generated cases fail; kind \(k + 1) of \(kinds.count):
        First failing case seed \(scenario.caseSeed) (replay: BOCA_PROPERTY_SEED=\(scenario.caseSeed) swift test --filter \(name)):
          \(message)
        Smallest failing scenario (after \(tries) shrink evaluations), which fails with:
          \(smallMessage)
        --- shrunk scenario (case seed \(scenario.caseSeed)) ---
        \(small.yaml)---
        """, file: file, line: line)
    }
    let seconds = casesDone.timeIntervalSince(started)
    let shrinking = Date().timeIntervalSince(casesDone)
    print(
      "property \(name): \(seeds.count) cases, \(failures) failed, \(discards) discarded, "
        + String(format: "%.1f s (shrinking %.1f s)", seconds, shrinking))
  }

  /// What kind of failure a message reports: its text before the first parenthesis or line
  /// break, without digits, so that shrinking keeps to the failure it started with (a smaller
  /// scenario that fails for another reason is a different finding).
  static func signature(_ message: String) -> String {
    let head = message.prefix { $0 != "(" && $0 != "\n" }
    return String(head.filter { !$0.isNumber && $0 != "." && $0 != "-" }.prefix(120))
  }

  /// Greedy shrinking: the first candidate that still fails the same way (``signature(_:)``)
  /// replaces the scenario, until none does
  /// or the budget is spent. Returns the smallest scenario, its failure and the evaluations spent.
  static func shrink(
    _ scenario: GeneratedScenario, _ message: String, _ property: (GeneratedScenario) -> Verdict
  ) -> (GeneratedScenario, String, Int) {
    var current = scenario
    var currentMessage = message
    var spent = 0
    var from = 0
    var improved = true
    while improved && spent < shrinkBudget {
      improved = false
      // A consistent scenario shrinks to consistent ones only (see ``GeneratedScenario/isConsistent``).
      let candidates = current.shrinkCandidates().filter { !scenario.isConsistent || $0.isConsistent }
      // Resume near where the last success was (the candidates before it mostly failed to shrink).
      for i in Array(from..<candidates.count) + Array(0..<min(from, candidates.count)) {
        spent += 1
        if let m = property(candidates[i]).failure, signature(m) == signature(message) {
          current = candidates[i]
          currentMessage = m
          improved = true
          from = i
          break
        }
        if spent >= shrinkBudget { break }
      }
    }
    return (current, currentMessage, spent)
  }
}
