import Composition
import Credentials
import Foundation
import JSONCanonical
import LinkedData
import LinkedDataSuites
import Mapping
import Pipeline
import TestSupport
import TSGWallet

/// The TSG profile's inputs and a did:web issuer, shared by the compatibility tests.
enum TSGFixtures {
    static let created = Date(timeIntervalSince1970: 1_768_469_400)
    static let mappings = SharedVectors.repositoryFile("mappings")
    static let certbridgeContext = "https://certbridge.example.org/contexts/certbridge-v1.jsonld"

    /// The bundled contexts plus ours, which the TSG profile uses (TSG would fetch it by URL).
    static func contexts() throws -> ContextStore {
        try ContextStore.bundled.adding(
            url: certbridgeContext, data: Data(contentsOf: mappings.appendingPathComponent("contexts/certbridge-v1.jsonld")))
    }

    static func processor() throws -> JSONLDProcessor {
        JSONLDProcessor(options: .init(contexts: try contexts()))
    }

    /// Standard suites only: what a W3C verifier knows.
    static func standardRegistry() throws -> CryptosuiteRegistry {
        CryptosuiteRegistry.standard.registeringLinkedDataSuites(processor: try processor())
    }

    /// The opt-in TSG registry.
    static func tsgRegistry() throws -> CryptosuiteRegistry {
        try standardRegistry().withTSGForm()
    }

    static func certifierInput(_ fixture: String = "tsg-lookup-holder-no-expiry") throws -> JSONValue {
        try JSONValue(parsing: Array(try Data(contentsOf: mappings.appendingPathComponent("fixtures/\(fixture)/input.json"))))
    }

    /// The TSG profile's pipeline with `signer` (nil: unsigned).
    static func pipeline(issuer: String, signer: DataIntegritySigner?) throws -> Pipeline {
        Pipeline(profiles: try ProfileLoader.load(directory: mappings), signer: signer, issuer: issuer, routes: DestinationCatalog.formsOnly, clock: { created })
    }

    /// A TSG-profile credential, unsigned, for `issuer`.
    static func unsignedCredential(issuer: String) throws -> JSONValue {
        guard case .converted(let converted) = try pipeline(issuer: issuer, signer: nil).process(try certifierInput()) else {
            throw FixtureError("the TSG fixture did not convert")
        }
        #if DEBUG
            precondition(converted.profile == "course-certificate-tsg")
        #endif
        return converted.vc
    }

    /// The document with its credential subject's name changed.
    static func tampered(_ credential: JSONValue) -> JSONValue {
        var copy = credential
        copy["credentialSubject"]?["name"] = "Someone Else"
        return copy
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A did:web issuer with a fresh key and its did.json (JsonWebKey with `alg`, absolute ids).
struct WebIssuer {
    let key: SigningKey
    let did: DIDWeb
    let document: JSONValue

    init(_ type: KeyType) throws {
        key = SigningKey.generate(type)
        did = try DIDWeb(host: "certbridge.example.org")
        document = did.document(for: key.publicKey)
    }

    var methodID: String { did.did + "#key-1" }

    func signer(suite: String, registry: CryptosuiteRegistry) throws -> DataIntegritySigner {
        try DataIntegritySigner(key: key, verificationMethod: methodID, cryptosuite: suite, registry: registry)
    }

    /// Our verifier with the given suites, over this issuer's did.json.
    func verifier(_ registry: CryptosuiteRegistry) throws -> DataIntegrityVerifier {
        DataIntegrityVerifier(resolver: try DIDResolver(documents: [document]), registry: registry)
    }

    /// The model of TSG's verifier of one generation, over this issuer's did.json.
    func tsg(_ generation: TSGReferenceVerifier.Generation) throws -> TSGReferenceVerifier {
        TSGReferenceVerifier(generation: generation, didDocuments: [did.did: document], contexts: try TSGFixtures.contexts())
    }
}
