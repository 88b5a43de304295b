import Foundation
import Outbox

/// A fresh SQLite outbox file in a temporary directory, removed by the caller's `defer`.
public struct TemporaryOutbox: Sendable {
    /// The directory, made for this outbox alone.
    public let directory: URL
    /// The SQLite file in it.
    public var path: String { directory.appendingPathComponent("outbox.sqlite").path }

    /// Makes the directory.
    public init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("certbridge-outbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// A new store handle on the file.
    public func open() throws -> SQLiteOutboxStore { try SQLiteOutboxStore(path: path) }

    /// Removes the directory and the file.
    public func remove() { try? FileManager.default.removeItem(at: directory) }
}
