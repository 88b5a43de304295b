import JSONCanonical

/// The two ways a credential travels as a JWT, chosen by its base context.
public enum CredentialJWTForm: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// VC Data Model 1.1 §6.3.1: the credential in a `vc` claim beside registered claims
    /// (`iss`, `sub`, `jti`, `nbf`, `exp`, `iat`), header `typ: JWT`. DCP's `vc11-sl2021/jwt`.
    case vc11
    /// W3C VC-JOSE-COSE "securing with JOSE": the payload is the VC 2.0 credential itself,
    /// header `typ: vc+jwt`, `cty: vc`. DCP's `vc20-bssl/jwt`.
    case vc20

    /// The VC 1.1 base context.
    public static let vc11Context = "https://www.w3.org/2018/credentials/v1"
    /// The VC 2.0 base context.
    public static let vc20Context = "https://www.w3.org/ns/credentials/v2"

    /// `vc-jwt 1.1` or `vc+jwt 2.0`, as `certbridge verify` prints it.
    public var description: String {
        switch self {
        case .vc11: "vc-jwt 1.1"
        case .vc20: "vc+jwt 2.0"
        }
    }

    /// The header `typ`.
    public var type: String {
        switch self {
        case .vc11: "JWT"
        case .vc20: "vc+jwt"
        }
    }

    /// The form for a credential: its first `@context` decides (the data models require the
    /// base context first).
    public static func of(_ credential: JSONValue) throws(CredentialJWTError) -> CredentialJWTForm {
        let first = credential["@context"]?.arrayValue?.first?.stringValue ?? credential["@context"]?.stringValue
        switch first {
        case vc11Context: return .vc11
        case vc20Context: return .vc20
        default:
            throw .unsupportedCredential(
                reason: "its first @context is \(first.map { "'\($0)'" } ?? "missing"), expected '\(vc11Context)' (VC 1.1) or '\(vc20Context)' (VC 2.0)")
        }
    }
}
