import Logging
import NIOConcurrencyHelpers

/// Keeps every log line (level, message, the line's metadata, then the logger's) in memory, for
/// checks on what a part logs.
public struct RecordingLogHandler: LogHandler {
    public let lines: NIOLockedValueBox<[String]>
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    /// A handler appending to `lines`.
    public init(lines: NIOLockedValueBox<[String]>) {
        self.lines = lines
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        lines.withLockedValue { $0.append("\(event.level) \(event.message) \(event.metadata ?? [:]) \(metadata)") }
    }
}
