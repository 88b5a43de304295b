import Credentials
import Crypto
import Foundation
import JSONCanonical
import LinkedData

/// A test-only, independent model of how the TSG wallet checks the proofs of a credential in
/// a presentation, written from our reading of TSG's source (docs/TSG-COMPATIBILITY.md, which
/// names the files and commits). It shares no code path with the suites under test beyond
/// primitives (JCS, RDFC-1.0, SHA-256, key parsing, raw signature checks).
///
/// What TSG does that a W3C verifier does not, and this model does too: every proof is checked
/// and all must pass; the key comes from the DID document of the DID in `verificationMethod`
/// (not the issuer's), matched by exact id; a `DataIntegrityProof` signature is a detached JWS
/// over the hashes; JSON-LD runs non-strict (jsonld.js drops unknown terms).
struct TSGReferenceVerifier {
    /// The TSG code generations we found; see the compatibility document for files and commits.
    enum Generation: String, CaseIterable, Sendable, CustomStringConvertible {
        /// wallet-api `signature.service.ts` before the rewrite: JWS over the hex text of
        /// `documentHash || proofConfigHash`; JsonWebSignature2020 over the hex document hash only.
        case hexPayload
        /// wallet-api after the rewrite and the first shared library (`validate.ts`): JWS over
        /// the bytes `proofConfigHash || documentHash`; JsonWebSignature2020 as lds-jws2020.
        case hashBytes
        /// The shared library's `credential-validity.ts`: like `hashBytes`, but every proof goes
        /// through the `DataIntegrityProof` check, whatever its type.
        case dataIntegrityOnly

        var description: String { rawValue }
    }

    /// Why TSG would reject the credential.
    struct Rejection: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static let dataIntegrityContext = "https://w3id.org/security/data-integrity/v2"
    static let jws2020Context = "https://w3id.org/security/suites/jws-2020/v1"

    let generation: Generation
    /// DID -> DID document: what TSG's did:web/did:key resolution would return.
    let didDocuments: [String: JSONValue]
    /// The contexts TSG's document loader would fetch.
    let contexts: ContextStore

    /// Throws when TSG would mark the credential's proof invalid.
    func verifyCredential(_ credential: JSONValue) throws(Rejection) {
        guard case .object(var plain) = credential else { throw Rejection("not an object") }
        let proofs: [JSONValue]
        switch plain.removeValue(forKey: "proof") {
        case .array(let list)?: proofs = list
        case let single?: proofs = [single]
        case nil: proofs = []
        }
        let document = JSONValue.object(plain)
        for case let proof in proofs {
            guard let object = proof.objectValue else { throw Rejection("a proof is not an object") }
            if generation == .dataIntegrityOnly {
                try verifyDataIntegrity(object, document: document)
                continue
            }
            switch object["type"]?.stringValue {
            case "DataIntegrityProof": try verifyDataIntegrity(object, document: document)
            case "JsonWebSignature2020": try verifyJsonWebSignature2020(object, document: document)
            default: throw Rejection("Unknown proof \(object["type"]?.compactString ?? "none")")
            }
        }
    }

    private func verifyDataIntegrity(_ proof: JSONObject, document: JSONValue) throws(Rejection) {
        guard let method = proof["verificationMethod"]?.stringValue else {
            throw Rejection("Only DataIntegrityProofs supported with verificationMethod present")
        }
        // TSG calls `cryptosuite.includes(...)`: a proof without one is a TypeError.
        guard let suite = proof["cryptosuite"]?.stringValue else { throw Rejection("proof has no cryptosuite (TypeError)") }
        let key = try publicKey(for: method, cryptosuite: suite)
        let rdfc = suite.contains("-rdfc-")
        let documentHash = sha256(try canonical(document, rdfc: rdfc))
        var configuration = proof
        configuration["proofValue"] = nil
        let configurationHash: [UInt8]
        if rdfc {
            configurationHash = sha256(try canonicalProofConfiguration(configuration, document: document, proofContext: Self.dataIntegrityContext))
        } else {
            configurationHash = sha256(JSONValue.object(configuration).canonicalBytes)
        }
        guard let proofValue = proof["proofValue"]?.stringValue, proofValue.hasPrefix("z"),
            let signature = try? Base58BTC.decode(String(proofValue.dropFirst()))
        else { throw Rejection("proofValue is not base58btc multibase") }
        let payload: [UInt8]
        switch generation {
        case .hexPayload: payload = Array(hex(documentHash + configurationHash).utf8)
        case .hashBytes, .dataIntegrityOnly: payload = configurationHash + documentHash
        }
        guard let alg = key.alg else { throw Rejection("the JWK has no alg, so the JWS header has none") }
        let header = "{\"alg\":\"\(alg)\",\"b64\":false,\"crit\":[\"b64\"]}"
        try check(signature, input: Array(Base64URL.encode(Array(header.utf8)).utf8) + [0x2E] + payload, key: key.key, alg: alg)
    }

    private func verifyJsonWebSignature2020(_ proof: JSONObject, document: JSONValue) throws(Rejection) {
        guard let jws = proof["jws"]?.stringValue, let method = proof["verificationMethod"]?.stringValue else {
            throw Rejection("JsonWebSignature2020 without jws or verificationMethod")
        }
        let parts = jws.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let headerBytes = try? Base64URL.decode(parts[0]),
            let header = try? JSONValue(parsing: headerBytes), let alg = header["alg"]?.stringValue,
            let signature = try? Base64URL.decode(parts[2])
        else { throw Rejection("malformed jws") }
        guard header["b64"] == .bool(false) else { throw Rejection("jws header without b64:false") }
        let key = try publicKey(for: method, cryptosuite: alg == "EdDSA" ? "eddsa-rdfc-2022" : "ecdsa-rdfc-2019")
        guard key.alg == alg else { throw Rejection("the key's alg \(key.alg ?? "none") does not match the JWS alg \(alg)") }
        let documentHash = sha256(try canonical(document, rdfc: true))
        let payload: [UInt8]
        switch generation {
        case .hexPayload:
            payload = Array(hex(documentHash).utf8)
        case .hashBytes, .dataIntegrityOnly:
            var configuration = proof
            configuration["jws"] = nil
            payload = sha256(try canonicalProofConfiguration(configuration, document: document, proofContext: Self.jws2020Context)) + documentHash
        }
        try check(signature, input: Array(parts[0].utf8) + [0x2E] + payload, key: key.key, alg: alg)
    }

    /// RDFC of the proof options under the document's contexts; the newer code appends the
    /// proof type's context, the older used the document's alone and appended the Data
    /// Integrity context only when that failed.
    private func canonicalProofConfiguration(_ configuration: JSONObject, document: JSONValue, proofContext: String) throws(Rejection) -> [UInt8] {
        let documentContexts = document["@context"].map { $0.arrayValue ?? [$0] } ?? []
        var options = configuration
        if generation == .hexPayload {
            if !documentContexts.isEmpty { options["@context"] = .array(documentContexts) }
            if let bytes = try? canonical(.object(options), rdfc: true) { return bytes }
        }
        options["@context"] = .array(documentContexts + [.string(proofContext)])
        return try canonical(.object(options), rdfc: true)
    }

    private func publicKey(for method: String, cryptosuite: String) throws(Rejection) -> (key: PublicKey, alg: String?) {
        let family = cryptosuite.hasPrefix("eddsa") ? KeyType.ed25519 : KeyType.p384
        let familyAlg = family == .ed25519 ? "EdDSA" : "ES384"
        if method.hasPrefix("z") {
            return (try multikey(String(method.split(separator: "#")[0]), family: family), familyAlg)
        }
        let did = String(method.split(separator: "#", omittingEmptySubsequences: false)[0])
        guard let document = didDocuments[did] else { throw Rejection("cannot resolve \(did)") }
        guard let entry = document["verificationMethod"]?.arrayValue?.first(where: { $0["id"]?.stringValue == method }) else {
            throw Rejection("Could not find matching public key for \"\(method)\"")
        }
        if let jwkValue = entry["publicKeyJwk"] {
            guard let jwk = try? JWK(json: jwkValue), let key = try? PublicKey(jwk: jwk) else { throw Rejection("unreadable publicKeyJwk") }
            // The newer code estimates a missing alg from kty/crv; the oldest passes it on as is.
            let alg = jwk.algorithm ?? (generation == .hexPayload ? nil : key.type.algorithm)
            return (key, alg)
        }
        if let multibase = entry["publicKeyMultibase"]?.stringValue {
            return (try multikey(multibase, family: family), familyAlg)
        }
        throw Rejection("Could not find matching public key for \"\(method)\"")
    }

    /// TSG's multibase conversion knows the Ed25519 and P-384 codecs only, chosen by suite.
    private func multikey(_ text: String, family: KeyType) throws(Rejection) -> PublicKey {
        guard let key = try? PublicKey(multikey: text), key.type == family else {
            throw Rejection("multibase key \(text) is not a \(family.name) key")
        }
        return key
    }

    private func check(_ signature: [UInt8], input: [UInt8], key: PublicKey, alg: String) throws(Rejection) {
        let expected: KeyType? = ["EdDSA": .ed25519, "ES256": .p256, "ES384": .p384][alg]
        guard expected == key.type else { throw Rejection("alg \(alg) does not fit a \(key.type.name) key") }
        guard key.isValidSignature(signature, for: input) else { throw Rejection("Verification failed") }
    }

    private func canonical(_ value: JSONValue, rdfc: Bool) throws(Rejection) -> [UInt8] {
        guard rdfc else { return value.canonicalBytes }
        do {
            return try JSONLDProcessor(options: .init(contexts: contexts, strict: false)).canonicalize(value).nquads
        } catch {
            throw Rejection("Could not canonize the plain document via RDF canonicalization URDNA2015: \(error)")
        }
    }

    private func sha256(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
