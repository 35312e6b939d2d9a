import Foundation

/// Slurm's command-line tools (`sbatch`, `squeue`, `scancel`), run from the PATH.
struct SlurmClient {
  /// A tool's exit status and output.
  struct Output {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  /// Runs `tool` with `arguments`; nil when the tool is not on the PATH.
  func run(_ tool: String, _ arguments: [String]) throws -> Output? {
    guard let executable = Self.find(tool) else { return nil }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
      stderr: String(decoding: e, as: UTF8.self))
  }

  /// The executable `tool` on the PATH.
  static func find(_ tool: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") where !folder.isEmpty {
      let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(tool)
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return nil
  }

  /// Submits `script` with `sbatch --parsable` and the extra options; returns the job id.
  func submit(_ script: String, options: [String]) throws -> String {
    guard let r = try run("sbatch", ["--parsable"] + options + [script]) else {
      throw UserError("sbatch: not found on the PATH (submit from a Slurm login node, or without --submit)")
    }
    let id = r.stdout.split(separator: "\n").last.map { String($0.split(separator: ";")[0]) } ?? ""
    guard r.status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
      let said = r.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
      throw UserError("sbatch \((options + [script]).joined(separator: " ")) failed (exit \(r.status)): \(said)")
    }
    return id
  }

  /// The queued or running jobs among `jobs`, one line per array task: job id as `squeue`
  /// prints it (`123_4` for task 4 of array 123, `124` for a plain job) → state (`PD`, `R`…).
  /// Empty when `squeue` is absent or knows none of them (finished jobs leave the queue).
  func active(_ jobs: [String]) -> [String: String] {
    let jobs = jobs.filter { !$0.isEmpty }
    guard !jobs.isEmpty,
      let r = try? run("squeue", ["-h", "-r", "-j", jobs.joined(separator: ","), "-o", "%i %t"]), r.status == 0
    else { return [:] }
    var states: [String: String] = [:]
    for line in r.stdout.split(separator: "\n") {
      let fields = line.split(separator: " ")
      if fields.count == 2 { states[String(fields[0])] = String(fields[1]) }
    }
    return states
  }
}
