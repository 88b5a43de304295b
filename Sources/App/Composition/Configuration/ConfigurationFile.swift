import Foundation
import Yams

/// A configuration read and composed as YAML, with the `CERTBRIDGE_*` environment laid over it
/// (``ConfigurationEnvironment``): what every reader of the configuration starts from, the full
/// `serve` configuration and the commands that need only one section (`store …`, `keys rotate|retire`).
struct ConfigurationFile {
    /// The document, the environment's values included (`nil` only for a top level that is not a mapping).
    let root: Node?
    /// Relative paths are taken from here: the file's directory, or the working directory without a file.
    let directory: String
    /// Where each set key came from.
    let sources: [String: ConfigurationSource]
    /// The environment's own problems (unreadable `_FILE`s, unknown variables).
    let environmentProblems: [ConfigurationError.Problem]
    /// The environment, for the file's `${ENV_NAME}` secret references.
    let environment: [String: String]

    /// The name errors carry when there is no file: everything came from the environment.
    static let environmentOnly = "(environment)"

    /// Reads `path`, or with `nil` starts from an empty document; an unreadable file or invalid YAML names the file.
    init(path: String?, environment: [String: String]) throws(ConfigurationError) {
        guard let path else {
            try self.init(text: "", file: Self.environmentOnly, directory: FileManager.default.currentDirectoryPath, environment: environment)
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, problems: [.init(position: nil, field: "", message: "cannot read the file")])
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try self.init(text: String(decoding: data, as: UTF8.self), file: path, directory: directory, environment: environment)
    }

    /// Composes `text` (named `file` in errors) and lays the environment over it.
    init(text: String, file: String, directory: String, environment: [String: String]) throws(ConfigurationError) {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError(file: file, problems: [.init(position: nil, field: "", message: "not valid YAML: \(error)")])
        }
        let overlay = ConfigurationEnvironment().overlay(composed, environment: environment)
        root = overlay.root
        sources = overlay.sources
        environmentProblems = overlay.problems
        self.directory = directory
        self.environment = environment
    }

    /// A reader that knows where each key came from.
    func reader() -> ConfigurationReader {
        var reader = ConfigurationReader()
        reader.sources = sources
        return reader
    }

    /// The environment's problems with keys of `section` (the one-section commands ignore the rest).
    func environmentProblems(in section: String) -> [ConfigurationError.Problem] {
        environmentProblems.filter { $0.field.hasPrefix(section + ".") }
    }
}
