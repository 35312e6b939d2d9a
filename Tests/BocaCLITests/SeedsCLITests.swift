import XCTest

/// `boca seeds`: ids on stdout one per line and nothing else; errors name the option.
final class SeedsCLITests: CLITestCase {
  /// A star whose centre has original id 100 and leaves 7, 8, 9: degree seeding prints the
  /// centre's original id, then the leaves in id order.
  func testSeedsPrintsOriginalIDsOnePerLine() throws {
    let edges = try write("100 7\n100 8\n100 9\n", "star.edges")
    let r = try boca(["seeds", "--policy", "degree", "--k", "2", "--edges", edges])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stdout, "100\n7\n")
    let dd = try boca(["seeds", "--policy", "degree-discount", "--k", "1", "--edges", edges, "--p", "0.1"])
    XCTAssertEqual(dd.stdout, "100\n")
  }

  /// The same --rng-seed gives the same seeds (IMM draws RR sets); every policy prints k distinct ids.
  func testEveryPolicyPrintsKDistinctIDsReproducibly() throws {
    let edges = Self.fixtures.appendingPathComponent("peers/ba_10000_3_seed1.edges").path
    for policy in ["random", "degree", "pagerank", "kcore", "single-discount", "degree-discount", "imm", "diverse"] {
      let args = [
        "seeds", "--policy", policy, "--k", "5", "--edges", edges, "--p", "0.1", "--rng-seed", "3", "--epsilon", "0.3",
      ]
      let a = try boca(args)
      XCTAssertEqual(a.status, 0, "\(policy): \(a.stderr)")
      let ids = a.stdout.split(separator: "\n")
      XCTAssertEqual(Set(ids).count, 5, policy)
      XCTAssertTrue(ids.allSatisfy { Int($0) != nil }, policy)
      if policy == "imm" || policy == "random" { XCTAssertEqual(try boca(args).stdout, a.stdout, policy) }
    }
  }

  func testErrorsNameTheOption() throws {
    let edges = try write("1 2\n2 3\n", "path.edges")
    let unknown = try boca(["seeds", "--policy", "nope", "--k", "1", "--edges", edges])
    XCTAssertNotEqual(unknown.status, 0)
    XCTAssertTrue(unknown.stderr.contains("--policy"), unknown.stderr)
    XCTAssertEqual(unknown.stdout, "")
    let tooMany = try boca(["seeds", "--policy", "degree", "--k", "4", "--edges", edges])
    XCTAssertNotEqual(tooMany.status, 0)
    XCTAssertTrue(tooMany.stderr.contains("--k"), tooMany.stderr)
    for policy in ["imm", "celf", "degree-discount"] {
      let noP = try boca(["seeds", "--policy", policy, "--k", "1", "--edges", edges])
      XCTAssertNotEqual(noP.status, 0, policy)
      XCTAssertTrue(noP.stderr.contains("--p"), "\(policy): \(noP.stderr)")
    }
    let schedule = try boca([
      "seeds", "--policy", "imm", "--k", "1", "--edges", edges, "--p", "0.1", "--schedule", "fast",
    ])
    XCTAssertNotEqual(schedule.status, 0)
    XCTAssertTrue(schedule.stderr.contains("--schedule") && schedule.stderr.contains("certified"), schedule.stderr)
  }

  /// Both IMM schedules answer, and `--verbose` reports the certified run's bounds.
  func testIMMSchedulesAndVerboseReport() throws {
    let edges = try write(
      (1..<60).map { "\($0) \($0 + 1)\n\($0) \(($0 * 7) % 60 + 1)" }.joined(separator: "\n"), "ring.edges")
    for schedule in ["certified", "imm"] {
      let run = try boca(
        ["seeds", "--policy", "imm", "--k", "3", "--edges", edges, "--p", "0.2", "--schedule", schedule, "--verbose"])
      XCTAssertEqual(run.status, 0, run.stderr)
      XCTAssertEqual(run.stdout.split(separator: "\n").count, 3)
      XCTAssertTrue(run.stderr.contains(schedule == "certified" ? "certified ratio" : "LB "), run.stderr)
    }
  }
}
