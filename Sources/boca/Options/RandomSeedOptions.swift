import ArgumentParser

/// `--rng-seed`: the root seed of a command's random numbers (default 1), one meaning in every
/// command. Generator seeds derive from it by the project's one seed rule with scenario hash 0
/// (docs/architecture.md, "Reproducibility"): replicate r of `simulate` draws from
/// `ReplicateSeeds(root: rngSeed, scenarioHash: 0, …)[0, r]`, the one generator of `seeds` from
/// `RandomSeedDerivation.seed(root: rngSeed, scenarioHash: 0, point: 0, replicate: 0)`. A result
/// depends on the root seed and not on --threads.
struct RandomSeedOptions: ParsableArguments {
  @Option(
    name: .long, parsing: .unconditional,
    help:
      "Root seed of the command's random numbers; generator seeds derive from it (BocaRandom.RandomSeedDerivation)."
  )
  var rngSeed: UInt64 = 1
}
