import Credentials

/// Why a pipeline cannot be built from its profiles and key; found once, before any credential.
public enum PipelineSetupError: Error, Sendable, CustomStringConvertible {
    /// A suite (from a profile's `proof.cryptosuite`, or the override) the registry lacks.
    /// `profile` is `nil` for the override (`--suite`).
    case unknownCryptosuite(suite: String, profile: String?, known: [String])
    /// A suite that cannot sign with the configured key's type.
    case unsupportedKeyType(suite: String, profile: String?, keyType: KeyType, supported: [KeyType])

    /// Names the profile (and its file position) or the override, the suite and the key type.
    public var description: String {
        switch self {
        case .unknownCryptosuite(let suite, let profile, let known):
            "\(Self.origin(profile)) chooses cryptosuite '\(suite)', which is not registered; known: \(known.joined(separator: ", "))"
        case .unsupportedKeyType(let suite, let profile, let keyType, let supported):
            "\(Self.origin(profile)) chooses cryptosuite '\(suite)', which cannot sign with the configured \(keyType.name) key "
                + "(it needs \(supported.map(\.name).joined(separator: " or "))); use a matching key, change the profile's "
                + "proof.cryptosuite, or override every profile with --suite"
        }
    }

    private static func origin(_ profile: String?) -> String {
        profile.map { "profile \($0)" } ?? "--suite"
    }
}
