import Credentials
import Crypto
import Foundation
import JWTKit
import X509
import _CryptoExtras

/// An `x5c` header: the key is the first certificate's. No chain is validated and no trust anchor
/// consulted: the proof binds the credential to that key and says nothing about who holds it.
extension KeyProof {
    /// The first certificate's key, named by its JWK thumbprint URI; the certificate must be within
    /// its validity period at `now` (give or take `leeway`).
    static func certificateKey(_ parsed: JOSE.Parsed, now: Date, leeway: Duration) throws(KeyProofError) -> BoundKey {
        guard let chain = parsed.header.fields["x5c"]?.asArray, let first = chain.first else {
            throw .invalid("x5c", reason: "expected a non-empty array of base64 DER certificates, the key's certificate first")
        }
        // RFC 7515 §4.1.6: base64, not base64url.
        guard let text = first.asString, let der = Data(base64Encoded: text) else {
            throw .invalid("x5c", reason: "the first certificate is not base64 DER (RFC 7515 4.1.6: base64, not base64url)")
        }
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: Array(der))
        } catch {
            throw .invalid("x5c", reason: "the first certificate is not an X.509 certificate: \(error)")
        }
        let slack = JWTClaimTime.seconds(leeway)
        if certificate.notValidBefore.timeIntervalSince(now) > slack || now.timeIntervalSince(certificate.notValidAfter) > slack {
            throw .invalid(
                "x5c",
                reason: "the first certificate is valid from \(ProofDate.format(certificate.notValidBefore)) to \(ProofDate.format(certificate.notValidAfter)), not now (\(ProofDate.format(now)))")
        }
        let key = try publicKey(of: certificate)
        return BoundKey(holderDID: nil, keyID: JWKThumbprint.uri(of: key), publicKey: key)
    }

    /// The certificate's key as certbridge's ``PublicKey`` (Ed25519, P-256, P-384, RSA 2048–4096).
    private static func publicKey(of certificate: Certificate) throws(KeyProofError) -> PublicKey {
        let key = certificate.publicKey
        do {
            if let ed25519 = Curve25519.Signing.PublicKey(key) {
                return try PublicKey(type: .ed25519, bytes: Array(ed25519.rawRepresentation))
            }
            if let p256 = P256.Signing.PublicKey(key) {
                return try PublicKey(type: .p256, bytes: Array(p256.x963Representation))
            }
            if let p384 = P384.Signing.PublicKey(key) {
                return try PublicKey(type: .p384, bytes: Array(p384.x963Representation))
            }
            if let rsa = _RSA.Signing.PublicKey(key) {
                return try PublicKey(type: .rsa, bytes: Array(rsa.pkcs1DERRepresentation))
            }
        } catch {
            throw .invalid("x5c", reason: "the first certificate's key is unusable: \(error)")
        }
        throw .invalid("x5c", reason: "the first certificate's key is not Ed25519, P-256, P-384 or RSA")
    }
}
