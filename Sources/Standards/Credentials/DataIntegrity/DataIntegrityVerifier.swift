import Foundation
import JSONCanonical

/// Verifies every Data Integrity proof of a document.
public struct DataIntegrityVerifier: Sendable {
    /// Finds the keys behind `verificationMethod`.
    public let resolver: any VerificationMethodResolver
    /// The suites that can be verified.
    public let registry: CryptosuiteRegistry
    /// The clock for `expires`; fixed in tests.
    public var now: @Sendable () -> Date = { Date() }

    /// A verifier.
    public init(resolver: any VerificationMethodResolver, registry: CryptosuiteRegistry = .standard) {
        self.resolver = resolver
        self.registry = registry
    }

    /// Verifies all proofs (a proof set, or chained proofs through `previousProof`); throws the
    /// first failure, naming the proof when there are several.
    ///
    /// Each proof must: name a registered suite; have `expectedProofPurpose`; have a
    /// `verificationMethod` that resolves, whose controller document lists it under that
    /// purpose and whose key the suite can use; carry a valid `created`/`expires` if present;
    /// and have a signature that matches the document.
    public func verify(_ document: JSONValue, expectedProofPurpose: String = "assertionMethod") throws(DataIntegrityError) -> VerifiedProof {
        guard case .object(var object) = document else { throw .documentNotAnObject(found: document.kindName) }
        let proofs = try ProofFields.proofs(of: object)
        object["proof"] = nil
        let unsecured = JSONValue.object(object)
        var entries: [VerifiedProof.Entry] = []
        for (index, proof) in proofs.enumerated() {
            do {
                entries.append(try verifyOne(proof, among: proofs, unsecured: unsecured, purpose: expectedProofPurpose))
            } catch {
                throw proofs.count > 1 ? .inProof(index: index, count: proofs.count, error) : error
            }
        }
        return VerifiedProof(proofs: entries, document: unsecured)
    }

    private func verifyOne(
        _ proof: JSONObject, among proofs: [JSONObject], unsecured: JSONValue, purpose expected: String
    ) throws(DataIntegrityError) -> VerifiedProof.Entry {
        let suite = try registry.suite(for: proof)
        let purpose = try ProofFields.string("proofPurpose", in: proof)
        guard purpose == expected else { throw .wrongProofPurpose(expected: expected, found: purpose) }
        let methodID = try ProofFields.string("verificationMethod", in: proof)
        let created = try ProofFields.dateTime("created", in: proof)
        if let expires = try ProofFields.dateTime("expires", in: proof), let date = ProofDate.parse(expires), date < now() {
            throw .proofExpired(expires)
        }
        let method: ResolvedVerificationMethod
        do {
            method = try resolver.resolve(methodID)
        } catch {
            throw .unresolvableVerificationMethod(methodID, error)
        }
        guard method.relationships.contains(purpose) else {
            throw .verificationMethodNotAuthorized(methodID, purpose: purpose, listedUnder: method.relationships.sorted())
        }
        guard suite.supports(method.publicKey.type) else {
            throw .unsupportedKeyType(cryptosuite: suite.name, keyType: method.publicKey.type, supported: suite.supportedKeyTypes)
        }
        let document = try Self.documentCovered(by: proof, among: proofs, unsecured: unsecured)
        try suite.verifyProof(proof, document: document, publicKey: method.publicKey)
        return VerifiedProof.Entry(
            type: suite.proofType, cryptosuite: proof["cryptosuite"]?.stringValue, verificationMethod: method,
            proofPurpose: purpose, created: created)
    }

    /// A chained proof (`previousProof`) signs the document together with the proofs it names;
    /// a proof-set member signs the document alone.
    static func documentCovered(by proof: JSONObject, among proofs: [JSONObject], unsecured: JSONValue) throws(DataIntegrityError) -> JSONValue {
        guard let previous = proof["previousProof"] else { return unsecured }
        let ids: [String]
        switch previous {
        case .string(let id): ids = [id]
        case .array(let list) where list.allSatisfy({ $0.stringValue != nil }): ids = list.compactMap(\.stringValue)
        default: throw .malformedProofField("previousProof", reason: "expected a proof id or a list of them")
        }
        var covered: [JSONValue] = []
        for id in ids {
            guard let match = proofs.first(where: { $0["id"]?.stringValue == id }) else { throw .previousProofNotFound(id) }
            covered.append(.object(match))
        }
        var document = unsecured
        document["proof"] = .array(covered)
        return document
    }
}
