// swift-tools-version: 6.1
import PackageDescription

// A package of its own, so that the root package's `swift build` / `swift test` never resolve or
// build the benchmark harness; `swift build -c release --package-path Benchmarks` builds it.
let package = Package(
    name: "certbridge-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "certbridge", path: ".."),
        // The same swift-crypto the root package resolves, for the raw-signature floor.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // The same Hummingbird the root package resolves, for the synthetic Certifier of ServeLoad.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Example documents and signers shared by the suites; no benchmark of its own.
        .target(
            name: "BenchmarkFixtures",
            dependencies: [
                .product(name: "JSONCanonical", package: "certbridge"),
                .product(name: "Credentials", package: "certbridge"),
                .product(name: "Mapping", package: "certbridge"),
                .product(name: "Pipeline", package: "certbridge"),
            ]
        ),
        // The raw-signature floor and the configuration every suite registers.
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // One scenario in a plain loop, for callgrind and quick timings.
        .executableTarget(
            name: "ProfileHarness",
            dependencies: [
                "BenchmarkFixtures",
                .product(name: "JSONCanonical", package: "certbridge"),
                .product(name: "Credentials", package: "certbridge"),
                .product(name: "Mapping", package: "certbridge"),
                .product(name: "Pipeline", package: "certbridge"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Load runs on loopback: delivery into the wallet stand-in, stand-ins for the intake script.
        .executableTarget(
            name: "ServeLoad",
            dependencies: [
                "BenchmarkFixtures",
                .product(name: "JSONCanonical", package: "certbridge"),
                .product(name: "Credentials", package: "certbridge"),
                .product(name: "Pipeline", package: "certbridge"),
                .product(name: "Gateway", package: "certbridge"),
                .product(name: "ServeStandIns", package: "certbridge"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // JCS, the JCS suites and the raw signatures (the floor), in one run.
        .executableTarget(
            name: "Signing",
            dependencies: [
                "BenchmarkFixtures",
                "BenchmarkSupport",
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "JSONCanonical", package: "certbridge"),
                .product(name: "Credentials", package: "certbridge"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Benchmarks/Signing",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // `certbridge convert` per credential: mapping alone, Pipeline, and with parse + NDJSON line.
        .executableTarget(
            name: "Conversion",
            dependencies: [
                "BenchmarkFixtures",
                "BenchmarkSupport",
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "JSONCanonical", package: "certbridge"),
                .product(name: "Credentials", package: "certbridge"),
                .product(name: "Mapping", package: "certbridge"),
                .product(name: "Pipeline", package: "certbridge"),
            ],
            path: "Benchmarks/Conversion",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // The RDF path: RDFC-1.0 and eddsa-rdfc-2022.
        .executableTarget(
            name: "RDF",
            dependencies: [
                "BenchmarkFixtures",
                "BenchmarkSupport",
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "JSONCanonical", package: "certbridge"),
                .product(name: "Credentials", package: "certbridge"),
                .product(name: "LinkedDataSuites", package: "certbridge"),
            ],
            path: "Benchmarks/RDF",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
