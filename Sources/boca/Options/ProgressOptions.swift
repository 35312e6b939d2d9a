import ArgumentParser

/// `--quiet`, `--verbose`: what a scenario run (`run`, `compare`) says on standard error.
struct ProgressOptions: ParsableArguments {
  @Flag(name: .long, help: "No progress report on standard error.")
  var quiet = false

  @Flag(name: .long, help: "Say how the run was set up (e.g. the cascade probability a seeding policy was tuned to).")
  var verbose = false
}
