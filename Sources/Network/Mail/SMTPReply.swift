/// One SMTP reply (RFC 5321 §4.2): a three-digit code and one or more lines of text.
///
/// A multi-line reply repeats the code on every line, with `-` after the code on all but the
/// last: `250-first`, `250-second`, `250 last`.
public struct SMTPReply: Sendable, Equatable {
    /// The reply code, 200…599.
    public let code: Int
    /// The text of each line, without the code and separator.
    public let lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// The lines joined with a space; what errors quote.
    public var text: String { lines.joined(separator: " ") }

    /// 2xx.
    public var isPositiveCompletion: Bool { (200..<300).contains(code) }
}

/// Assembles replies from lines (CRLF already removed), one line at a time.
public struct SMTPReplyParser: Sendable {
    /// A reply line that is not `ddd`, `ddd text`, or `ddd-text`, or a continuation with another code.
    public struct Malformed: Error, Sendable, Equatable {
        public let detail: String
    }

    /// Lines longer than this are refused (RFC 5321 §4.5.3.1.5 allows 512 octets; servers exceed it a little).
    public static let maximumLineLength = 4096
    /// More continuation lines than this are refused, so a server cannot make us grow without end.
    public static let maximumLines = 256

    private var code: Int?
    private var lines: [String] = []

    public init() {}

    /// Feeds one line; returns the reply once its last line arrives.
    public mutating func feed(_ line: [UInt8]) throws(Malformed) -> SMTPReply? {
        guard line.count <= Self.maximumLineLength else { throw Malformed(detail: "a reply line longer than \(Self.maximumLineLength) octets") }
        guard line.count >= 3, line[0...2].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw Malformed(detail: "a reply line that does not start with a three-digit code")
        }
        let value = line[0...2].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard (200...599).contains(value) else { throw Malformed(detail: "reply code \(value) is outside 200…599") }
        if let code, code != value { throw Malformed(detail: "a continuation line with code \(value) inside a \(code) reply") }
        let last: Bool
        if line.count == 3 {
            last = true
        } else if line[3] == UInt8(ascii: " ") {
            last = true
        } else if line[3] == UInt8(ascii: "-") {
            last = false
        } else {
            throw Malformed(detail: "a reply code followed by neither space nor hyphen")
        }
        let text = line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : ""
        lines.append(text)
        guard lines.count <= Self.maximumLines else { throw Malformed(detail: "a reply of more than \(Self.maximumLines) lines") }
        if last {
            let reply = SMTPReply(code: value, lines: lines)
            code = nil
            lines = []
            return reply
        }
        code = value
        return nil
    }
}

/// The extensions an EHLO reply advertises (RFC 5321 §4.1.1.1: each line after the first is a keyword and parameters).
public struct SMTPExtensions: Sendable, Equatable {
    /// Keyword (upper case) → parameters.
    public let keywords: [String: [String]]

    public init(ehlo reply: SMTPReply) {
        var keywords: [String: [String]] = [:]
        for line in reply.lines.dropFirst() {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let keyword = parts.first else { continue }
            keywords[keyword.uppercased()] = Array(parts.dropFirst())
        }
        self.keywords = keywords
    }

    public var startTLS: Bool { keywords["STARTTLS"] != nil }
    public var eightBitMIME: Bool { keywords["8BITMIME"] != nil }
    public var smtpUTF8: Bool { keywords["SMTPUTF8"] != nil }
    /// The AUTH mechanisms, upper case.
    public var authMechanisms: Set<String> { Set((keywords["AUTH"] ?? []).map { $0.uppercased() }) }
    /// The SIZE limit in octets; nil when SIZE is absent or advertises no limit (0).
    public var sizeLimit: Int? {
        guard let parameters = keywords["SIZE"] else { return nil }
        guard let first = parameters.first, let limit = Int(first), limit > 0 else { return nil }
        return limit
    }
    public var size: Bool { keywords["SIZE"] != nil }
}
