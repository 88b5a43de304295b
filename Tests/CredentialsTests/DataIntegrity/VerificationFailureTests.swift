import Credentials
import Foundation
import JSONCanonical
import Testing

/// Each way a credential can fail verification yields its own error with a readable reason.
@Suite("verification failures")
struct VerificationFailureTests {
    let key = SigningKey.generate(.ed25519)
    let credential: JSONValue = [
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "credentialSubject": ["id": "did:example:subject", "name": "Zoë Müller"],
    ]

    func signed(suite: String = "eddsa-jcs-2022", with signingKey: SigningKey? = nil) throws -> JSONValue {
        let signingKey = signingKey ?? key
        return try DataIntegritySigner(key: signingKey, verificationMethod: signingKey.didKeyVerificationMethod, cryptosuite: suite)
            .sign(credential, created: fixedDate)
    }

    func verify(_ document: JSONValue, purpose: String = "assertionMethod", documents: [JSONValue] = []) throws -> VerifiedProof {
        try DataIntegrityVerifier(resolver: try DIDResolver(documents: documents)).verify(document, expectedProofPurpose: purpose)
    }

    func error(_ body: () throws -> VerifiedProof) -> DataIntegrityError? {
        do {
            _ = try body()
            return nil
        } catch let error as DataIntegrityError {
            return error
        } catch {
            return nil
        }
    }

    @Test("the untouched credential verifies")
    func baseline() throws {
        let result = try verify(try signed())
        #expect(result.proofs.map(\.verificationMethod.id) == [key.didKeyVerificationMethod])
    }

    @Test("any changed credentialSubject byte fails the signature")
    func tamperedSubject() throws {
        let original = try signed()
        for (path, value) in [("name", JSONValue.string("Zoe Müller")), ("id", "did:example:subjecT"), ("extra", true)] {
            var document = original
            var subject = try object(document["credentialSubject"], "credentialSubject")
            subject[path] = value
            document["credentialSubject"] = .object(subject)
            let failure = error { try verify(document) }
            #expect(failure == .invalidSignature(verificationMethod: key.didKeyVerificationMethod))
            #expect(failure?.description.contains("changed after signing") == true)
        }
    }

    @Test("changing any single value of a signed credential fails verification", arguments: ["eddsa-jcs-2022", "ecdsa-jcs-2019"])
    func everyValueMatters(suite: String) throws {
        let signingKey = suite == "eddsa-jcs-2022" ? key : SigningKey.generate(.p256)
        let original = try signed(suite: suite, with: signingKey)
        var mutated = 0
        for path in Self.scalarPaths(of: original) {
            guard path != [.key("proof"), .key("proofValue")] else { continue }
            let document = Self.replacing(path, in: original)
            #expect(document != original)
            #expect(throws: DataIntegrityError.self, "changing \(path.map(\.description).joined(separator: ".")) must fail") {
                try verify(document)
            }
            mutated += 1
        }
        // 5 values in the credential, 6 in the proof besides proofValue (its @context included).
        #expect(mutated == 11)
    }

    /// Paths to every string, number and Boolean in a document.
    static func scalarPaths(of value: JSONValue, prefix: [JSONPathComponent] = []) -> [[JSONPathComponent]] {
        switch value {
        case .object(let object): object.members.flatMap { scalarPaths(of: $0.value, prefix: prefix + [.key($0.key)]) }
        case .array(let elements): elements.indices.flatMap { scalarPaths(of: elements[$0], prefix: prefix + [.index($0)]) }
        default: [prefix]
        }
    }

    /// The document with the value at `path` changed by one character (or flipped).
    static func replacing(_ path: [JSONPathComponent], in value: JSONValue) -> JSONValue {
        guard let step = path.first else {
            switch value {
            case .string(let text): return .string(text.isEmpty ? "x" : String(text.dropLast()) + (text.last == "x" ? "y" : "x"))
            case .number(let number): return .number(number + 1)
            case .bool(let flag): return .bool(!flag)
            default: return "changed"
            }
        }
        switch (step, value) {
        case (.key(let key), .object(var object)):
            object[key] = object[key].map { replacing(Array(path.dropFirst()), in: $0) }
            return .object(object)
        case (.index(let index), .array(var elements)):
            elements[index] = replacing(Array(path.dropFirst()), in: elements[index])
            return .array(elements)
        default:
            return value
        }
    }

    @Test("a changed proof option fails the signature")
    func tamperedProof() throws {
        var document = try signed()
        document["proof"]?["created"] = "2030-01-01T00:00:00Z"
        #expect(error { try verify(document) } == .invalidSignature(verificationMethod: key.didKeyVerificationMethod))
    }

    @Test("a proof claiming another key fails")
    func wrongKey() throws {
        let other = SigningKey.generate(.ed25519)
        var document = try signed()
        document["proof"]?["verificationMethod"] = .string(other.didKeyVerificationMethod)
        #expect(error { try verify(document) } == .invalidSignature(verificationMethod: other.didKeyVerificationMethod))
    }

    @Test("a key of the wrong type for the suite is refused, signing and verifying")
    func wrongKeyType() throws {
        let p256 = SigningKey.generate(.p256)
        #expect(throws: DataIntegrityError.unsupportedKeyType(cryptosuite: "eddsa-jcs-2022", keyType: .p256, supported: [.ed25519])) {
            try DataIntegritySigner(key: p256, verificationMethod: p256.didKeyVerificationMethod)
        }
        var document = try signed()
        document["proof"]?["verificationMethod"] = .string(p256.didKeyVerificationMethod)
        #expect(error { try verify(document) } == .unsupportedKeyType(cryptosuite: "eddsa-jcs-2022", keyType: .p256, supported: [.ed25519]))
    }

    @Test("an unknown cryptosuite names the supported ones")
    func unknownSuite() throws {
        var document = try signed()
        document["proof"]?["cryptosuite"] = "eddsa-rdfc-2022"
        let failure = error { try verify(document) }
        #expect(failure == .unknownCryptosuite("eddsa-rdfc-2022", known: ["ecdsa-jcs-2019", "eddsa-jcs-2022"]))
        #expect(failure?.description == "unknown cryptosuite 'eddsa-rdfc-2022' (supported: ecdsa-jcs-2019, eddsa-jcs-2022)")
        #expect(throws: DataIntegrityError.self) { try DataIntegritySigner(key: key, verificationMethod: "x", cryptosuite: "nope-2099") }
    }

    @Test("an unknown proof type is refused")
    func unknownType() throws {
        var document = try signed()
        document["proof"]?["type"] = "Ed25519Signature2020"
        #expect(error { try verify(document) } == .unknownProofType("Ed25519Signature2020", known: []))
    }

    @Test("a proof for another purpose is refused")
    func wrongPurpose() throws {
        let document = try signed()
        let failure = error { try verify(document, purpose: "authentication") }
        #expect(failure == .wrongProofPurpose(expected: "authentication", found: "assertionMethod"))
        #expect(failure?.description == "the proof's purpose is 'assertionMethod', expected 'authentication'")
    }

    @Test("missing proof fields are named", arguments: ["type", "cryptosuite", "proofPurpose", "verificationMethod", "proofValue"])
    func missingField(field: String) throws {
        var document = try signed()
        var proof = try object(document["proof"], "proof")
        proof[field] = nil
        document["proof"] = .object(proof)
        #expect(error { try verify(document) } == .missingProofField(field))
    }

    @Test("malformed proof fields are named")
    func malformedFields() throws {
        let original = try signed()
        var document = original
        document["proof"]?["proofValue"] = "u2HnFSSPPBzR36"
        #expect(error { try verify(document) } == .malformedProofField("proofValue", reason: "unsupported multibase prefix 'u' (expected 'z' for base58btc or 'u' for base64url)"))
        document = original
        document["proof"]?["proofValue"] = "z0OIl"
        #expect(error { try verify(document) } == .malformedProofField("proofValue", reason: "invalid base58btc character '0' at offset 0"))
        document = original
        document["proof"]?["proofValue"] = "z2HnFSSPPBzR36"
        if case .malformedProofField("proofValue", let reason)? = error({ try verify(document) }) {
            #expect(reason.contains("64 bytes"))
        } else {
            Issue.record("a short proofValue must be reported as malformed")
        }
        document = original
        document["proof"]?["created"] = "yesterday"
        #expect(error { try verify(document) } == .malformedProofField("created", reason: "'yesterday' is not a date-time like 2024-01-31T12:00:00Z"))
        document = original
        document["proof"]?["verificationMethod"] = 42
        #expect(error { try verify(document) } == .malformedProofField("verificationMethod", reason: "expected a string, found number"))
        document = original
        document["proof"] = "z123"
        #expect(error { try verify(document) } == .proofNotAnObject(found: "string"))
        document = original
        document["proof"] = nil
        #expect(error { try verify(document) } == .missingProof)
        #expect(error { try verify(.array([])) } == .documentNotAnObject(found: "array"))
    }

    @Test("an unresolvable verification method says why")
    func unresolvable() throws {
        var document = try signed()
        document["proof"]?["verificationMethod"] = "did:web:issuer.example#key-1"
        let failure = error { try verify(document) }
        #expect(failure == .unresolvableVerificationMethod("did:web:issuer.example#key-1", .documentNotSupplied("did:web:issuer.example")))
        #expect(failure?.description.contains("--did-doc") == true)
        document["proof"]?["verificationMethod"] = "did:key:zQ3notakey"
        if case .unresolvableVerificationMethod(_, .invalidDIDKey)? = error({ try verify(document) }) {} else {
            Issue.record("a broken did:key must be reported as unresolvable")
        }
        document["proof"]?["verificationMethod"] = "did:example:123#k"
        #expect(error { try verify(document) } == .unresolvableVerificationMethod("did:example:123#k", .unsupportedMethod("did:example:123")))
    }

    @Test("a method not listed under the purpose in its DID document is refused")
    func notAuthorised() throws {
        let web = try DIDWeb(parsing: "issuer.example")
        var didDocument = web.document(for: key.publicKey)
        didDocument["assertionMethod"] = nil
        let document = try DataIntegritySigner(key: key, verificationMethod: web.did + "#key-1").sign(credential, created: fixedDate)
        #expect(error { try verify(document, documents: [didDocument]) }
            == .verificationMethodNotAuthorized(web.did + "#key-1", purpose: "assertionMethod", listedUnder: ["authentication", "capabilityDelegation", "capabilityInvocation"]))
        #expect(try verify(document, documents: [web.document(for: key.publicKey)]).proofs.count == 1)
    }

    @Test("a proof @context that is not the document's prefix is refused")
    func contextMismatch() throws {
        var document = try signed()
        document["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"]
        // As the JCS suites specify, the proof's @context stands in for the document's, so
        // contexts appended after signing do not break the proof; a different prefix does.
        #expect(try verify(document).proofs.count == 1)
        document["proof"]?["@context"] = ["https://www.w3.org/ns/credentials/examples/v2"]
        if case .contextMismatch? = error({ try verify(document) }) {} else {
            Issue.record("a proof @context that does not start the document's must be a context mismatch")
        }
    }

    @Test("an expired proof is refused")
    func expired() throws {
        var document = try signed()
        document["proof"]?["expires"] = "2001-01-01T00:00:00Z"
        #expect(error { try verify(document) } == .proofExpired("2001-01-01T00:00:00Z"))
    }
}
