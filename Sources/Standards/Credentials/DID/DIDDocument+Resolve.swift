import JSONCanonical

extension DIDDocument {
    /// The verification relationships a method can be listed under.
    public static let relationshipNames = ["authentication", "assertionMethod", "keyAgreement", "capabilityInvocation", "capabilityDelegation"]

    /// Finds verification method `id` in `document` (listed in `verificationMethod` or embedded
    /// in a relationship), reads its key, and collects the relationships that reference it.
    public static func resolve(_ id: String, in document: JSONValue) throws(DIDError) -> ResolvedVerificationMethod {
        guard let object = document.objectValue else { throw .invalidDocument(id, reason: "not a JSON object") }
        guard let did = object["id"]?.stringValue else { throw .invalidDocument(id, reason: "it has no string 'id'") }
        let absolute = Self.absolute(id, base: did)
        var found: JSONObject?
        var relationships: Set<String> = []
        for entry in object["verificationMethod"]?.arrayValue ?? [] {
            if let method = entry.objectValue, let methodID = method["id"]?.stringValue, Self.absolute(methodID, base: did) == absolute {
                found = method
            }
        }
        for name in relationshipNames {
            for entry in object[name]?.arrayValue ?? [] {
                if let reference = entry.stringValue, Self.absolute(reference, base: did) == absolute {
                    relationships.insert(name)
                } else if let method = entry.objectValue, let methodID = method["id"]?.stringValue,
                    Self.absolute(methodID, base: did) == absolute
                {
                    relationships.insert(name)
                    found = found ?? method
                }
            }
        }
        guard let method = found else { throw .verificationMethodNotFound(absolute, document: did) }
        let type = method["type"]?.stringValue ?? ""
        guard let controller = method["controller"]?.stringValue else {
            throw .invalidVerificationMethod(absolute, reason: "it has no string 'controller'")
        }
        guard controller == did else {
            throw .invalidVerificationMethod(absolute, reason: "its controller '\(controller)' is not the document's DID '\(did)'")
        }
        return ResolvedVerificationMethod(
            id: absolute, type: type, controller: controller, publicKey: try publicKey(of: method, id: absolute),
            relationships: relationships)
    }

    /// The key of a verification method: `publicKeyJwk`, `publicKeyMultibase`, or the legacy
    /// Ed25519 `publicKeyBase58`.
    static func publicKey(of method: JSONObject, id: String) throws(DIDError) -> PublicKey {
        do {
            if let jwk = method["publicKeyJwk"] {
                let parsed = try JWK(json: jwk)
                guard !parsed.isPrivate else {
                    throw DIDError.invalidVerificationMethod(id, reason: "publicKeyJwk contains a private key ('d')")
                }
                return try PublicKey(jwk: parsed)
            }
            if let multibase = method["publicKeyMultibase"]?.stringValue {
                return try PublicKey(multikey: multibase)
            }
            if let base58 = method["publicKeyBase58"]?.stringValue {
                return try PublicKey(type: .ed25519, bytes: try Base58BTC.decode(base58))
            }
        } catch let error as DIDError {
            throw error
        } catch {
            throw .invalidVerificationMethod(id, reason: "\(error)")
        }
        throw .invalidVerificationMethod(id, reason: "it has no publicKeyJwk or publicKeyMultibase")
    }

    /// Resolves `#fragment` references against the document's DID.
    static func absolute(_ reference: String, base: String) -> String {
        reference.hasPrefix("#") ? base + reference : reference
    }
}
