import Foundation
import Yams

extension GatewayConfiguration {
    /// Only `signing.key` (resolved against the file's directory) and `signing.strict_key_mode`
    /// of a configuration file, for `certbridge keys rotate|retire --config`, which must work
    /// without the service's secrets at hand.
    /// Without a file (`nil`), from the environment alone.
    public static func signingKeySettings(
        configurationFile path: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> (keyPath: String, strictKeyMode: Bool) {
        let file = try ConfigurationFile(path: path, environment: environment)
        let root = file.root, directory = file.directory
        var reader = file.reader()
        reader.append(file.environmentProblems(in: "signing"))
        let signing = reader.mapping(root?.mapping?["signing"], "signing", known: ConfigurationSchema.keys(of: "signing"))
        let key = reader.string(signing, "key", "signing.key").map { ConfigurationReader.absolute($0, in: directory) }
        let strict = reader.boolean(signing, "strict_key_mode", "signing.strict_key_mode", default: false)
        guard reader.problems.isEmpty, let key else { throw ConfigurationError(file: path ?? ConfigurationFile.environmentOnly, problems: reader.problems) }
        return (key, strict)
    }
}
