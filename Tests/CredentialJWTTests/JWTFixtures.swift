@testable import CredentialJWT
import Credentials
import Foundation
import JSONCanonical
import JWTKit

/// Keys with did:web documents, credentials in both data models, and helpers to read and
/// forge JWT parts, shared by the VC-JWT and ID token tests.
enum JWTFixtures {
    /// 2026-01-01T00:00:00Z: inside every credential's validity below.
    static let now = Date(timeIntervalSince1970: 1_767_225_600)

    /// One key per type (RSA generation is slow: made once).
    static let keys: [KeyType: SigningKey] = {
        var keys: [KeyType: SigningKey] = [:]
        for type in KeyType.curveTypes { keys[type] = SigningKey.generate(type) }
        keys[.rsa] = SigningKey.generate(.rsa)
        return keys
    }()

    /// An issuer: a did:web per key type, its key as `#key-1`; a named issuer gets a key of its own.
    struct Issuer {
        var did: String
        var key: SigningKey
        var method: String { did + "#key-1" }
        var document: JSONValue

        init(_ type: KeyType, name: String? = nil) throws {
            did = "did:web:" + (name ?? "\(type.rawValue).issuer.example")
            key = name == nil ? keys[type]! : SigningKey.generate(type)
            document = try DIDWeb(parsing: did).document(for: key.publicKey)
        }
    }

    static func resolver(_ issuers: [Issuer]) throws -> DIDResolver {
        try DIDResolver(documents: issuers.map(\.document))
    }

    /// A VC 1.1 credential with every member the registered claims mirror.
    static func credentialV1(issuer: String) -> JSONValue {
        [
            "@context": ["https://www.w3.org/2018/credentials/v1"],
            "id": "https://certbridge.example.org/credentials/1", "type": ["VerifiableCredential"],
            "issuer": .string(issuer), "issuanceDate": "2025-01-01T00:00:00Z", "expirationDate": "2030-01-01T00:00:00Z",
            "credentialSubject": ["id": "did:web:holder.example.org", "name": "Zoë"],
        ]
    }

    /// A VC 2.0 credential.
    static func credentialV2(issuer: String) -> JSONValue {
        [
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": "urn:uuid:6f1b3c36-8d3e-4c55-9d0c-2f0b8f0c0a11", "type": ["VerifiableCredential"],
            "issuer": .string(issuer), "validFrom": "2025-01-01T00:00:00Z", "validUntil": "2030-01-01T00:00:00Z",
            "credentialSubject": ["id": "did:web:holder.example.org", "name": "Zoë"],
        ]
    }

    static func credential(_ form: CredentialJWTForm, issuer: String) -> JSONValue {
        form == .vc11 ? credentialV1(issuer: issuer) : credentialV2(issuer: issuer)
    }

    /// The decoded header and payload JSON of a compact JWT.
    static func parts(_ token: String) throws -> (header: JSONValue, payload: JSONValue) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        return (try JSONValue(parsing: try Base64URL.decode(String(parts[0]))), try JSONValue(parsing: try Base64URL.decode(String(parts[1]))))
    }

    /// The token with its payload replaced (signature kept): a tampered token.
    static func replacingPayload(_ token: String, with payload: JSONValue) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        return parts[0] + "." + Base64URL.encode(Array(payload.compactString.utf8)) + "." + parts[2]
    }

    /// Signs any claims with jwt-kit under any `kid` (for forgeries the public API refuses to make).
    static func forge(_ claims: JSONObject, key: SigningKey, kid: String, typ: String = "JWT") async throws -> String {
        var header = JWTHeader()
        header.kid = kid
        header.typ = typ
        return try await JOSE.sign(claims, header: header, key: key, kid: kid)
    }
}
