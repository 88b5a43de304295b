import Foundation
import JSONCanonical

/// Writes converted credentials: NDJSON (one compact document a line) or one pretty document.
final class OutputSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    /// `path` `nil` or `-` is standard output; a file is created or truncated.
    init(path: String?) throws {
        if let path, path != "-" {
            // open(2), not FileManager.createFile: that writes a temporary file and renames it
            // over the target, which replaces a device such as /dev/null or a named pipe.
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw CommandError.output("cannot create \(path): \(String(cString: strerror(errno)))")
            }
            handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        } else {
            handle = FileHandle.standardOutput
        }
    }

    func writeLine(_ value: JSONValue) {
        // Copied from the writer's own buffer: no array per line.
        JSONWriter(style: .compact).withBytes(value) { buffer.append(contentsOf: $0) }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 64 * 1024 { flush() }
    }

    /// One line of text, e.g. a compact JWT (`--format jwt`).
    func writeTextLine(_ text: String) {
        buffer.append(contentsOf: Array(text.utf8))
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 64 * 1024 { flush() }
    }

    func writeDocument(_ value: JSONValue) {
        buffer.append(contentsOf: Array((value.prettyString + "\n").utf8))
        flush()
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Errors of the command-line glue.
enum CommandError: Error, CustomStringConvertible {
    case output(String)
    case usage(String)

    var description: String {
        switch self {
        case .output(let message), .usage(let message): message
        }
    }
}

/// Standard error, for progress, per-record problems and the summary (standard output carries only VCs).
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static var isTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}
