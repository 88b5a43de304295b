import Foundation

/// Locates the published test vectors in `../shared/vectors`, beside the repository.
public enum SharedVectors {
    /// The package root, found from this file's path.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()

    /// The vectors folder; `CERTBRIDGE_VECTORS` overrides the default `../shared/vectors`.
    public static var root: URL {
        if let override = ProcessInfo.processInfo.environment["CERTBRIDGE_VECTORS"] {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/vectors")
    }

    /// A file below the vectors folder.
    public static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    /// The bytes of a vector file.
    public static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: url(relativePath))
    }

    /// The text of a vector file.
    public static func text(_ relativePath: String) throws -> String {
        String(decoding: try data(relativePath), as: UTF8.self)
    }

    /// The file names in a vector folder, sorted.
    public static func files(in relativeFolder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url(relativeFolder).path).sorted()
    }

    /// A file of the repository itself (fixtures, examples, mappings).
    public static func repositoryFile(_ relativePath: String) -> URL {
        packageRoot.appendingPathComponent(relativePath)
    }
}

extension String {
    /// The text without surrounding white space, for comparing vector files.
    public var trimmedForVector: String {
        trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
