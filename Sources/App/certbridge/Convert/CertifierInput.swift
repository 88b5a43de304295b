import Foundation
import JSONCanonical

/// Recognises the shapes Certifier data comes in and yields credentials one at a time.
///
/// Accepted: one credential object; the create-credential response (a credential, or `{"data": {...}}`);
/// a list page `{"data": [...], "pagination": {...}}`; a JSON array; or NDJSON of any of these, one a line.
/// NDJSON is detected when the first non-empty line is a complete JSON value and another line follows;
/// it is then read line by line, never whole.
struct CertifierInput {
    /// One record: a credential, or a line that could not be parsed.
    enum Record {
        case credential(JSONValue, position: String)
        case unreadable(reason: String, position: String)
    }

    /// Whether the input is a single credential (output is then one JSON document, not NDJSON).
    private(set) var isSingle = false
    private let reader: LineReader
    private var pending: [Record] = []
    private var streaming = false
    private var lineNumber = 0

    init(handle: FileHandle) {
        reader = LineReader(handle: handle)
        detect()
    }

    private mutating func detect() {
        guard let first = nextNonEmptyLine() else { return }
        let firstLine = lineNumber
        if let value = try? JSONValue(parsing: first.bytes) {
            if let second = nextNonEmptyLine() {
                streaming = true
                pending = Self.unwrap(value, position: "line \(firstLine)") + parse(second)
                return
            }
            pending = Self.unwrap(value, position: "input")
            isSingle = pending.count == 1 && !Self.isList(value)
            return
        }
        // Not one value per line: a pretty-printed document; read it whole (a page is bounded).
        let whole = Array(first.bytes) + [UInt8(ascii: "\n")] + reader.readRemaining()
        do {
            let value = try JSONValue(parsing: whole)
            pending = Self.unwrap(value, position: "input")
            isSingle = pending.count == 1 && !Self.isList(value)
        } catch {
            pending = [.unreadable(reason: "input is neither JSON nor NDJSON: \(error)", position: "input")]
        }
    }

    /// The next record, reading more lines only when needed.
    mutating func next() -> Record? {
        while pending.isEmpty {
            guard streaming, let line = nextNonEmptyLine() else { return nil }
            pending = parse(line)
        }
        return pending.removeFirst()
    }

    private mutating func parse(_ line: (bytes: ArraySlice<UInt8>, number: Int)) -> [Record] {
        do {
            return Self.unwrap(try JSONValue(parsing: line.bytes), position: "line \(line.number)")
        } catch {
            return [.unreadable(reason: "not JSON: \(error)", position: "line \(line.number)")]
        }
    }

    private mutating func nextNonEmptyLine() -> (bytes: ArraySlice<UInt8>, number: Int)? {
        while let line = reader.nextLine() {
            lineNumber += 1
            if line.contains(where: { ![UInt8(ascii: " "), UInt8(ascii: "\t")].contains($0) }) { return (line, lineNumber) }
        }
        return nil
    }

    private static func isList(_ value: JSONValue) -> Bool {
        value.arrayValue != nil || value["data"]?.arrayValue != nil
    }

    /// Credentials inside one parsed value.
    static func unwrap(_ value: JSONValue, position: String) -> [Record] {
        if let list = value.arrayValue ?? value["data"]?.arrayValue {
            return list.enumerated().map { .credential($1, position: "\(position) item \($0 + 1)") }
        }
        if let inner = value["data"], inner.objectValue != nil { return [.credential(inner, position: position)] }
        return [.credential(value, position: position)]
    }
}
