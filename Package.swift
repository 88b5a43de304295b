// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "certbridge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "certbridge", targets: ["certbridge"]),
        // `swift run certbridge-demo`: the main job on the bundled examples, with stand-ins (README).
        .executable(name: "certbridge-demo", targets: ["certbridge-demo"]),
        .library(name: "JSONCanonical", targets: ["JSONCanonical"]),
        .library(name: "Credentials", targets: ["Credentials"]),
        .library(name: "Mapping", targets: ["Mapping"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "LinkedData", targets: ["LinkedData"]),
        .library(name: "LinkedDataSuites", targets: ["LinkedDataSuites"]),
        // For the Benchmarks package (its own SwiftPM package): the serve parts and the stand-ins.
        .library(name: "Delivery", targets: ["Delivery"]),
        .library(name: "Gateway", targets: ["Gateway"]),
        .library(name: "ServeStandIns", targets: ["ServeStandIns"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // serve: webhook gateway, durable outbox, wallet delivery
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // serve: the PostgreSQL outbox for several gateway instances
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // Order-preserving JSON value, strict parser, RFC 8785 canonical serialisation.
        .target(name: "JSONCanonical"),
        // Keys, DIDs, Data Integrity proofs; knows nothing of HTTP.
        .target(
            name: "Credentials",
            dependencies: [
                "JSONCanonical",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // YAML mapping profiles: parse -> compile -> evaluate into unsigned VCs; knows nothing of HTTP.
        .target(
            name: "Mapping",
            dependencies: [
                "JSONCanonical",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // select profile -> map -> validate -> sign; every door (convert, webhook) calls this.
        .target(
            name: "Pipeline",
            dependencies: ["Mapping", "Credentials", "JSONCanonical", "LinkedData", "LinkedDataSuites", "TSGCompatibility"]
        ),
        // JSON-LD expansion/toRdf with bundled contexts, RDFC-1.0 canonicalisation.
        .target(
            name: "LinkedData",
            dependencies: [
                "JSONCanonical",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Contexts")]
        ),
        // The RDF-canonicalised cryptosuites (eddsa-rdfc-2022, ecdsa-rdfc-2019, JsonWebSignature2020).
        .target(name: "LinkedDataSuites", dependencies: ["Credentials", "LinkedData", "JSONCanonical"]),
        // Certifier API models, API client, webhook envelope and signature check.
        .target(
            name: "Certifier",
            dependencies: [
                "JSONCanonical",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Durable outbox (store protocol + SQLite), retry state machine, wallet clients, worker.
        .target(
            name: "Delivery",
            dependencies: [
                "JSONCanonical",
                "Certifier",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The outbox in PostgreSQL (postgres-nio), shared by several gateway instances; kept out of
        // Delivery so the SQLite-only pieces (and their tests) never link the PostgreSQL client.
        .target(
            name: "DeliveryPostgres",
            dependencies: [
                "Delivery",
                "Certifier",
                "JSONCanonical",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // HTTP server (webhook, health, metrics, did.json), configuration, service wiring.
        .target(
            name: "Gateway",
            dependencies: [
                "JSONCanonical",
                "Certifier",
                "Delivery",
                "DeliveryPostgres",
                "Credentials",
                "Mapping",
                "Pipeline",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Stand-ins for Certifier and the TSG wallet used by the serve tests; never linked into the tool.
        .target(
            name: "ServeStandIns",
            dependencies: [
                "JSONCanonical",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // A real gateway wired through certbridge.yaml in front of the stand-ins; shared by the serve tests and the demo.
        .target(
            name: "ServeRig",
            dependencies: [
                "Gateway", "Delivery", "ServeStandIns",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // The demo run and its report: webhooks for the bundled examples, outbox settled, wallet VCs verified.
        .target(
            name: "CertbridgeDemo",
            dependencies: [
                "ServeRig", "ServeStandIns", "Gateway", "Delivery", "Pipeline", "Mapping", "Credentials", "JSONCanonical",
            ]
        ),
        // `certbridge-demo`: links the stand-ins, so it is a separate executable from `certbridge`.
        .executableTarget(
            name: "certbridge-demo",
            dependencies: [
                "CertbridgeDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Opt-in, non-standard proofs the TSG wallet's own verifier accepts (docs/TSG-COMPATIBILITY.md).
        .target(
            name: "TSGCompatibility",
            dependencies: [
                "Credentials", "LinkedData", "LinkedDataSuites", "JSONCanonical",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "certbridge",
            dependencies: [
                "JSONCanonical",
                "Credentials",
                "Mapping",
                "Pipeline",
                "LinkedData",
                "LinkedDataSuites",
                "Gateway",
                "Delivery",
                "TSGCompatibility",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Shared helpers for the test targets (vector paths, fixtures); never linked into the tool.
        .target(name: "TestSupport", dependencies: ["JSONCanonical"], path: "Sources/TestSupport"),
        // A database per test on the PostgreSQL server CI starts (CERTBRIDGE_TEST_POSTGRES_URL); never linked into the tool.
        .target(
            name: "PostgresTestSupport",
            dependencies: ["DeliveryPostgres", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .testTarget(name: "JSONCanonicalTests", dependencies: ["JSONCanonical", "TestSupport"]),
        .testTarget(name: "CredentialsTests", dependencies: ["Credentials", "JSONCanonical", "TestSupport"]),
        .testTarget(name: "MappingTests", dependencies: ["Mapping", "JSONCanonical", "TestSupport"]),
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "Pipeline", "Mapping", "Credentials", "JSONCanonical", "LinkedData", "LinkedDataSuites", "TestSupport",
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "LinkedDataTests",
            dependencies: ["LinkedData", "JSONCanonical", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "LinkedDataSuitesTests",
            dependencies: ["LinkedDataSuites", "LinkedData", "Credentials", "JSONCanonical", "TestSupport"]
        ),
        .testTarget(name: "CertifierTests", dependencies: ["Certifier", "JSONCanonical", "ServeStandIns"]),
        .testTarget(
            name: "DeliveryTests",
            dependencies: [
                "Delivery", "DeliveryPostgres", "Certifier", "JSONCanonical", "ServeStandIns", "PostgresTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "Delivery", "DeliveryPostgres", "Certifier", "JSONCanonical", "ServeStandIns", "TestSupport",
                "PostgresTestSupport",
                "Credentials", "Mapping", "Pipeline", "ServeRig", "CertbridgeDemo",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "TSGCompatibilityTests",
            dependencies: [
                "TSGCompatibility", "Pipeline", "Mapping", "LinkedDataSuites", "LinkedData", "Credentials", "JSONCanonical",
                "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
