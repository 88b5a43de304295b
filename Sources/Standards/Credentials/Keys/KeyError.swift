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
    /// The key file's mode lets others write it (or read it, under `signing.strict_key_mode`).
    case insecureFile(path: String, mode: String, reason: String)
    /// `save` was asked to write over an existing file.
    case fileExists(path: String)
    /// The crypto library refused to sign.
    case signingFailed(reason: String)
    /// An RSA key whose modulus size certbridge does not accept (it takes 2048 to 4096 bits).
    case unsupportedKeySize(bits: Int)
    /// The JOSE algorithm does not fit the key, or certbridge does not sign with it.
    case unsupportedAlgorithm(String, keyType: KeyType, reason: String)
    /// The key type has no did:key or Multikey form in certbridge (RSA).
    case noDIDKey(KeyType)

    /// A sentence a person can act on.
    public var description: String {
        switch self {
        case .missingMember(let name): "JWK member '\(name)' is missing"
        case .invalidMember(let name, let reason): "JWK member '\(name)' is invalid: \(reason)"
        case .unsupportedCurve(let curve):
            "unsupported key curve or type '\(curve)' (supported: \(KeyType.allCases.map(\.name).joined(separator: ", ")))"
        case .wrongLength(let what, let expected, let found):
            "\(what) must be \(expected) bytes, found \(found)"
        case .invalidKeyMaterial(let what, let curve): "\(what) is not a valid \(curve) key"
        case .publicKeyMismatch: "the JWK's private key does not match its public 'x'/'y' members"
        case .encoding(let what, let error): "\(what): \(error)"
        case .unsupportedMulticodec(let name):
            name == Multicodec.rsaPublic.description
                ? "multicodec rsa-pub: certbridge does not read RSA keys as did:key or Multikey; publish the key as publicKeyJwk in a did:web document"
                : "unsupported multicodec key type \(name) (supported: ed25519-pub, p256-pub, p384-pub)"
        case .file(let path, let reason): "\(path): \(reason)"
        case .insecureFile(let path, let mode, let reason): "key file \(path) has mode \(mode) and is refused: \(reason)"
        case .fileExists(let path): "\(path) already exists; refusing to overwrite a key (use --force to replace it)"
        case .signingFailed(let reason): "signing failed: \(reason)"
        case .unsupportedKeySize(let bits):
            "an RSA key of \(bits) bits is not accepted: use 2048, 3072 or 4096 bits (anything from 2048 to 4096)"
        case .unsupportedAlgorithm(let alg, let keyType, let reason): "JOSE alg '\(alg)' cannot be used with a \(keyType) key: \(reason)"
        case .noDIDKey(let keyType):
            "\(keyType) keys have no did:key in certbridge: publish the key in a did:web document "
                + "(certbridge keys show KEY --did-web DOMAIN) and pass that DID as the issuer"
        }
    }
}
