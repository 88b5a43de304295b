import CredentialJWT
import Foundation
import JSONCanonical

/// Credentials read from a file or standard input: one JSON document, a JSON array of them, or
/// NDJSON (one per line). Each carries where it came from, for messages. A line that is a
/// compact JWT (a VC-JWT) is read as a JSON string holding it, the same as a JSON document that
/// is such a string, so that `verify` finds JWTs beside Data Integrity JSON.
struct CredentialInput {
    /// One credential, or the reason its text could not be read.
    struct Item {
        var source: String
        var document: Result<JSONValue, CommandFailure>
        var isNDJSON: Bool
    }

    /// Reads `path` (`-` for standard input).
    static func read(_ path: String) throws(CommandFailure) -> [Item] {
        let name = path == "-" ? "stdin" : path
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw CommandFailure("\(path): cannot read (\(error.localizedDescription))")
            }
        }
        let bytes = Array(data)
        let wholeError: JSONParseError
        do {
            let whole = try JSONValue(parsing: bytes)
            if case .array(let documents) = whole {
                return documents.enumerated().map { Item(source: "\(name)[\($0.offset)]", document: .success($0.element), isNDJSON: false) }
            }
            return [Item(source: name, document: .success(whole), isNDJSON: false)]
        } catch {
            wholeError = error
        }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // NDJSON only if the first line is a document by itself; otherwise the file is one
        // broken document and its parse error (with line and column) is the useful message.
        guard let first = lines.first, (try? JSONValue(parsing: first)) != nil || Self.compactJWT(first) != nil else {
            throw CommandFailure("\(name): not JSON or NDJSON: \(wholeError)")
        }
        var items: [Item] = []
        for (index, line) in lines.enumerated() {
            let source = "\(name):\(index + 1)"
            guard line.contains(where: { ![UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains($0) }) else { continue }
            if let token = Self.compactJWT(line) {
                items.append(Item(source: source, document: .success(.string(token)), isNDJSON: true))
                continue
            }
            do {
                items.append(Item(source: source, document: .success(try JSONValue(parsing: line)), isNDJSON: true))
            } catch {
                items.append(Item(source: source, document: .failure(CommandFailure("not JSON: \(error)")), isNDJSON: true))
            }
        }
        return items
    }

    /// The compact JWT a line holds by itself, if it is one.
    static func compactJWT(_ line: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return CredentialJWT.isCompactJWS(text) ? text : nil
    }

    /// Reads a single JSON document file, naming the file in errors.
    static func readJSON(_ path: String) throws(CommandFailure) -> JSONValue {
        let items = try read(path)
        guard items.count == 1, case .success(let value) = items[0].document else {
            throw CommandFailure("\(path): expected one JSON document")
        }
        return value
    }
}

/// A command error with a message a person can act on; ArgumentParser prints it and exits 1.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
