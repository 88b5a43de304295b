import Crypto
import Foundation
import _CryptoExtras

extension SigningKey {
    /// A new random RSA key of `bits` (2048, 3072 or 4096; anything from 2048 to 4096).
    public static func generateRSA(bits: Int = 2048) throws(KeyError) -> SigningKey {
        try RSAKeySize.check(bits)
        do {
            return SigningKey(storage: .rsa(try _RSA.Signing.PrivateKey(keySize: .init(bitCount: bits))))
        } catch {
            throw .signingFailed(reason: "the system could not generate an RSA key (\(Swift.type(of: error)))")
        }
    }

    /// A private RSA key from a JWK's `n`, `e`, `d`, `p`, `q`; `dp`, `dq`, `qi` when given must
    /// match the ones the key implies. Error text never carries the values.
    static func rsa(jwk: JWK) throws(KeyError) -> SigningKey {
        let n = try rsaMember("n", jwk.n), e = try rsaMember("e", jwk.e), d = try rsaMember("d", jwk.d)
        guard let members = jwk.rsaPrivate else { throw .missingMember("p") }
        let p = try rsaMember("p", members.p), q = try rsaMember("q", members.q)
        let key: _RSA.Signing.PrivateKey
        do {
            key = try _RSA.Signing.PrivateKey(n: n, e: e, d: d, p: p, q: q)
        } catch {
            // swift-crypto refuses keys under 2048 bits here; say so when that is the reason.
            let bits = Array(n.drop { $0 == 0 }).count * 8
            if !RSAKeySize.accepted.contains(bits) { throw .unsupportedKeySize(bits: bits) }
            throw .invalidKeyMaterial(what: "private key ('n', 'e', 'd', 'p', 'q' do not form a key)", curve: "RSA")
        }
        try RSAKeySize.check(key.keySizeInBits)
        let signingKey = SigningKey(storage: .rsa(key))
        let derived = try signingKey.rsaPrivateMembers()
        let implied = derived.members
        for (name, given, expected) in [("dp", members.dp, implied.dp), ("dq", members.dq, implied.dq), ("qi", members.qi, implied.qi)] {
            if let given, given != expected {
                throw .invalidMember(name, reason: "does not match the key's 'd', 'p' and 'q' (value withheld)")
            }
        }
        return signingKey
    }

    private static func rsaMember(_ name: String, _ text: String?) throws(KeyError) -> [UInt8] {
        guard let text else { throw .missingMember(name) }
        do {
            return try Base64URL.decode(text)
        } catch {
            throw .invalidMember(name, reason: "not base64url (value withheld)")
        }
    }

    /// `d` and the CRT members of an RSA key, base64url, read from its PKCS#1 DER.
    func rsaPrivateMembers() throws(KeyError) -> (d: String, members: RSAPrivateMembers) {
        guard case .rsa(let key) = storage else { throw .invalidMember("kty", reason: "not an RSA key") }
        let der: RSAPrivateKeyDER
        do {
            der = try RSAPrivateKeyDER(Array(key.derRepresentation))
        } catch {
            throw .invalidKeyMaterial(what: "private key (\(error.reason))", curve: "RSA")
        }
        let members = RSAPrivateMembers(
            p: Base64URL.encode(der.p), q: Base64URL.encode(der.q), dp: Base64URL.encode(der.dp),
            dq: Base64URL.encode(der.dq), qi: Base64URL.encode(der.qi))
        return (Base64URL.encode(der.d), members)
    }
}
