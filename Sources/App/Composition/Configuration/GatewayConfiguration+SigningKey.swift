import Foundation
import Yams

extension GatewayConfiguration {
    /// Only `signing.key` (resolved against the file's directory) and `signing.strict_key_mode`
    /// of a configuration file, for `certbridge keys rotate|retire --config`, which must work
    /// without the service's secrets at hand.
    public static func signingKeySettings(configurationFile path: String) throws(ConfigurationError) -> (
        keyPath: String, strictKeyMode: Bool
    ) {
        let file = try ConfigurationFile(path: path)
        let root = file.root, directory = file.directory
        var reader = ConfigurationReader()
        let signing = reader.mapping(
            root?.mapping?["signing"], "signing", known: ["key", "issuer", "cryptosuite", "compatibility", "strict_key_mode"])
        let key = reader.string(signing, "key", "signing.key").map { ConfigurationReader.absolute($0, in: directory) }
        let strict = reader.boolean(signing, "strict_key_mode", "signing.strict_key_mode", default: false)
        guard reader.problems.isEmpty, let key else { throw ConfigurationError(file: path, problems: reader.problems) }
        return (key, strict)
    }
}
