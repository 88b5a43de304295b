// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "certbridge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "certbridge", targets: ["certbridge"]),
        .library(name: "JSONCanonical", targets: ["JSONCanonical"]),
        .library(name: "Credentials", targets: ["Credentials"]),
        .library(name: "Mapping", targets: ["Mapping"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "LinkedData", targets: ["LinkedData"]),
        .library(name: "LinkedDataSuites", targets: ["LinkedDataSuites"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
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
            dependencies: ["Mapping", "Credentials", "JSONCanonical", "LinkedData", "LinkedDataSuites"]
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
        .executableTarget(
            name: "certbridge",
            dependencies: [
                "JSONCanonical",
                "Credentials",
                "Mapping",
                "Pipeline",
                "LinkedData",
                "LinkedDataSuites",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Shared helpers for the test targets (vector paths, fixtures); never linked into the tool.
        .target(name: "TestSupport", dependencies: ["JSONCanonical"], path: "Sources/TestSupport"),
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
    ],
    swiftLanguageModes: [.v6]
)
