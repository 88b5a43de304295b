/// Why a key could not be read, written or used. No case carries private key material.
public enum KeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A JWK member is absent.
    case missingMember(String)
    /// A JWK member has the wrong JSON kind or an unusable value.
    case invalidMember(String, reason: String)
    /// The JWK names a curve or key type certbridge does not support.
    case unsupportedCurve(String)
    /// A public key, private key or multikey has the wrong number of bytes.
    case wrongLength(what: String, expected: Int, found: Int)
    /// The bytes are not a valid point or scalar on the curve.
    case invalidKeyMaterial(what: String, curve: String)
    /// The private key in a JWK does not belong to the public key given beside it.
    case publicKeyMismatch
    /// A multibase or multicodec value could not be decoded.
    case encoding(what: String, EncodingError)
    /// A multicodec names a key type certbridge does not support.
    case unsupportedMulticodec(String)
    /// The key file could not be read, parsed or written; `reason` names the system error.
    case file(path: String, reason: String)
    /// `save` was asked to write over an existing file.
    case fileExists(path: String)
    /// The crypto library refused to sign.
    case signingFailed(reason: String)

    /// A sentence a person can act on.
    public var description: String {
        switch self {
        case .missingMember(let name): "JWK member '\(name)' is missing"
        case .invalidMember(let name, let reason): "JWK member '\(name)' is invalid: \(reason)"
        case .unsupportedCurve(let curve):
            "unsupported key curve '\(curve)' (supported: \(KeyType.allCases.map(\.curve).joined(separator: ", ")))"
        case .wrongLength(let what, let expected, let found):
            "\(what) must be \(expected) bytes, found \(found)"
        case .invalidKeyMaterial(let what, let curve): "\(what) is not a valid \(curve) key"
        case .publicKeyMismatch: "the JWK's private key does not match its public 'x'/'y' members"
        case .encoding(let what, let error): "\(what): \(error)"
        case .unsupportedMulticodec(let name):
            "unsupported multicodec key type \(name) (supported: ed25519-pub, p256-pub, p384-pub)"
        case .file(let path, let reason): "\(path): \(reason)"
        case .fileExists(let path): "\(path) already exists; refusing to overwrite a key (use --force to replace it)"
        case .signingFailed(let reason): "signing failed: \(reason)"
        }
    }
}
