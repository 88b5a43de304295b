import Foundation
import JSONCanonical

/// What a JWT needs resolved before it can be verified, read without verifying anything.
public struct JWTReferences: Sendable, Equatable {
    /// The header `kid`, made absolute against the issuer when it is a bare `#fragment`.
    public var keyID: String
    /// The issuer the JWT names: `iss`, else the payload credential's `issuer` (VC 2.0).
    public var issuer: String?
    /// The DIDs whose documents verification reads (the key's, then the issuer's when different).
    public var dids: [String]
}

extension CredentialJWT {
    /// The `kid`, issuer and DIDs of a VC-JWT or ID token, for a resolver to prefetch DID
    /// documents (did:web over HTTPS) before the synchronous verification. Nothing is verified:
    /// use the answer only to decide what to fetch.
    public static func references(in token: String) throws(CredentialJWTError) -> JWTReferences {
        let parsed = try JOSE.parse(token)
        guard let kid = try parsed.headerString("kid") else { throw .missing("kid") }
        let issuer = parsed.payload["iss"]?.stringValue ?? DIDText.issuer(of: parsed.payload)
        let keyID = DIDText.absolute(kid: kid, issuer: issuer)
        var dids = [DIDText.did(of: keyID)]
        if let issuer, !dids.contains(DIDText.did(of: issuer)) { dids.append(DIDText.did(of: issuer)) }
        return JWTReferences(keyID: keyID, issuer: issuer, dids: dids)
    }

    /// Whether `text` looks like a compact JWS (three base64url parts, the first a JSON object
    /// header): how `certbridge verify` tells a VC-JWT from Data Integrity JSON.
    public static func isCompactJWS(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") } })
        else { return false }
        return parts[0].hasPrefix("eyJ")  // base64url of `{"`
    }
}
