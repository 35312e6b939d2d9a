import Foundation
import XCTest

/// What `boca run` and `boca compare` tell the user about seeding: with `--verbose`, the cascade
/// probability each cascade-tuned policy was tuned to and where it came from; always, a warning
/// when an arm can never have an adopter.
final class SeedingNotesCLITests: CLITestCase {
  static let tuned = """
    name: tuned
    replicates: 4
    steps: 5
    graph:
      sides: {a: {count: 200}}
      layers: {l: {generate: {ba: {m: 2}}}}
    model: {name: wom, q: 0.3, pic: 0.05}
    arms:
      dd: [{seed: {policy: degree-discount, k: 5}}]

    """

  /// `--verbose` names the policy, the probability and its source key for `run` and `compare`.
  func testVerboseSaysWhichCascadeProbabilityAPolicyWasTunedTo() throws {
    let path = try write(Self.tuned, "tuned.yaml")
    for command in ["run", "compare"] {
      let r = try boca([command, path, "--out", scratch.appendingPathComponent(command).path, "--quiet", "--verbose"])
      XCTAssertEqual(r.status, 0, r.stderr)
      XCTAssertTrue(
        (r.stdout + r.stderr).contains("seeding degree-discount: cascade p = 0.05 from wom's pic"),
        "\(command): \(r.stderr)")
    }
    let quiet = try boca(["run", path, "--out", scratch.appendingPathComponent("q").path, "--quiet"])
    XCTAssertFalse((quiet.stdout + quiet.stderr).contains("cascade p ="), quiet.stderr)
  }

  /// A `wom` arm with p = 0, no seeds and no campaign can never adopt anything: `run` says so on
  /// standard error (and still runs); with p > 0 or a seed it says nothing.
  func testNothingCanHappenIsAWarning() throws {
    let scenario = { (model: String, seeds: String) in
      """
      name: idle
      replicates: 3
      steps: 5
      graph:
        sides: {a: {count: 50}}
        layers: {l: {generate: {er: {p: 0.05}}}}
      model: \(model)
      \(seeds)

      """
    }
    let idle = try write(scenario("{name: wom, q: 0.3}", "seeds: {k: 0}"), "idle.yaml")
    let r = try boca(["run", idle, "--out", scratch.appendingPathComponent("idle").path, "--quiet"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stderr.contains("warning") && r.stderr.contains("no node can ever adopt"), r.stderr)
    for (model, seeds) in [("{name: wom, p: 0.01, q: 0.3}", "seeds: {k: 0}"), ("{name: wom, q: 0.3}", "")] {
      let path = try write(scenario(model, seeds), "busy.yaml")
      let busy = try boca(["run", path, "--out", scratch.appendingPathComponent("busy\(seeds.count)").path, "--quiet"])
      XCTAssertEqual(busy.status, 0, busy.stderr)
      XCTAssertFalse(busy.stderr.contains("warning"), "\(model) \(seeds): \(busy.stderr)")
    }
  }
}
