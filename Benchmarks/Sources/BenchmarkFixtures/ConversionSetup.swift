import Composition
import Credentials
import Foundation
import JSONCanonical
import Mapping
import Pipeline

/// Profiles, a signer and the inputs the profiles convert.
public struct ConversionSetup: Sendable {
    public let profiles: ProfileSet
    /// Signs every profile's credentials with eddsa-jcs-2022 (what the convert target names).
    public let pipeline: Pipeline
    /// Signs with each profile's own `proof.cryptosuite` (the shipped profiles name RDF suites).
    public let profileSuitesPipeline: Pipeline
    public let issuer: String
    public let now: Date
    /// NDJSON lines that convert.
    public let lines: [[UInt8]]
    /// The same, parsed.
    public let credentials: [JSONValue]
    /// Those whose VC the TSG wallet imports (issuer a string, proof a list): the inputs of
    /// delivery runs.
    public let walletCredentials: [JSONValue]

    /// Loads mappings/ and the example lines, keeping those that convert.
    public init() throws {
        profiles = try ProfileLoader.load(directory: Fixtures.repositoryRoot.appendingPathComponent("mappings"))
        let key = SigningKey.generate(.ed25519)
        issuer = key.didKey
        let fixedNow = Fixtures.created
        now = fixedNow
        pipeline = Pipeline(
            profiles: profiles,
            signer: try DataIntegritySigner(key: key, verificationMethod: key.didKeyVerificationMethod),
            issuer: issuer, routes: DestinationCatalog.formsOnly, clock: { fixedNow })
        profileSuitesPipeline = try Pipeline(
            profiles: profiles, key: key, verificationMethod: key.didKeyVerificationMethod,
            registries: Cryptosuites.registries(for: profiles), issuer: issuer, routes: DestinationCatalog.formsOnly,
            clock: { fixedNow })
        var lines: [[UInt8]] = []
        var credentials: [JSONValue] = []
        var walletCredentials: [JSONValue] = []
        for line in try Fixtures.ndjsonLines("Examples/certifier-credentials.ndjson") {
            let credential = try JSONValue(parsing: line)
            guard case .converted(let converted) = pipeline.process(credential) else { continue }
            lines.append(line)
            credentials.append(credential)
            if converted.vc["issuer"]?.stringValue != nil, converted.vc["proof"]?.arrayValue != nil {
                walletCredentials.append(credential)
            }
        }
        guard !lines.isEmpty, !walletCredentials.isEmpty else { throw SetupError.nothingConverts }
        self.lines = lines
        self.credentials = credentials
        self.walletCredentials = walletCredentials
    }

    /// Why the setup failed.
    public enum SetupError: Error, CustomStringConvertible {
        /// No example line converts.
        case nothingConverts
        /// What to fix.
        public var description: String {
            "no line of Examples/certifier-credentials.ndjson converts (into a VC the TSG wallet imports) with the profiles in mappings/"
        }
    }
}
