import Foundation
import Yams

extension GatewayConfiguration {
    /// Only the outbox location from a configuration file, for the operator commands
    /// (`certbridge deliveries …`), which must work without the service's secrets at hand.
    public static func storePath(configurationFile path: String) throws(ConfigurationError) -> String {
        func failure(_ field: String, _ message: String, _ node: Node? = nil) -> ConfigurationError {
            ConfigurationError(file: path, problems: [.init(position: node?.mark?.description, field: field, message: message)])
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw failure("", "cannot read the file") }
        let root: Node?
        do {
            root = try Yams.compose(yaml: String(decoding: data, as: UTF8.self))
        } catch {
            throw failure("", "not valid YAML: \(error)")
        }
        guard let store = root?.mapping?["store"] else { throw failure("store", "missing section") }
        guard let sqlite = store.mapping?["sqlite"]?.scalar?.string, !sqlite.isEmpty else {
            throw failure("store.sqlite", "missing (required)", store)
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return sqlite.hasPrefix("/") ? sqlite : directory + "/" + sqlite
    }
}
