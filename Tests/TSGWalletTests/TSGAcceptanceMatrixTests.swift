import Credentials
import JSONCanonical
import Testing
import TSGWallet

/// Which verifier accepts which proof: every suite we can sign with, Ed25519 and P-384 keys,
/// a did:web issuer with its did.json, on the TSG profile's credential. The expectations are
/// the findings of docs/TSG-COMPATIBILITY.md; a tampered credential must fail everywhere.
@Suite("TSG acceptance matrix")
struct TSGAcceptanceMatrixTests {
    /// One row: how to sign, and who accepts it.
    struct Row: Sendable, CustomStringConvertible {
        let suite: String
        let keyType: KeyType
        /// Signed with the opt-in, non-standard TSG registry instead of the standard suites.
        let tsgVariant: Bool
        /// A W3C verifier (our `DataIntegrityVerifier` with the standard suites).
        let standard: Bool
        /// TSG's generations that accept it.
        let tsg: Set<TSGReferenceVerifier.Generation>

        var description: String { "\(tsgVariant ? "TSG-variant " : "")\(suite) \(keyType.name)" }
    }

    static let rows: [Row] = [
        Row(suite: "eddsa-jcs-2022", keyType: .ed25519, tsgVariant: false, standard: true, tsg: []),
        Row(suite: "ecdsa-jcs-2019", keyType: .p384, tsgVariant: false, standard: true, tsg: []),
        Row(suite: "eddsa-rdfc-2022", keyType: .ed25519, tsgVariant: false, standard: true, tsg: []),
        Row(suite: "ecdsa-rdfc-2019", keyType: .p384, tsgVariant: false, standard: true, tsg: []),
        Row(suite: "JsonWebSignature2020", keyType: .ed25519, tsgVariant: false, standard: true, tsg: [.hashBytes]),
        Row(suite: "JsonWebSignature2020", keyType: .p384, tsgVariant: false, standard: true, tsg: [.hashBytes]),
        Row(suite: "eddsa-jcs-2022", keyType: .ed25519, tsgVariant: true, standard: false, tsg: [.hashBytes, .dataIntegrityOnly]),
        Row(suite: "ecdsa-jcs-2019", keyType: .p384, tsgVariant: true, standard: false, tsg: [.hashBytes, .dataIntegrityOnly]),
    ]

    func accepted(by verify: () throws -> Void) -> Bool {
        (try? verify()) != nil
    }

    @Test("who accepts the proof, and a tampered credential is rejected by all", arguments: rows)
    func matrix(_ row: Row) throws {
        let issuer = try WebIssuer(row.keyType)
        let registry = row.tsgVariant ? try TSGFixtures.tsgRegistry() : try TSGFixtures.standardRegistry()
        let credential = try issuer.signer(suite: row.suite, registry: registry)
            .sign(try TSGFixtures.unsignedCredential(issuer: issuer.did.did), created: TSGFixtures.created)
        let standard = try issuer.verifier(try TSGFixtures.standardRegistry())
        let optIn = try issuer.verifier(try TSGFixtures.tsgRegistry())

        #expect(accepted { _ = try standard.verify(credential) } == row.standard)
        // The opt-in registry replaces only the JCS suites: RDFC and JsonWebSignature2020 stay standard.
        let jcs = row.suite.contains("-jcs-")
        #expect(accepted { _ = try optIn.verify(credential) } == (jcs ? row.tsgVariant : true))
        for generation in TSGReferenceVerifier.Generation.allCases {
            #expect(
                accepted { try issuer.tsg(generation).verifyCredential(credential) } == row.tsg.contains(generation),
                "TSG generation \(generation)")
        }

        let tampered = TSGFixtures.tampered(credential)
        #expect(!accepted { _ = try standard.verify(tampered) })
        #expect(!accepted { _ = try optIn.verify(tampered) })
        for generation in TSGReferenceVerifier.Generation.allCases {
            #expect(!accepted { try issuer.tsg(generation).verifyCredential(tampered) }, "TSG generation \(generation)")
        }
    }

    @Test("a proof set of a standard and a TSG proof satisfies neither a W3C verifier nor TSG's newest code")
    func proofSet() throws {
        let issuer = try WebIssuer(.ed25519)
        let unsigned = try TSGFixtures.unsignedCredential(issuer: issuer.did.did)
        let standardProof = try issuer.signer(suite: "JsonWebSignature2020", registry: try TSGFixtures.standardRegistry())
            .sign(unsigned, created: TSGFixtures.created)
        let both = try issuer.signer(suite: "eddsa-jcs-2022", registry: try TSGFixtures.tsgRegistry())
            .sign(standardProof, created: TSGFixtures.created)
        #expect(both["proof"]?.arrayValue?.count == 2)

        #expect(!accepted { _ = try issuer.verifier(try TSGFixtures.standardRegistry()).verify(both) })
        #expect(accepted { try issuer.tsg(.hashBytes).verifyCredential(both) })
        #expect(!accepted { try issuer.tsg(.dataIntegrityOnly).verifyCredential(both) })
        #expect(!accepted { try issuer.tsg(.hexPayload).verifyCredential(both) })
    }

    @Test("TSG finds the key only under the exact verificationMethod id of the did.json")
    func exactMethodID() throws {
        let issuer = try WebIssuer(.ed25519)
        let credential = try issuer.signer(suite: "eddsa-jcs-2022", registry: try TSGFixtures.tsgRegistry())
            .sign(try TSGFixtures.unsignedCredential(issuer: issuer.did.did), created: TSGFixtures.created)
        #expect(accepted { try issuer.tsg(.dataIntegrityOnly).verifyCredential(credential) })
        // A did.json with a relative method id ("#key-1") is fine for W3C resolution, not for TSG.
        var method = issuer.document["verificationMethod"]?[0]?.objectValue ?? [:]
        method["id"] = "#key-1"
        var relative = issuer.document
        relative["verificationMethod"] = [.object(method)]
        let model = TSGReferenceVerifier(
            generation: .dataIntegrityOnly, didDocuments: [issuer.did.did: relative], contexts: try TSGFixtures.contexts())
        #expect(!accepted { try model.verifyCredential(credential) })
        let standard = DataIntegrityVerifier(resolver: try DIDResolver(documents: [relative]), registry: try TSGFixtures.tsgRegistry())
        #expect(accepted { _ = try standard.verify(credential) })
    }
}
