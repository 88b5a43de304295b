import JSONCanonical

/// The did:jwk method: the DID is the base64url of a public JWK's JSON text, resolution needs no network.
///
/// The document has one verification method, `<did>#0`, of type `JsonWebKey2020` carrying the JWK as
/// given. Per the method's rules a JWK with `"use": "sig"` is not listed under `keyAgreement`, one with
/// `"use": "enc"` only there, and one without `use` under every relationship. A JWK holding a private
/// key (`d`) is refused, whatever else it holds.
public enum DIDJWK {
    /// The prefix of every did:jwk DID.
    public static let prefix = "did:jwk:"
    /// The fragment of the one verification method.
    public static let fragment = "0"
    /// The verification method type the method's rules give.
    public static let methodType = "JsonWebKey2020"
    /// The context defining ``methodType``.
    public static let methodContext = "https://w3id.org/security/suites/jws-2020/v1"

    /// `did:jwk:<base64url(JWK)>` for a signature key: its public JWK with `"use": "sig"` (so no
    /// resolver lists it for key agreement), written in canonical (RFC 8785) member order.
    public static func did(for key: PublicKey) -> String {
        var jwk = key.jwk.json
        jwk["use"] = "sig"
        return prefix + Base64URL.encode(Array(jwk.canonicalString.utf8))
    }

    /// `<did>#0`, the verification method of ``did(for:)``.
    public static func verificationMethodID(for key: PublicKey) -> String {
        did(for: key) + "#" + fragment
    }

    /// The JWK object a did:jwk DID (or DID URL; a fragment is ignored) encodes, exactly as encoded.
    ///
    /// - Throws: ``DIDError/invalidDID(_:reason:)`` when the text is not base64url of a JSON object
    ///   with a string `kty`, or when the JWK holds a private key (`d`).
    public static func jwkObject(from didOrURL: String) throws(DIDError) -> JSONObject {
        let did = DIDURL.did(of: didOrURL)
        guard did.hasPrefix(prefix) else { throw .invalidDID(didOrURL, reason: "not a did:jwk") }
        let encoded = String(did.dropFirst(prefix.count))
        guard !encoded.isEmpty else { throw .invalidDID(did, reason: "nothing follows 'did:jwk:'") }
        let bytes: [UInt8]
        do {
            bytes = try Base64URL.decode(encoded)
        } catch {
            throw .invalidDID(did, reason: "the method-specific id is not base64url: \(error)")
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw .invalidDID(did, reason: "the decoded JWK is not JSON: \(error)")
        }
        guard let object = value.objectValue else {
            throw .invalidDID(did, reason: "the decoded JWK is a JSON \(value.kindName), not an object")
        }
        // Checked before anything else is read: a private key must never be taken as an identifier.
        guard object["d"] == nil else {
            throw .invalidDID(did, reason: "the JWK holds a private key ('d'); did:jwk only takes public keys")
        }
        guard object["kty"]?.stringValue != nil else {
            throw .invalidDID(did, reason: "the JWK has no string 'kty'")
        }
        if let use = object["use"], use.stringValue != "sig" && use.stringValue != "enc" {
            throw .invalidDID(did, reason: "the JWK's 'use' is \(use.compactString), expected \"sig\" or \"enc\"")
        }
        return object
    }

    /// The public key of a did:jwk, for the curves certbridge verifies (Ed25519, P-256, P-384).
    public static func publicKey(from didOrURL: String) throws(DIDError) -> PublicKey {
        let object = try jwkObject(from: didOrURL)
        do {
            return try PublicKey(jwk: try JWK(json: .object(object)))
        } catch {
            throw .invalidDID(DIDURL.did(of: didOrURL), reason: "the JWK is not a usable signature key: \(error)")
        }
    }

    /// The DID document of a did:jwk DID.
    public static func document(for didOrURL: String) throws(DIDError) -> JSONValue {
        let did = DIDURL.did(of: didOrURL)
        let jwk = try jwkObject(from: did)
        let methodID = did + "#" + fragment
        var document: JSONObject = [
            "@context": [.string(DIDDocument.didContext), .string(methodContext)],
            "id": .string(did),
            "verificationMethod": [
                ["id": .string(methodID), "type": .string(methodType), "controller": .string(did), "publicKeyJwk": .object(jwk)]
            ],
        ]
        for relationship in relationships(use: jwk["use"]?.stringValue) {
            document[relationship] = [.string(methodID)]
        }
        return .object(document)
    }

    /// The relationships a key with this `use` is listed under, in the order the method's example shows.
    static func relationships(use: String?) -> [String] {
        let signing = ["assertionMethod", "authentication", "capabilityInvocation", "capabilityDelegation"]
        switch use {
        case "sig": return signing
        case "enc": return ["keyAgreement"]
        default: return signing + ["keyAgreement"]
        }
    }

    /// Resolves a did:jwk DID to its DID document (same as ``document(for:)``).
    public static func resolve(_ did: String) throws(DIDError) -> JSONValue {
        try document(for: did)
    }
}

extension PublicKey {
    /// The key's did:jwk DID (``DIDJWK/did(for:)``).
    public var didJWK: String { DIDJWK.did(for: self) }
}
