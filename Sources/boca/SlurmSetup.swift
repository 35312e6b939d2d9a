import BocaResults
import BocaRunner
import Foundation

/// What `boca slurm` wrote into its folder, kept there as `slurm.json` so that
/// `boca slurm DIR --resubmit-failed` can find the shards and submit again. Every path is
/// absolute. Folder layout:
///
///     DIR/slurm.json          this record (settings and the jobs submitted)
///     DIR/<scenario>.yaml     the copy of the scenario every shard reads
///     DIR/array.sbatch        the job array: task i runs shard i+1 of n into DIR/shards/i
///     DIR/merge.sbatch        the merge job: boca merge DIR/shards/* --out DIR/merged
///     DIR/submit.sh           submits both, the merge job after the array (afterok)
///     DIR/README.md           the commands: submit, watch, resubmit, merge by hand
///     DIR/shards/<i>/         shard i+1 of n (a run folder of `boca run --shard`)
///     DIR/logs/               shard-<i>.out, merge-<job>.out
///     DIR/merged/             the merged run (tables as of an unsplit run)
struct SlurmSetup: Codable, Equatable {
  /// One submission: the array job, the indices it ran, and the merge job after it.
  struct Submission: Codable, Equatable {
    var arrayJob: String
    var indices: String
    var mergeJob: String
    var submittedAt: String
  }

  var directory: String
  var scenario: String
  /// Where relative paths of the scenario start (the original scenario's folder).
  var scenarioDirectory: String
  var scenarioName: String
  var shards: Int
  var points: Int
  var boca: String
  var partition: String?
  var time: String?
  var cpusPerTask: Int
  var mem: String?
  /// Shell lines run before boca in every job (e.g. `module load gsl`).
  var setup: [String]
  var submissions: [Submission] = []

  static let fileName = "slurm.json"
  static let arrayScript = "array.sbatch"
  static let mergeScript = "merge.sbatch"
  static let submitScript = "submit.sh"
  static let readme = "README.md"

  var url: URL { URL(fileURLWithPath: directory) }
  /// The scenario's name as a job name (letters, digits, `.`, `_`, `-`; anything else as `-`).
  var jobName: String {
    "boca-" + String(scenarioName.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "-" })
  }
  var arrayScriptPath: String { url.appendingPathComponent(Self.arrayScript).path }
  var mergeScriptPath: String { url.appendingPathComponent(Self.mergeScript).path }
  var mergedPath: String { url.appendingPathComponent("merged").path }
  var logsPath: String { url.appendingPathComponent("logs").path }

  /// The run folder of array task `index` (shard index+1 of n).
  func shardPath(_ index: Int) -> String {
    url.appendingPathComponent("shards").appendingPathComponent(String(index)).path
  }

  var shardPaths: [String] { (0..<shards).map(shardPath) }

  static func read(from directory: String) throws -> SlurmSetup {
    let file = URL(fileURLWithPath: directory).appendingPathComponent(fileName)
    guard let data = FileManager.default.contents(atPath: file.path) else {
      throw UserError("\(directory): not a folder written by `boca slurm` (no \(fileName))")
    }
    do { return try JSONDecoder().decode(SlurmSetup.self, from: data) } catch {
      throw UserError("\(file.path): cannot be read as boca slurm's record (\(error))")
    }
  }

  func write() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try AtomicFile.write(try encoder.encode(self) + Data("\n".utf8), to: url.appendingPathComponent(Self.fileName))
  }

  // MARK: - Scripts

  /// `text` quoted for a POSIX shell (single quotes).
  static func quoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// The `#SBATCH` lines shared by both jobs.
  private func resourceDirectives() -> [String] {
    var lines: [String] = []
    if let partition { lines.append("#SBATCH --partition=\(partition)") }
    if let time { lines.append("#SBATCH --time=\(time)") }
    if let mem { lines.append("#SBATCH --mem=\(mem)") }
    return lines
  }

  private var setupLines: [String] {
    setup.isEmpty ? [] : ["# Set up the environment (--setup)."] + setup
  }

  /// The job array: task i runs shard i+1 of n into DIR/shards/i, resuming what the folder holds.
  var arrayScriptText: String {
    let q = Self.quoted
    var lines = [
      "#!/bin/bash",
      "# Written by boca slurm: array task i runs shard i+1 of \(shards) of \(scenarioName) into",
      "# \(url.appendingPathComponent("shards").path)/<i>, resuming what that folder already holds.",
      "#SBATCH --job-name=\(jobName)",
      "#SBATCH --array=0-\(shards - 1)",
      "#SBATCH --ntasks=1",
      "#SBATCH --cpus-per-task=\(cpusPerTask)",
    ]
    lines += resourceDirectives()
    lines += ["#SBATCH --output=\(logsPath)/shard-%a.out", ""]
    lines += setupLines
    lines += [
      "set -euo pipefail",
      "boca=\(q(boca))",
      "scenario=\(q(scenario))",
      "i=${SLURM_ARRAY_TASK_ID:?run this script with sbatch, as a job array}",
      "dir=\(q(url.appendingPathComponent("shards").path))/$i",
      "threads=${SLURM_CPUS_PER_TASK:-\(cpusPerTask)}",
      "if [ -f \"$dir/manifest.json\" ]; then",
      "  exec \"$boca\" run --resume \"$dir\" --threads \"$threads\"",
      "else",
      "  exec \"$boca\" run \"$scenario\" --shard \"$((i + 1))/\(shards)\" --threads \"$threads\" --out \"$dir\" --force \\",
      "    --scenario-directory \(q(scenarioDirectory))",
      "fi",
    ]
    return lines.joined(separator: "\n") + "\n"
  }

  /// The merge job (submitted with `--dependency=afterok:<array job>`).
  var mergeScriptText: String {
    let q = Self.quoted
    var lines = [
      "#!/bin/bash",
      "# Written by boca slurm: joins the \(shards) shards of \(scenarioName) into \(mergedPath).",
      "# Submit it after the array: sbatch --dependency=afterok:<array job id> \(mergeScriptPath)",
      "#SBATCH --job-name=\(jobName)-merge",
      "#SBATCH --ntasks=1",
      "#SBATCH --cpus-per-task=1",
    ]
    lines += resourceDirectives()
    lines += ["#SBATCH --output=\(logsPath)/merge-%j.out", ""]
    lines += setupLines
    lines += ["set -euo pipefail", "exec \(q(boca)) merge \\"]
    lines += shardPaths.map { "  \(q($0)) \\" }
    lines += ["  --out \(q(mergedPath))"]
    return lines.joined(separator: "\n") + "\n"
  }

  /// Submits the array, then the merge job after it.
  var submitScriptText: String {
    let q = Self.quoted
    return """
      #!/bin/bash
      # Written by boca slurm: submits the job array, then the merge job that runs when every
      # array task has succeeded (afterok). Prints both job ids.
      set -euo pipefail
      array=$(sbatch --parsable \(q(arrayScriptPath)))
      array=${array%%;*}
      merge=$(sbatch --parsable --dependency=afterok:$array \(q(mergeScriptPath)))
      echo "array job $array (\(shards) tasks), merge job ${merge%%;*}"

      """
  }

  var readmeText: String {
    let q = Self.quoted
    let dir = q(directory)
    return """
      # \(scenarioName) on Slurm: \(shards) shards

      Written by `boca slurm`. Every path is absolute; the folder must be on a file system that
      the login node and every compute node share. Array task *i* runs shard *i*+1 of \(shards)
      (\(points) points dealt round-robin: shard *k* runs the points *p* with *p* mod \(shards) = *k*−1)
      with `\(boca) run --shard` into `shards/<i>/`; the merge job joins them into `merged/`,
      whose tables are byte-identical to those of an unsplit `boca run` of the scenario.

      | file | what |
      |---|---|
      | `\(URL(fileURLWithPath: scenario).lastPathComponent)` | the copy of the scenario every shard reads (relative paths start at `\(scenarioDirectory)`) |
      | `array.sbatch` | the job array (`--array=0-\(shards - 1)`, \(cpusPerTask) CPU\(cpusPerTask == 1 ? "" : "s") per task) |
      | `merge.sbatch` | the merge job |
      | `submit.sh` | submits both, the merge after the array (`--dependency=afterok`) |
      | `shards/<i>/` | shard *i*+1's run folder |
      | `logs/` | `shard-<i>.out`, `merge-<job>.out` |
      | `merged/` | the merged run: `runs.csv`, `summary.csv`, `manifest.json`… |
      | `slurm.json` | the settings and the jobs submitted (read by `--resubmit-failed`) |

      ## Submit

      ```sh
      bash \(q(url.appendingPathComponent(Self.submitScript).path))
      # or by hand:
      array=$(sbatch --parsable \(q(arrayScriptPath))); array=${array%%;*}
      sbatch --dependency=afterok:$array \(q(mergeScriptPath))
      ```

      ## Watch

      ```sh
      squeue --me                                  # pending / running tasks
      sacct -j <array job> --format=JobID,State,Elapsed,ExitCode   # where accounting is enabled
      tail -f \(q(logsPath))/shard-0.out             # a task's progress
      ```

      ## Resubmit failed or preempted tasks

      A task whose folder lacks points of its shard (failed, timed out, preempted, cancelled) is
      run again alone; it resumes what its folder already holds (`boca run --resume`):

      ```sh
      \(boca) slurm \(dir) --resubmit-failed
      ```

      It submits only those array indices (`--array=i,j`) and a new merge job after them; when
      every shard is complete it says so.

      ## Merge by hand

      `boca merge` refuses an incomplete set and names the missing shards:

      ```sh
      \(boca) merge \(shardPaths.map(q).joined(separator: " ")) --out \(q(mergedPath))
      ```

      """
  }
}
