import Foundation
import Yams

/// A configuration file read and composed as YAML, for the commands that need only one section of
/// it (`store …`, `keys rotate|retire`) and must work without the service's secrets at hand.
struct ConfigurationFile {
    /// The composed YAML document (`nil` for an empty file).
    let root: Node?
    /// The file's directory: relative paths in it are taken from here.
    let directory: String

    /// Reads and composes `path`; an unreadable file or invalid YAML names the file.
    init(path: String) throws(ConfigurationError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, problems: [.init(position: nil, field: "", message: "cannot read the file")])
        }
        do {
            root = try Yams.compose(yaml: String(decoding: data, as: UTF8.self))
        } catch {
            throw ConfigurationError(file: path, problems: [.init(position: nil, field: "", message: "not valid YAML: \(error)")])
        }
        directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
    }
}
