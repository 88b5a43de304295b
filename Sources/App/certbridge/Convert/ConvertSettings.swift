import Composition
import Mapping

/// What `convert` signs with: the command line first, then (with `--deliver`) the gateway
/// configuration, so `convert --deliver --config certbridge.yaml` signs exactly as `serve` does.
struct ConvertSettings {
    /// The profiles directory.
    var profiles: String
    /// The private JWK file, if any.
    var key: String?
    /// The issuer DID, if any (else the key's did:key).
    var issuer: String?
    /// The suite overriding every profile, if any.
    var suite: String?
    /// The proof form overriding every profile, if any.
    var compatibility: ProofCompatibility?
    /// `signing.strict_key_mode` of the configuration: a key file others can read is refused.
    var strictKeyMode = false
    private let profilesGiven: Bool

    init(_ command: ConvertCommand) {
        profiles = command.profiles ?? "mappings"
        profilesGiven = command.profiles != nil
        key = command.key
        issuer = command.issuer
        suite = command.suite
        compatibility = command.tsg.compatibility
    }

    /// Takes every setting the command line left open from the configuration.
    mutating func fill(from configuration: GatewayConfiguration) {
        if !profilesGiven { profiles = configuration.profilesDirectory }
        key = key ?? configuration.signing.keyPath
        issuer = issuer ?? configuration.signing.issuer
        suite = suite ?? configuration.signing.cryptosuite
        compatibility = compatibility ?? configuration.signing.compatibility
        strictKeyMode = configuration.signing.strictKeyMode
    }

    /// Writes the settings into the configuration the composition root builds from.
    func apply(to configuration: inout GatewayConfiguration, verificationMethod: String?) {
        configuration.profilesDirectory = profiles
        if let key { configuration.signing.keyPath = key }
        if let issuer { configuration.signing.issuer = issuer }
        configuration.signing.cryptosuite = suite
        configuration.signing.compatibility = compatibility
        if let verificationMethod { configuration.signing.verificationMethod = verificationMethod }
    }
}
