import Foundation

/// A small, independent reader for what the tests receive: headers, parts, quoted-printable and
/// base64 bodies, RFC 2047 B-encoded words. Written for the tests, separate from the renderer.
enum MIMEReading {
    /// Splits a message or part at the first empty line; unfolds the headers.
    static func split(_ text: String) -> (headers: [String: String], body: String) {
        let range = text.range(of: "\r\n\r\n")!
        let head = text[..<range.lowerBound].replacingOccurrences(of: "\r\n ", with: " ")
        var headers: [String: String] = [:]
        for line in head.components(separatedBy: "\r\n") {
            let colon = line.firstIndex(of: ":")!
            headers[line[..<colon].lowercased()] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        return (headers, String(text[range.upperBound...]))
    }

    static func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "="), index + 2 < input.count,
                let value = UInt8(String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func decodeBody(_ body: String, encoding: String?) -> String {
        switch encoding?.lowercased() {
        case "quoted-printable": decodeQuotedPrintable(body)
        case "base64": String(decoding: Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: ""))!, as: UTF8.self)
        default: body
        }
    }

    /// `=?UTF-8?B?…?=` words separated by whitespace, decoded and joined.
    static func decodeEncodedWords(_ value: String) -> String {
        let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.allSatisfy({ $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") }) else { return value }
        return words.map { word -> String in
            let base64 = word.dropFirst(10).dropLast(2)
            return String(decoding: Data(base64Encoded: String(base64))!, as: UTF8.self)
        }.joined()
    }

    /// The decoded plain-text and HTML bodies of a rendered message (single part or multipart/alternative).
    static func bodies(_ message: String) -> (text: String?, html: String?) {
        let (headers, body) = split(message)
        let type = headers["content-type"] ?? ""
        guard type.hasPrefix("multipart/"), let range = type.range(of: "boundary=\"") else {
            return (decodeBody(dropFinalCRLF(body), encoding: headers["content-transfer-encoding"]), nil)
        }
        let boundary = String(type[range.upperBound...].prefix(while: { $0 != "\"" }))
        var text: String?
        var html: String?
        for part in body.components(separatedBy: "--\(boundary)").dropFirst() where !part.hasPrefix("--") {
            // "\r\n" is one Character in Swift: drop it by its UTF-8 octets.
            let (partHeaders, partBody) = split(String(decoding: part.utf8.dropFirst(2), as: UTF8.self))
            let decoded = decodeBody(dropFinalCRLF(partBody), encoding: partHeaders["content-transfer-encoding"])
            if partHeaders["content-type"]?.hasPrefix("text/plain") == true { text = decoded }
            if partHeaders["content-type"]?.hasPrefix("text/html") == true { html = decoded }
        }
        return (text, html)
    }

    static func dropFinalCRLF(_ text: String) -> String {
        text.hasSuffix("\r\n") ? String(decoding: text.utf8.dropLast(2), as: UTF8.self) : text
    }
}
