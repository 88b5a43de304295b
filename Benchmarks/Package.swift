// swift-tools-version: 6.1
import PackageDescription

// A package of its own, so that the root package's `swift build` / `swift test` never resolve or
// build the benchmark harness; `swift build -c release --package-path Benchmarks` builds it.

/// A product of the root package.
func certbridge(_ names: String...) -> [Target.Dependency] {
    names.map { .product(name: $0, package: "certbridge") }
}

/// A package-benchmark suite in Benchmarks/<folder> (its name unless given), with the shared
/// fixtures and floor. The plugin finds suites by their folder's parent being `Benchmarks`.
func suite(_ name: String, folder: String? = nil, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["BenchmarkFixtures", "BenchmarkSupport", .product(name: "Benchmark", package: "package-benchmark")]
            + dependencies,
        path: "Benchmarks/\(folder ?? name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
    )
}

let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")

let package = Package(
    name: "certbridge-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "certbridge", path: ".."),
        // The same swift-crypto the root package resolves, for the raw-signature floor.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // The same Hummingbird, HTTP client, NIO and lifecycle the root package resolves, for the
        // stand-ins and the synthetic Certifier of ServeLoad.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Example documents and signers shared by the suites and tools; no benchmark of its own.
        .target(
            name: "BenchmarkFixtures", dependencies: certbridge("JSONCanonical", "Credentials", "Mapping", "Pipeline", "Composition")
        ),
        // The root package's stand-ins (Testing/StandIns, linked here as Sources/LoadStandIns: target names are unique across the package graph): the
        // root keeps its scaffolding out of its library products, so this package builds them itself.
        .target(
            name: "LoadStandIns",
            dependencies: [
                crypto, .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ] + certbridge("JSONCanonical")
        ),
        // The raw-signature floor and the configuration every suite registers.
        .target(name: "BenchmarkSupport", dependencies: [.product(name: "Benchmark", package: "package-benchmark"), crypto]),
        // One scenario in a plain loop, for callgrind and quick timings (no malloc interposer).
        .executableTarget(
            name: "ProfileHarness",
            dependencies: ["BenchmarkFixtures", crypto]
                + certbridge("JSONCanonical", "Credentials", "Mapping", "Pipeline", "LinkedData", "LinkedDataSuites", "Composition")
        ),
        // Load runs on loopback: delivery into the wallet stand-in, stand-ins for the intake script,
        // webhook to wallet through real serve processes.
        .executableTarget(
            name: "ServeLoad",
            dependencies: [
                "BenchmarkFixtures", "LoadStandIns", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
                + certbridge("JSONCanonical", "Credentials", "Mapping", "Pipeline", "Composition")
        ),
        // JCS, the JCS suites and the raw signatures (the floor), in one run.
        suite("Signing", [crypto] + certbridge("JSONCanonical", "Credentials")),
        // `certbridge convert` per credential: mapping alone, Pipeline, and with parse + NDJSON line.
        suite("Conversion", certbridge("JSONCanonical", "Credentials", "Mapping", "Pipeline")),
        // The RDF path: RDFC-1.0, eddsa-rdfc-2022 and JsonWebSignature2020 (the TSG profile's).
        suite("RDF", certbridge("JSONCanonical", "Credentials", "LinkedData", "LinkedDataSuites", "Mapping", "Composition")),
        // The credential lifecycle: building and signing a 131,072-entry status list, and status
        // assignment per credential. Named CredentialLifecycle, in Benchmarks/Lifecycle: the root
        // package's module is already called Lifecycle, and target names are unique across the graph.
        suite(
            "CredentialLifecycle", folder: "Lifecycle",
            certbridge("JSONCanonical", "Credentials", "Mapping", "Pipeline", "Composition", "Lifecycle", "Outbox", "StatusList")
        ),
    ],
    swiftLanguageModes: [.v6]
)
