// swift-tools-version: 6.1
import PackageDescription

// The folders show the flow, each target declared with its `path:` (docs/ARCHITECTURE.md):
//
//   Sources/Standards/     JSON/JCS, keys/DIDs/Data Integrity, JSON-LD/RDFC, secrets: no I/O, no product knowledge
//   Sources/Inbound/       where credentials come from (Certifier)
//   Sources/Outbox/        the durable outbox and its worker (neutral events and destinations)
//   Sources/Pipeline/      mapping profiles, then select → map → sign → form → validate
//   Sources/Destinations/  where signed credentials go (the TSG wallet import, a file sink)
//   Sources/App/           the HTTP doors and configuration, the composition root, the tool
//   Testing/               scaffolding: stand-ins, the serve rig, test support, the demo; never linked into `certbridge`

let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let asyncHTTPClient: Target.Dependency = .product(name: "AsyncHTTPClient", package: "async-http-client")
let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")
let nioHTTP1: Target.Dependency = .product(name: "NIOHTTP1", package: "swift-nio")
// A pthread-based lock: ThreadSanitizer sees it, while Synchronization.Mutex (futexes) is invisible
// to it on Linux and made every guarded state a reported race (docs/SANITIZERS.md).
let nioLocks: Target.Dependency = .product(name: "NIOConcurrencyHelpers", package: "swift-nio")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let metrics: Target.Dependency = .product(name: "Metrics", package: "swift-metrics")
let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")
let serviceLifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let postgresNIO: Target.Dependency = .product(name: "PostgresNIO", package: "postgres-nio")
let yams: Target.Dependency = .product(name: "Yams", package: "Yams")
let jwtKit: Target.Dependency = .product(name: "JWTKit", package: "jwt-kit")
let cryptoExtras: Target.Dependency = .product(name: "_CryptoExtras", package: "swift-crypto")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let nioPosix: Target.Dependency = .product(name: "NIOPosix", package: "swift-nio")
let nioSSL: Target.Dependency = .product(name: "NIOSSL", package: "swift-nio-ssl")

let package = Package(
    name: "certbridge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "certbridge", targets: ["certbridge"]),
        // `swift run certbridge-demo`: the main job on the bundled examples, with stand-ins (README).
        .executable(name: "certbridge-demo", targets: ["certbridge-demo"]),
        // The product's libraries, for the Benchmarks package (its own SwiftPM package).
        .library(name: "JSONCanonical", targets: ["JSONCanonical"]),
        .library(name: "Credentials", targets: ["Credentials"]),
        .library(name: "LinkedData", targets: ["LinkedData"]),
        .library(name: "LinkedDataSuites", targets: ["LinkedDataSuites"]),
        .library(name: "StatusList", targets: ["StatusList"]),
        .library(name: "Mapping", targets: ["Mapping"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "Outbox", targets: ["Outbox"]),
        .library(name: "Lifecycle", targets: ["Lifecycle"]),
        .library(name: "Composition", targets: ["Composition"]),
        // The fuzz targets, for the libFuzzer executable of Fuzz/ (its own SwiftPM package, docs/FUZZING.md).
        .library(name: "FuzzTargets", targets: ["FuzzTargets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // The PostgreSQL outbox for several gateway instances.
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // GZIP for Bitstring Status Lists (zlib underneath; no hand-written DEFLATE).
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        // JOSE for VC-JWTs, self-issued ID tokens and RSA (PS256) rather than hand-written JWS.
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        // Extra trust roots for the guarded HTTPS client (DIDResolution); async-http-client pulls it in already.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // A test CA and leaf certificates made in-process (Testing/TestCertificates); jwt-kit pulls it in already.
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
    ],
    targets: [
        // MARK: Standards: import nothing above them.

        // Order-preserving JSON value, strict parser, RFC 8785 canonical serialisation.
        .target(name: "JSONCanonical", path: "Sources/Standards/JSONCanonical"),
        // A value that never prints itself (tokens, passwords, webhook secrets).
        .target(name: "Secrets", dependencies: [crypto], path: "Sources/Standards/Secrets"),
        // Keys, DIDs, Data Integrity proofs and the JCS suites; knows nothing of HTTP.
        .target(name: "Credentials", dependencies: ["JSONCanonical", crypto, cryptoExtras], path: "Sources/Standards/Credentials"),
        // JSON-LD expansion/toRdf with bundled contexts, RDFC-1.0 canonicalisation.
        .target(
            name: "LinkedData", dependencies: ["JSONCanonical", crypto, nioLocks], path: "Sources/Standards/LinkedData",
            // The files are compiled in (JSONLD/Context/ContextStore+Embedded.swift, scripts/generate-contexts.sh),
            // so the executable needs no resource bundle beside it.
            exclude: ["Contexts"]
        ),
        // W3C Bitstring Status List v1.0: the bitstring, its GZIP encoding, entries, list credentials, status checks.
        .target(
            name: "StatusList",
            dependencies: [
                "JSONCanonical", "Credentials", nioCore, .product(name: "CompressNIO", package: "compress-nio"),
            ],
            path: "Sources/Standards/StatusList"
        ),
        // The RDF-canonicalised cryptosuites (eddsa-rdfc-2022, ecdsa-rdfc-2019, JsonWebSignature2020).
        .target(
            name: "LinkedDataSuites", dependencies: ["Credentials", "LinkedData", "JSONCanonical"],
            path: "Sources/Standards/LinkedDataSuites"
        ),

        // QR codes (ISO/IEC 18004): byte mode, level M, versions 1–40, SVG output; for the OpenID4VCI offer page.
        .target(name: "QRCode", path: "Sources/Standards/QRCode"),

        // VC-JWT forms (VC 1.1 `vc` claim, VC 2.0 VC-JOSE-COSE) and self-issued ID tokens, with jwt-kit.
        .target(
            name: "CredentialJWT", dependencies: ["Credentials", "JSONCanonical", jwtKit, crypto, cryptoExtras, .product(name: "X509", package: "swift-certificates")],
            path: "Sources/Standards/CredentialJWT"
        ),

        // MARK: Network: standards over the network, with untrusted input guarded.

        // The one DID resolver (did:key, did:jwk, did:web over guarded HTTPS) and the guarded HTTPS client.
        .target(
            name: "DIDResolution",
            dependencies: ["Credentials", "JSONCanonical", asyncHTTPClient, nioCore, nioHTTP1, nioPosix, nioSSL, nioLocks, logging],
            path: "Sources/Network/DIDResolution"
        ),
        // An SMTP submission client (STARTTLS or implicit TLS, AUTH PLAIN/LOGIN, MIME rendering) for offer e-mails.
        .target(
            name: "Mail", dependencies: ["Secrets", nioCore, nioPosix, nioSSL, .product(name: "NIOTLS", package: "swift-nio"), nioLocks, logging],
            path: "Sources/Network/Mail"
        ),

        // MARK: Inbound: where credentials come from.

        // Certifier API models, API client, webhook envelope and signature check, as outbox events.
        .target(
            name: "Certifier",
            dependencies: ["JSONCanonical", "Secrets", "Outbox", crypto, asyncHTTPClient, nioCore, nioHTTP1],
            path: "Sources/Inbound/Certifier"
        ),

        // MARK: Outbox: durable events and jobs, the worker; knows no source and no destination.

        // The outbox contract, SQLite store, retry state machine and worker, over neutral ports.
        .target(
            name: "Outbox",
            dependencies: ["JSONCanonical", "Credentials", .product(name: "GRDB", package: "GRDB.swift"), logging, metrics, nioLocks],
            path: "Sources/Outbox/Core"
        ),
        // The outbox in PostgreSQL, shared by several gateway instances; kept apart so the
        // SQLite-only pieces (and their tests) never link the PostgreSQL client.
        .target(
            name: "OutboxPostgres", dependencies: ["Outbox", "JSONCanonical", "Secrets", postgresNIO, nioLocks, logging],
            path: "Sources/Outbox/Postgres"
        ),

        // MARK: Pipeline: profiles, then select → map → sign → form → validate.

        // YAML mapping profiles: parse → compile → evaluate into unsigned VCs; knows nothing of HTTP.
        .target(name: "Mapping", dependencies: ["JSONCanonical", yams, crypto], path: "Sources/Pipeline/Mapping"),
        // The stages every door runs; destinations plug their form and rules in.
        .target(
            name: "Pipeline",
            dependencies: ["Mapping", "Credentials", "JSONCanonical", "LinkedData", "LinkedDataSuites", "StatusList", crypto],
            path: "Sources/Pipeline/Stages"
        ),

        // MARK: Lifecycle: re-issue decisions, status list indexes and publication.

        .target(
            name: "Lifecycle",
            dependencies: ["Outbox", "Pipeline", "Mapping", "StatusList", "Credentials", "JSONCanonical", logging],
            path: "Sources/Lifecycle"
        ),

        // MARK: Destinations: where signed credentials go, one folder each behind one protocol.

        // The destination protocol, kinds and routing of profiles to destinations.
        .target(
            name: "Destination",
            dependencies: ["Outbox", "Pipeline", "Mapping", "JSONCanonical", "Secrets", "Credentials", "DIDResolution", "Mail", asyncHTTPClient, logging, nioLocks],
            path: "Sources/Destinations/Core"
        ),
        // The TSG wallet: OAuth2 password grant, import client, import schema, proof layout, and its
        // opt-in non-standard proof form (docs/TSG-COMPATIBILITY.md).
        .target(
            name: "TSGWallet",
            dependencies: [
                "Destination", "Outbox", "Pipeline", "Mapping", "Credentials", "LinkedData", "LinkedDataSuites",
                "JSONCanonical", "Secrets", crypto, asyncHTTPClient, nioCore, nioHTTP1,
            ],
            path: "Sources/Destinations/TSGWallet"
        ),
        // DCP holders: the storage API of the holder DID's CredentialService (pushed or requested),
        // and the gateway's issuer service (metadata, credential requests, their status).
        .target(
            name: "DCP",
            dependencies: [
                "Destination", "Outbox", "Pipeline", "Mapping", "Credentials", "CredentialJWT", "DIDResolution", "JSONCanonical",
                crypto, nioHTTP1, logging,
            ],
            path: "Sources/Destinations/DCP"
        ),
        // OpenID4VCI holders: offers e-mailed to the recipient, the offer page with its QR code, and the
        // credential issuer's endpoints (metadata, token, nonce, credential); VCs signed at redemption.
        .target(
            name: "OID4VCI",
            dependencies: [
                "Destination", "Outbox", "Pipeline", "Mapping", "Credentials", "CredentialJWT", "DIDResolution", "JSONCanonical",
                "QRCode", "Mail", "Secrets", crypto, logging,
            ],
            path: "Sources/Destinations/OID4VCI"
        ),
        // Signed VCs written as files in a directory (one per VC id), atomically.
        .target(
            name: "FileSink",
            dependencies: ["Destination", "Outbox", "Pipeline", "Mapping", "JSONCanonical", crypto, asyncHTTPClient],
            path: "Sources/Destinations/FileSink"
        ),

        // MARK: App: the doors, the one composition root, the tool.

        // Configuration, the cryptosuite registry, and every part built once from them.
        .target(
            name: "Composition",
            dependencies: [
                "JSONCanonical", "Secrets", "Credentials", "LinkedData", "LinkedDataSuites", "Mapping", "Pipeline",
                "Certifier", "Outbox", "OutboxPostgres", "Lifecycle", "StatusList", "Destination", "TSGWallet", "FileSink", "DCP", "OID4VCI", "CredentialJWT", "DIDResolution", "Mail", yams, asyncHTTPClient,
                logging,
            ],
            path: "Sources/App/Composition"
        ),
        // HTTP server (webhook, health, metrics, did.json, contexts) and the services of `serve`.
        .target(
            name: "Gateway",
            dependencies: [
                "Composition", "JSONCanonical", "Secrets", "Certifier", "Outbox", "Credentials", "Mapping", "Pipeline", "Lifecycle",
                "Destination", "DIDResolution", hummingbird, nioCore, nioLocks, logging, metrics, crypto,
                .product(name: "Prometheus", package: "swift-prometheus"),
                serviceLifecycle,
            ],
            path: "Sources/App/Gateway"
        ),
        .executableTarget(
            name: "certbridge",
            dependencies: [
                "Composition", "Gateway", "JSONCanonical", "Credentials", "CredentialJWT", "Mapping", "Pipeline", "LinkedData",
                "LinkedDataSuites", "Outbox", "Destination", "TSGWallet", "OID4VCI", "StatusList", "Lifecycle", "DIDResolution", argumentParser, logging,
            ],
            path: "Sources/App/certbridge"
        ),

        // MARK: Testing: scaffolding, never linked into `certbridge`, no library product.

        // Stand-ins for Certifier and the TSG wallet that behave like the documented APIs.
        .target(
            name: "ServeStandIns",
            dependencies: [.product(name: "HummingbirdCore", package: "hummingbird"), "JSONCanonical", crypto, hummingbird, asyncHTTPClient, nioCore, nioLocks, serviceLifecycle],
            path: "Testing/StandIns"
        ),
        // A DCP holder over HTTPS on loopback (its did:web, its storage API with TSG's checks) that
        // also drives the specification's request flow.
        .target(
            name: "DCPHolderStandIn",
            dependencies: [
                "CredentialJWT", "Credentials", "JSONCanonical", "TestCertificates", hummingbird, asyncHTTPClient, nioCore, nioHTTP1,
                nioLocks,
            ],
            path: "Testing/DCPHolderStandIn"
        ),
        // An OpenID4VCI holder written apart from the server: from the offer link through metadata,
        // token, nonce and credential, in the specification's request shapes and in TSG's.
        .target(
            name: "OID4VCIHolderStandIn",
            dependencies: ["Credentials", "JSONCanonical", jwtKit, crypto, asyncHTTPClient, nioCore, nioHTTP1],
            path: "Testing/OID4VCIHolderStandIn"
        ),
        // A real gateway wired through certbridge.yaml in front of the stand-ins; shared by the serve tests and the demo.
        .target(
            name: "ServeRig",
            dependencies: ["Gateway", "Composition", "Outbox", "TSGWallet", "Secrets", "JSONCanonical", "ServeStandIns", asyncHTTPClient],
            path: "Testing/ServeRig"
        ),
        // The demo run and its report: webhooks for the bundled examples, outbox settled, wallet VCs verified.
        .target(
            name: "CertbridgeDemo",
            dependencies: [
                "ServeRig", "ServeStandIns", "Gateway", "Composition", "Outbox", "Pipeline", "Mapping", "Credentials",
                "JSONCanonical",
            ],
            path: "Testing/Demo/CertbridgeDemo"
        ),
        // `certbridge-demo`: links the stand-ins, so it is a separate executable from `certbridge`.
        .executableTarget(
            name: "certbridge-demo", dependencies: ["CertbridgeDemo", argumentParser, logging],
            path: "Testing/Demo/certbridge-demo"
        ),
        // Vector paths, fixtures, the process runner and the built binary for the test targets.
        .target(name: "TestSupport", dependencies: ["JSONCanonical", logging, nioLocks], path: "Testing/TestSupport"),
        // A test CA and `localhost` leaf made in-process, and an HTTPS server on loopback that serves with them.
        .target(
            name: "TestCertificates",
            dependencies: [
                "ServeStandIns",
                crypto, .product(name: "X509", package: "swift-certificates"), hummingbird,
                .product(name: "HummingbirdTLS", package: "hummingbird"), nioCore, nioSSL, serviceLifecycle, logging,
            ],
            path: "Testing/TestCertificates"
        ),
        // A real SMTP submission server on 127.0.0.1 (STARTTLS, implicit TLS, AUTH, scripted failures) that records what it receives.
        .target(
            name: "MailStandIn", dependencies: ["TestCertificates", nioCore, nioPosix, nioSSL, nioLocks],
            path: "Testing/MailStandIn"
        ),
        // A database per test on the PostgreSQL server CI starts (CERTBRIDGE_TEST_POSTGRES_URL).
        .target(
            name: "PostgresTestSupport", dependencies: ["OutboxPostgres", postgresNIO], path: "Testing/PostgresTestSupport"
        ),

        // One function per parser of untrusted input, asserting its properties; run by the libFuzzer
        // executable of Fuzz/ and, over the committed corpora and crash inputs, by FuzzRegressionTests.
        .target(
            name: "FuzzTargets",
            dependencies: ["JSONCanonical", "Credentials", "CredentialJWT", "LinkedData", "Mapping", "Certifier", "DCP", "OID4VCI"],
            path: "Testing/FuzzTargets"
        ),

        // MARK: Tests: one target per module.

        .testTarget(name: "JSONCanonicalTests", dependencies: ["JSONCanonical", "TestSupport"]),
        .testTarget(name: "CredentialsTests", dependencies: ["Credentials", "JSONCanonical", "TestSupport", crypto, cryptoExtras]),
        .testTarget(
            name: "CredentialJWTTests",
            dependencies: ["CredentialJWT", "Credentials", "JSONCanonical", "TestSupport", jwtKit, crypto, cryptoExtras, .product(name: "X509", package: "swift-certificates")]
        ),
        .testTarget(
            name: "DIDResolutionTests",
            dependencies: [
                "DIDResolution", "Credentials", "JSONCanonical", "StatusList", "TestSupport", "TestCertificates", "ServeStandIns", hummingbird,
                asyncHTTPClient, nioCore, nioSSL, logging,
            ]
        ),
        .testTarget(name: "MappingTests", dependencies: ["Mapping", "JSONCanonical", "TestSupport"]),
        .testTarget(
            name: "LifecycleTests",
            dependencies: [
                "Lifecycle", "Composition", "Outbox", "Pipeline", "Mapping", "StatusList", "Credentials", "JSONCanonical",
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "StatusListTests",
            dependencies: ["StatusList", "JSONCanonical", "Credentials", "LinkedData", "LinkedDataSuites", "TestSupport"]
        ),
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "Pipeline", "Composition", "Mapping", "Credentials", "JSONCanonical", "LinkedData", "LinkedDataSuites",
                "TestSupport",
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "LinkedDataTests", dependencies: ["LinkedData", "JSONCanonical", "TestSupport"], exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "LinkedDataSuitesTests",
            dependencies: ["LinkedDataSuites", "LinkedData", "Credentials", "JSONCanonical", "TestSupport", crypto, cryptoExtras]
        ),
        .testTarget(
            name: "CertifierTests", dependencies: ["Certifier", "Outbox", "Secrets", "JSONCanonical", "ServeStandIns", "TestSupport"]
        ),
        .testTarget(
            name: "OutboxTests",
            dependencies: [
                "Outbox", "OutboxPostgres", "JSONCanonical", "Secrets", "ServeStandIns", "PostgresTestSupport", postgresNIO, nioLocks,
                // The schema tests build databases as older versions left them.
                .product(name: "GRDB", package: "GRDB.swift"),
                // The worker's integration tests drive the real Certifier and TSG wallet clients against the stand-ins.
                "Certifier", "TSGWallet", "Destination", "ServeRig", "TestSupport",
            ]
        ),
        .testTarget(
            name: "DestinationTests",
            dependencies: [
                "Destination", "FileSink", "Composition", "Outbox", "Pipeline", "Mapping", "JSONCanonical", "Credentials",
                "Secrets", "TestSupport", asyncHTTPClient,
            ]
        ),
        .testTarget(
            name: "MailTests", dependencies: ["Mail", "MailStandIn", "TestCertificates", "TestSupport", "Secrets", nioCore, nioLocks, logging]
        ),
        .testTarget(name: "DCPTests", dependencies: ["DCP", "JSONCanonical", "TestSupport"]),
        .testTarget(
            name: "OID4VCITests",
            dependencies: ["OID4VCI", "Destination", "Outbox", "Mapping", "Credentials", "CredentialJWT", "JSONCanonical", "QRCode", "Secrets", "TestSupport", crypto]
        ),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzTargets", "TestSupport"]),
        .testTarget(name: "QRCodeTests", dependencies: ["QRCode", "TestSupport"]),
        .testTarget(
            name: "TSGWalletTests",
            dependencies: [
                "TSGWallet", "Destination", "Composition", "Outbox", "Pipeline", "Mapping", "LinkedDataSuites",
                "LinkedData", "Credentials", "JSONCanonical", "Secrets", "ServeStandIns", "ServeRig", "TestSupport", crypto,
                asyncHTTPClient,
            ]
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "Composition", "StatusList", "Outbox", "OutboxPostgres", "Certifier", "JSONCanonical", "Secrets",
                "ServeStandIns", "TestSupport", "PostgresTestSupport", "Credentials", "Mapping", "Pipeline", "ServeRig",
                "CertbridgeDemo", "Destination", "TSGWallet", "DIDResolution", "DCPHolderStandIn", "TestCertificates", "OID4VCIHolderStandIn", "MailStandIn", "Mail",
                .product(name: "HummingbirdTesting", package: "hummingbird"), asyncHTTPClient, nioCore, nioLocks, logging,
                // StoreBackupProcessTests reads the restored allocation bitmaps.
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
