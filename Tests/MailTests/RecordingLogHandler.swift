import Logging
import NIOConcurrencyHelpers

/// Keeps every log line (message and metadata) in memory, for checks on what the client logs.
struct RecordingLogHandler: LogHandler {
    let lines: NIOLockedValueBox<[String]>
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.withLockedValue { $0.append("\(event.level) \(event.message) \(event.metadata ?? [:]) \(metadata)") }
    }
}
