import Credentials
import Foundation
import JSONCanonical

/// Inputs shared by the benchmark suites, built once outside the measured closures.
public enum Fixtures {
    /// The repository root, found from this file's path so benchmarks read the same example
    /// files the tests and the README use.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // BenchmarkFixtures
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()  // Benchmarks
        .deletingLastPathComponent()  // repository

    /// A file of the repository, read whole.
    public static func repositoryData(_ path: String) throws -> Data {
        try Data(contentsOf: repositoryRoot.appendingPathComponent(path))
    }

    /// The unsigned VC 2.0 credential of Examples/credential-v2.json: the size and shape of what
    /// a mapping profile produces from one Certifier credential.
    public static func typicalCredential() throws -> JSONValue {
        try JSONValue(parsing: [UInt8](repositoryData("Examples/credential-v2.json")))
    }

    /// The Open Badges 3.0 credential the bundled OB3 profile makes (its golden fixture): every
    /// term is defined by bundled contexts, as the RDF suites require.
    public static func openBadgeCredential() throws -> JSONValue {
        try JSONValue(parsing: [UInt8](repositoryData("mappings/fixtures/ob3-achievement/expected.json")))
    }

    /// The unsigned VC 1.1 credential the shipped TSG profile makes (its golden fixture
    /// `tsg-lookup-holder-no-expiry`), whose profile signs with JsonWebSignature2020; its own
    /// terms come from the profile's context (`mappings/contexts/certbridge-v1.jsonld`).
    public static func tsgCredential() throws -> JSONValue {
        try JSONValue(parsing: [UInt8](repositoryData("mappings/fixtures/tsg-lookup-holder-no-expiry/expected.json")))
    }

    /// A fixed proof time, so every iteration signs the same bytes.
    public static let created = Date(timeIntervalSince1970: 1_764_000_000)

    /// A signer with a fresh key of `type` and that key's did:key method.
    public static func signer(_ type: KeyType, cryptosuite: String) throws -> DataIntegritySigner {
        let key = SigningKey.generate(type)
        return try DataIntegritySigner(key: key, verificationMethod: key.didKeyVerificationMethod, cryptosuite: cryptosuite)
    }
}

extension Fixtures {
    /// The lines of an NDJSON file of the repository, without blank ones.
    public static func ndjsonLines(_ path: String) throws -> [[UInt8]] {
        try repositoryData(path).split(separator: UInt8(ascii: "\n")).map(Array.init).filter { !$0.isEmpty }
    }
}
