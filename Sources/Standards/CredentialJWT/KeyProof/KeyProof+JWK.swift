import Credentials
import JSONCanonical
import JWTKit

/// A `jwk` header: the public key itself; the holder is its did:jwk.
extension KeyProof {
    /// The JWK members that carry private or secret key material (RFC 7518 §6.2.2, §6.3.2, §6.4.1).
    static let privateJWKMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"]

    /// The header's public JWK as a key, bound as `did:jwk` with its method `#0`.
    static func headerKey(_ parsed: JOSE.Parsed) throws(KeyProofError) -> BoundKey {
        guard case .object(let members)? = parsed.header.fields["jwk"] else {
            throw .invalid("jwk", reason: "expected a JSON object, the public JWK of the key to bind")
        }
        // Refused before anything else is read, and only the names are reported: a wallet that
        // sends its private key must not also find it echoed in an error response or a log.
        let privateMembers = privateJWKMembers.filter { members[$0] != nil }
        guard privateMembers.isEmpty else { throw .privateKeyInHeader(members: privateMembers) }
        let key: PublicKey
        do {
            key = try PublicKey(jwk: try JWK(json: .object(jsonObject(members))))
        } catch {
            throw .invalid("jwk", reason: "not a usable Ed25519, P-256, P-384 or RSA public key: \(error)")
        }
        let did = key.didJWK
        return BoundKey(holderDID: did, keyID: did + "#" + DIDJWK.fragment, publicKey: key)
    }

    /// A header object as JSON, members sorted (jwt-kit keeps header members in a dictionary).
    private static func jsonObject(_ members: [String: JWTHeaderField]) -> JSONObject {
        var object = JSONObject()
        for name in members.keys.sorted() {
            if let value = members[name] { object[name] = json(value) }
        }
        return object
    }

    private static func json(_ field: JWTHeaderField) -> JSONValue {
        switch field {
        case .null: .null
        case .bool(let value): .bool(value)
        case .int(let value): .number(Double(value))
        case .decimal(let value): .number(value)
        case .string(let value): .string(value)
        case .array(let values): .array(values.map(json))
        case .object(let members): .object(jsonObject(members))
        }
    }
}
