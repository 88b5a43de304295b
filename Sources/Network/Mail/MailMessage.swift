import Foundation

/// An e-mail: RFC 5322 headers and a MIME body (RFC 2045–2047) with a plain-text part and an
/// optional HTML alternative.
///
/// Every value is checked when the message is made: header values with CR or LF are refused (no
/// header injection), addresses must be `local@domain`. Bodies are UTF-8, sent as
/// quoted-printable so the message itself is 7-bit; a non-ASCII subject or display name becomes
/// RFC 2047 encoded-words. Only a non-ASCII address needs SMTPUTF8 (RFC 6531, 6532).
public struct MailMessage: Sendable, Equatable {
    public let from: MailAddress
    /// One or more recipients; each becomes an RCPT TO.
    public let to: [MailAddress]
    public let subject: String
    /// The plain-text body.
    public let text: String
    /// An HTML alternative; with it the body is `multipart/alternative`.
    public let html: String?

    /// - Throws: ``SMTPError/invalidHeader(name:reason:)`` naming `Subject` when it contains CR, LF
    ///   or another control character, or `To` when there is no recipient.
    public init(from: MailAddress, to: [MailAddress], subject: String, text: String, html: String? = nil) throws(SMTPError) {
        guard !to.isEmpty else { throw .invalidHeader(name: "To", reason: "at least one recipient is needed") }
        if subject.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) {
            throw .invalidHeader(name: "Subject", reason: "the value contains CR, LF or another control character")
        }
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
    }

    /// Whether an address is not ASCII, so that the envelope needs SMTPUTF8 and the header 8-bit transport.
    public var needsSMTPUTF8: Bool { !from.isASCII || to.contains { !$0.isASCII } }

    /// The message as sent in DATA (before dot-stuffing): CRLF line endings, ending in CRLF.
    ///
    /// - Parameters:
    ///   - date: the `Date` header.
    ///   - messageID: the `Message-ID` without angle brackets; random `@` the from domain when nil.
    public func rendered(date: Date = Date(), messageID: String? = nil) -> String {
        var generator = SystemRandomNumberGenerator()
        return rendered(date: date, messageID: messageID, generator: &generator)
    }

    func rendered(date: Date, messageID: String?, generator: inout some RandomNumberGenerator) -> String {
        let id = messageID ?? "\(Self.randomHex(16, using: &generator))@\(from.domain)"
        var headers: [String] = [
            "Date: \(Self.rfc5322Date(date))",
            "From: \(Self.mailbox(from))",
            "To: " + to.map(Self.mailbox).joined(separator: ",\r\n "),
            "Subject: \(Self.unstructured(subject))",
            "Message-ID: <\(id)>",
            "MIME-Version: 1.0",
        ]
        var body: String
        if let html {
            let boundary = "=_certbridge_\(Self.randomHex(12, using: &generator))"
            headers.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            body = "--\(boundary)\r\n" + Self.part("text/plain", text) + "\r\n"
            body += "--\(boundary)\r\n" + Self.part("text/html", html) + "\r\n"
            body += "--\(boundary)--\r\n"
        } else {
            headers.append("Content-Type: text/plain; charset=utf-8")
            headers.append("Content-Transfer-Encoding: quoted-printable")
            body = Self.quotedPrintable(text) + "\r\n"
        }
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body
    }

    static func part(_ type: String, _ content: String) -> String {
        "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + quotedPrintable(content)
    }

    // MARK: Headers

    /// `Name <local@domain>` or `<local@domain>`.
    static func mailbox(_ address: MailAddress) -> String {
        guard let name = address.displayName else { return "<\(address.address)>" }
        return "\(phrase(name)) <\(address.address)>"
    }

    /// A display name: atoms as they are, other printable ASCII as a quoted-string, anything else encoded-words.
    static func phrase(_ name: String) -> String {
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ".unicodeScalars)
        if name.unicodeScalars.allSatisfy({ atext.contains($0) }), !name.contains("=?") { return name }
        if name.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }), !name.contains("=?") {
            return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return encodedWords(name).joined(separator: "\r\n ")
    }

    /// An unstructured value (Subject): as it is when short printable ASCII, else encoded-words on folded lines.
    static func unstructured(_ value: String) -> String {
        if value.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) || $0 == "\t" }), !value.contains("=?"),
            value.utf8.count <= 900
        {
            return value
        }
        return encodedWords(value).joined(separator: "\r\n ")
    }

    /// RFC 2047 `=?UTF-8?B?…?=` words of at most 75 characters, each holding whole Unicode scalars.
    static func encodedWords(_ value: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in value.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            // 45 octets are 60 base64 characters; with `=?UTF-8?B?` and `?=` a word is 72.
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words
    }

    /// `Wed, 02 Dec 2026 20:04:30 +0000` (RFC 5322 §3.3), always in UTC.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(days[(c.weekday ?? 1) - 1]), \(two(c.day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) "
            + "\(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }

    static func randomHex(_ count: Int, using generator: inout some RandomNumberGenerator) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for _ in 0..<count {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }

    // MARK: Body

    /// The text's lines (any of CRLF, CR, LF ends one).
    static func lines(_ text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var previousCR = false
        for byte in text.utf8 {
            if byte == 0x0A {
                if !previousCR { lines.append(current) }
                current = []
                previousCR = false
            } else if byte == 0x0D {
                lines.append(current)
                current = []
                previousCR = true
            } else {
                current.append(byte)
                previousCR = false
            }
        }
        lines.append(current)
        return lines
    }

    /// Quoted-printable (RFC 2045 §6.7) of the UTF-8 text: lines of at most 76 characters with soft
    /// breaks, `=` and non-ASCII octets as `=XX`, whitespace at a line's end encoded, hard line
    /// breaks as CRLF. No trailing line break.
    public static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var output: [String] = []
        for line in lines(text) {
            var encoded = ""
            var length = 0
            for (index, byte) in line.enumerated() {
                let isLast = index == line.count - 1
                let token: String
                if (byte == 0x20 || byte == 0x09) && !isLast {
                    token = String(UnicodeScalar(byte))
                } else if (33...126).contains(byte) && byte != UInt8(ascii: "=") {
                    token = String(UnicodeScalar(byte))
                } else {
                    token = "=" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
                }
                // 76 characters at most, the soft break's `=` included.
                if length + token.count > 75 {
                    encoded += "=\r\n"
                    length = 0
                }
                encoded += token
                length += token.count
            }
            output.append(encoded)
        }
        return output.joined(separator: "\r\n")
    }
}
