import Foundation

/// What `certbridge-demo` runs on; paths are relative to the working directory.
public struct DemoOptions: Sendable {
    /// The work directory: key, configuration, secrets, outbox, wallet.ndjson, did.json.
    public var directory: String
    /// Certifier credential documents, one a line.
    public var examples: String
    /// The mapping profiles directory.
    public var profiles: String
    /// How long the outbox may take to settle.
    public var timeout: Duration

    /// The defaults fit a fresh clone, run from the repository root.
    public init(
        directory: String = ".certbridge-demo", examples: String = "Examples/certifier-credentials.ndjson",
        profiles: String = "mappings", timeout: Duration = .seconds(30)
    ) {
        self.directory = directory
        self.examples = examples
        self.profiles = profiles
        self.timeout = timeout
    }

    /// `path` made absolute against the working directory.
    static func absolute(_ path: String) -> URL {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }
}
