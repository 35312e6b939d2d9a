import ArgumentParser

/// `--rng-seed`: the root seed of a command's random numbers, one meaning in every command. Every
/// generator the command uses is seeded with
/// `SeedDerivation.seed(root: rngSeed, scenarioHash: 0, point: 0, replicate: r)` (replicate r of
/// `simulate`; replicate 0 for the one generator of `seeds`), so a result depends on the root seed
/// and not on --threads.
struct RandomSeedOptions: ParsableArguments {
  @Option(
    name: .long, parsing: .unconditional,
    help:
      "Root seed of the random numbers (default 1); each replicate's seed derives from it (BocaRandom.SeedDerivation)."
  )
  var rngSeed: UInt64 = 1
}
