import CredentialJWT
import Credentials
import Foundation

extension FuzzTargets {
    /// The clock the JWT targets verify against, so that a committed input verifies the same later.
    static let fixedNow = Date(timeIntervalSince1970: 1_750_000_000)

    /// OpenID4VCI key proofs: the key reference read without verifying, then the full check with
    /// did:key / did:jwk resolved offline. A proof that verifies names the key it was checked with.
    static let keyProof = FuzzTarget(
        "keyproof", "KeyProof.keyReference and KeyProof.verify (offline did:key/did:jwk): errors are typed; a verified proof names the key its header names"
    ) { input throws(FuzzFinding) in
        let text = String(decoding: input, as: UTF8.self)
        try checkKeyProof(text, target: "keyproof")
    }

    /// One key proof through both entry points.
    static func checkKeyProof(_ jwt: String, target: String) throws(FuzzFinding) {
        let reference = try? KeyProof.keyReference(in: jwt)
        let policy = KeyProofPolicy(audience: "https://issuer.example", requireNonce: false)
        let resolver = try offlineResolver(target)
        let verified = blocking { () async -> VerifiedKeyProof? in
            try? await KeyProof.verify(jwt, policy: policy, resolver: resolver, now: fixedNow)
        } ?? nil
        guard let verified else { return }
        guard let reference else {
            throw FuzzFinding(target: target, property: "a proof verifies whose key reference cannot be read: \(jwt.prefix(200))")
        }
        if case .kid(let kid) = reference {
            try expect(verified.keyID == kid, target, "the proof verified with \(verified.keyID), not its kid \(kid)")
        }
    }

    /// VC-JWTs (VC 1.1 `vc` claim and VC 2.0 VC-JOSE-COSE) and the self-issued ID tokens DCP
    /// holders present: references read without verifying, then full verification offline. A
    /// verified VC-JWT's method is the one its references named, and its issuer is their issuer.
    static let vcJWT = FuzzTarget(
        "vcjwt", "CredentialJWT.references/verify and SelfIssuedIDToken.verify (offline resolver): errors are typed; verification agrees with the references"
    ) { input throws(FuzzFinding) in
        let text = String(decoding: input, as: UTF8.self)
        _ = CredentialJWT.isCompactJWS(text)
        let references = try? CredentialJWT.references(in: text)
        let resolver = try offlineResolver("vcjwt")
        let verified = blocking { () async -> VerifiedCredentialJWT? in
            try? await CredentialJWT.verify(text, resolver: resolver, now: fixedNow)
        } ?? nil
        _ = blocking { () async -> Bool in
            (try? await SelfIssuedIDToken.verify(text, expectedAudience: "did:web:issuer.example", resolver: resolver, now: fixedNow)) != nil
        }
        guard let verified else { return }
        guard let references else {
            throw FuzzFinding(target: "vcjwt", property: "a VC-JWT verifies whose references cannot be read: \(text.prefix(200))")
        }
        try expect(verified.verificationMethod == references.keyID, "vcjwt", "verified with \(verified.verificationMethod), references name \(references.keyID)")
        try expect(references.issuer == verified.issuer, "vcjwt", "verified issuer \(verified.issuer), references name \(references.issuer ?? "none")")
    }

    /// did:key and did:jwk from the DID itself; nothing fetched.
    static func offlineResolver(_ target: String) throws(FuzzFinding) -> DIDResolver {
        do {
            return try DIDResolver()
        } catch {
            throw FuzzFinding(target: target, property: "a DID resolver without documents cannot be made: \(error)")
        }
    }
}
