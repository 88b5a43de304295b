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
        }
    }

    private static func ecJWK(_ type: KeyType, uncompressed: [UInt8]) -> JWK {
        // x963 is 0x04 || x || y with fixed-length coordinates.
        let coordinates = uncompressed.dropFirst()
        let length = type.scalarLength
        return JWK(
            keyType: "EC", curve: type.curve, x: Base64URL.encode(coordinates.prefix(length)),
            y: Base64URL.encode(coordinates.suffix(length)), algorithm: type.algorithm)
    }

    /// The public key of a public or private JWK; `alg`, when present, must fit the curve.
    public init(jwk: JWK) throws(KeyError) {
        let type = try Self.keyType(of: jwk)
        let x = try Self.member("x", of: jwk, length: type.scalarLength)
        switch type {
        case .ed25519:
            try self.init(type: type, bytes: x)
        case .p256, .p384:
            let y = try Self.member("y", of: jwk, length: type.scalarLength)
            try self.init(type: type, bytes: [0x04] + x + y)
        }
    }

    static func keyType(of jwk: JWK) throws(KeyError) -> KeyType {
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
