// swift-tools-version: 6.0
import PackageDescription

/// The simulation kernels are compiled with optimisation even in debug builds, so that the
/// statistical tests (10^4–10^5 replicates) run in seconds; everything else keeps -Onone.
let kernels: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
  name: "Boca",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "boca", targets: ["boca"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CGSL",
      pkgConfig: "gsl",
      providers: [.apt(["libgsl-dev"])]
    ),
    .target(name: "BocaRandom", dependencies: ["CGSL"], swiftSettings: kernels),
    .target(name: "BocaGraph", dependencies: ["BocaRandom"], swiftSettings: kernels),
    .target(name: "BocaModels", dependencies: ["BocaGraph", "BocaRandom", "CGSL"], swiftSettings: kernels),
    .target(name: "BocaSeeding", dependencies: ["BocaGraph", "BocaRandom", "BocaModels"], swiftSettings: kernels),
    .target(
      name: "BocaScenario",
      dependencies: [
        "BocaGraph", "BocaRandom", "BocaModels", "BocaSensitivity", .product(name: "Yams", package: "Yams"),
      ]
    ),
    .target(name: "BocaResults", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
    .target(name: "BocaSensitivity", dependencies: ["BocaRandom", "BocaResults", "CGSL"], swiftSettings: kernels),
    .target(name: "BocaDiscovery", dependencies: ["BocaResults"]),
    .target(
      name: "BocaCalibration",
      dependencies: [
        "BocaGraph", "BocaRandom", "BocaModels", "BocaResults", "BocaScenario", "CGSL",
        .product(name: "Yams", package: "Yams"),
      ], swiftSettings: kernels),
    .target(
      name: "BocaRunner",
      dependencies: ["BocaScenario", "BocaModels", "BocaGraph", "BocaRandom", "BocaResults", "BocaSeeding"]
    ),
    .executableTarget(
      name: "boca",
      dependencies: [
        "BocaRunner", "BocaScenario", "BocaModels", "BocaGraph", "BocaRandom", "BocaResults", "BocaSeeding",
        "BocaSensitivity", "BocaDiscovery", "BocaCalibration",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "BocaRandomTests", dependencies: ["BocaRandom"]),
    .testTarget(name: "BocaGraphTests", dependencies: ["BocaGraph", "BocaRandom"]),
    .testTarget(name: "BocaModelsTests", dependencies: ["BocaModels", "BocaGraph", "BocaRandom"]),
    .testTarget(name: "BocaSeedingTests", dependencies: ["BocaSeeding", "BocaModels", "BocaGraph", "BocaRandom"]),
    .testTarget(
      name: "BocaScenarioTests",
      dependencies: ["BocaScenario", "BocaRunner", "BocaResults", "BocaSensitivity", "BocaRandom"]),
    .testTarget(name: "BocaResultsTests", dependencies: ["BocaResults", "BocaRandom"]),
    .testTarget(
      name: "BocaRunnerTests",
      dependencies: ["BocaRunner", "BocaScenario", "BocaResults", "BocaGraph", "BocaModels", "BocaRandom"]),
    .testTarget(name: "BocaSensitivityTests", dependencies: ["BocaSensitivity", "BocaRandom"]),
    .testTarget(name: "BocaDiscoveryTests", dependencies: ["BocaDiscovery"]),
    .testTarget(
      name: "BocaCalibrationTests",
      dependencies: [
        "BocaCalibration", "BocaGraph", "BocaRandom", "BocaModels", "BocaRunner", "BocaScenario",
        .product(name: "Yams", package: "Yams"),
      ]),
    .testTarget(name: "BocaCLITests", dependencies: ["boca", "BocaRunner", "BocaRandom"]),
    .testTarget(
      name: "BocaPropertyTests",
      dependencies: ["boca", "BocaRunner", "BocaScenario", "BocaModels", "BocaGraph", "BocaRandom", "BocaResults"],
      exclude: ["README.md"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
