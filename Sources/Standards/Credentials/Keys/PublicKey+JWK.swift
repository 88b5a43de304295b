import Crypto
import Foundation

extension PublicKey {
    /// The public JWK with `alg`, as did:web documents publish it (the TSG wallet needs `alg`).
    public var jwk: JWK {
        switch storage {
        case .ed25519(let key):
            return JWK(keyType: "OKP", curve: type.curve, x: Base64URL.encode(key.rawRepresentation), algorithm: type.algorithm)
        case .p256(let key):
            return Self.ecJWK(type, uncompressed: Array(key.x963Representation))
        case .p384(let key):
            return Self.ecJWK(type, uncompressed: Array(key.x963Representation))
        case .rsa(let key):
            let (n, e) = rsaPrimitives(key)
            return JWK(rsaModulus: Base64URL.encode(n), exponent: Base64URL.encode(e), algorithm: type.algorithm)
        }
    }

    private static func ecJWK(_ type: KeyType, uncompressed: [UInt8]) -> JWK {
        // x963 is 0x04 || x || y with fixed-length coordinates.
        let coordinates = uncompressed.dropFirst()
        let length = type.scalarLength ?? 0
        return JWK(
            keyType: "EC", curve: type.curve, x: Base64URL.encode(coordinates.prefix(length)),
            y: Base64URL.encode(coordinates.suffix(length)), algorithm: type.algorithm)
    }

    /// The public key of a public or private JWK; `alg`, when present, must fit the curve
    /// (RSA: PS256 or RS256).
    public init(jwk: JWK) throws(KeyError) {
        let type = try Self.keyType(of: jwk)
        guard let scalarLength = type.scalarLength else {
            self = try Self.rsa(n: try Self.rsaPublicMember("n", jwk.n), e: try Self.rsaPublicMember("e", jwk.e))
            return
        }
        let x = try Self.member("x", of: jwk, length: scalarLength)
        switch type {
        case .ed25519:
            try self.init(type: type, bytes: x)
        case .p256, .p384:
            let y = try Self.member("y", of: jwk, length: scalarLength)
            try self.init(type: type, bytes: [0x04] + x + y)
        case .rsa:
            throw .unsupportedCurve("RSA")
        }
    }

    private static func rsaPublicMember(_ name: String, _ text: String?) throws(KeyError) -> [UInt8] {
        guard let text else { throw .missingMember(name) }
        do {
            return try Base64URL.decode(text)
        } catch {
            throw .invalidMember(name, reason: "not base64url (\(error.description))")
        }
    }

    static func keyType(of jwk: JWK) throws(KeyError) -> KeyType {
        if jwk.keyType == "RSA" {
            if let algorithm = jwk.algorithm, !KeyType.rsa.verificationAlgorithms.map(\.rawValue).contains(algorithm) {
                throw .invalidMember("alg", reason: "'\(algorithm)' does not fit an RSA key (expected 'PS256' or 'RS256')")
            }
            return .rsa
        }
        guard let curve = jwk.curve else { throw .missingMember("crv") }
        guard let type = KeyType(curve: curve) else { throw .unsupportedCurve(curve) }
        guard jwk.keyType == type.jwkKeyType else {
            throw .invalidMember("kty", reason: "'\(jwk.keyType)' does not fit curve \(curve) (expected '\(type.jwkKeyType)')")
        }
        if let algorithm = jwk.algorithm, algorithm != type.algorithm {
            throw .invalidMember("alg", reason: "'\(algorithm)' does not fit curve \(curve) (expected '\(type.algorithm)')")
        }
        return type
    }

    /// A base64url member decoded and length-checked; the message never includes the value.
    static func member(_ name: String, of jwk: JWK, length: Int) throws(KeyError) -> [UInt8] {
        let text: String?
        switch name {
        case "x": text = jwk.x
        case "y": text = jwk.y
        default: text = jwk.d
        }
        guard let text else { throw .missingMember(name) }
        let bytes: [UInt8]
        do {
            bytes = try Base64URL.decode(text)
        } catch {
            throw .invalidMember(name, reason: "not base64url (\(name == "d" ? "value withheld" : error.description))")
        }
        guard bytes.count == length else {
            throw .invalidMember(name, reason: "expected \(length) bytes, found \(bytes.count)")
        }
        return bytes
    }
}
