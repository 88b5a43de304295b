import Foundation

/// Reads a file or standard input line by line with a fixed-size buffer: constant memory on
/// NDJSON files of any length.
final class LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the newline search resumes: bytes before it are known to hold none (long lines stay linear).
    private var scanned = 0
    private var atEnd = false
    private let chunkSize = 64 * 1024

    init(handle: FileHandle) {
        self.handle = handle
    }

    /// The next line without its newline (and without a trailing CR), or `nil` at the end.
    ///
    /// The line is a slice of the reader's buffer, not a copy: read it before asking for the next
    /// one (a slice kept longer stays correct, but the next call then copies the buffer).
    func nextLine() -> ArraySlice<UInt8>? {
        // Here rather than after the last line was cut, so that no slice of it is alive when the
        // buffer's front is dropped.
        compact()
        while true {
            if let newline = Self.firstNewline(in: buffer, from: max(start, scanned)) {
                var line = buffer[start..<newline]
                start = newline + 1
                scanned = start
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                return line
            }
            scanned = buffer.count
            let chunk = handle.readData(ofLength: chunkSize)
            if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
        }
    }

    /// Everything not read yet (for a pretty-printed single document or list page).
    func readRemaining() -> [UInt8] {
        var rest = Array(buffer[start...])
        buffer = []
        start = 0
        scanned = 0
        if !atEnd { rest.append(contentsOf: handle.readDataToEndOfFile()) }
        atEnd = true
        return rest
    }

    /// The position of the first newline at or after `from`, by memchr: the element-by-element
    /// search of `firstIndex(of:)` took as long as reading the line from the file.
    private static func firstNewline(in bytes: [UInt8], from: Int) -> Int? {
        guard from < bytes.count else { return nil }
        return bytes.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress else { return nil }
            guard let found = memchr(base + from, Int32(UInt8(ascii: "\n")), raw.count - from) else { return nil }
            return base.distance(to: UnsafeRawPointer(found))
        }
    }

    private func compact() {
        if start > chunkSize {
            buffer.removeFirst(start)
            scanned -= start
            start = 0
        }
    }
}
