import Crypto
import JSONCanonical

/// The digest that tells whether a credential's claims changed since it was last issued.
///
/// SHA-256 (hex) of the RFC 8785 form of the mapped credential without the members that change
/// with every issue and say nothing about the holder's claims: `proof`, `id` (it carries the
/// revision), the validity dates (`issuanceDate`, `expirationDate`, `validFrom`, `validUntil`;
/// a credential reaching its expiry is not a change), `credentialStatus` (new indexes per
/// issue) and `@context` (vocabulary, not claims: signing adds the status, Data Integrity or
/// JWS 2020 contexts, so a signed VC and its mapping would otherwise differ). Everything else
/// counts: `type`, `issuer`, `credentialSubject` and every other member a profile writes.
/// docs/LIFECYCLE.md lists the same fields.
public enum ClaimsDigest {
    /// The members left out of the digest.
    public static let excludedMembers: Set<String> = [
        "proof", "id", "issuanceDate", "expirationDate", "validFrom", "validUntil", "credentialStatus", "@context",
    ]

    /// The digest of a mapped (or signed) credential.
    public static func of(_ credential: JSONValue) -> String {
        guard case .object(var object) = credential else { return hex(JSONWriter(style: .canonical).bytes(credential)) }
        for member in excludedMembers { object.removeValue(forKey: member) }
        return hex(JSONWriter(style: .canonical).bytes(.object(object)))
    }

    /// The digest of a source document (a Certifier credential) without `updatedAt`, which moves
    /// on any touch: telling "Certifier's data changed" apart from "a profile changed".
    public static func ofSource(_ document: JSONValue) -> String {
        guard case .object(var object) = document else { return hex(JSONWriter(style: .canonical).bytes(document)) }
        object.removeValue(forKey: "updatedAt")
        return hex(JSONWriter(style: .canonical).bytes(.object(object)))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        // Digits as bytes, one String at the end: appending Characters one by one cost more than
        // the hash (22k instructions per digest, two digests per credential in `serve`).
        var text: [UInt8] = []
        text.reserveCapacity(2 * SHA256.byteCount)
        for byte in SHA256.hash(data: bytes) {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
