import Foundation

/// Proof timestamps.
public enum ProofDate {
    /// `created` as the specs' examples write it: UTC, whole seconds, `Z`.
    ///
    /// Written by ``UTCTimestamp`` for the years 1582 (Gregorian cut-over) to 9999, by
    /// Foundation's ISO 8601 style (whose output it reproduces) outside them.
    public static func format(_ date: Date) -> String {
        formatNoting(date).text
    }

    /// ``format(_:)``, and whether the text is a dateTime by construction: the arithmetic path
    /// always writes `YYYY-MM-DDThh:mm:ssZ` with fields in range, so its text needs no check.
    static func formatNoting(_ date: Date) -> (text: String, isDateTime: Bool) {
        if let seconds = UTCTimestamp.seconds(of: date), let text = UTCTimestamp.format(seconds: seconds) { return (text, true) }
        return (foundationFormat(date), false)
    }

    /// Foundation's ISO 8601 form in UTC, the reference ``format(_:)`` agrees with.
    static func foundationFormat(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .gmt))
    }

    /// Whether `text` is an XML Schema dateTime with a time zone (`Z` or `±hh:mm`):
    /// `YYYY-MM-DDThh:mm:ss[.fff…](Z|±hh:mm)`, ASCII digits only.
    ///
    /// Checked byte by byte rather than with a regex: every proof is checked when signed and
    /// verified, and a Swift `Regex` literal was compiled anew on each call, 80 % of the cost
    /// of an eddsa-jcs-2022 signature (docs/PERFORMANCE.md).
    public static func isDateTime(_ text: String) -> Bool {
        // Native strings are contiguous UTF-8: scanning them in place saves an array per check.
        if let result = text.utf8.withContiguousStorageIfAvailable({ bytes in
            var scanner = DateTimeScanner(bytes)
            return scanner.scanDateTime()
        }) {
            return result
        }
        var scanner = DateTimeScanner(Array(text.utf8))
        return scanner.scanDateTime()
    }

    /// Parses a dateTime, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

/// Reads the fields of an XML Schema dateTime in order; each step consumes bytes only on success.
private struct DateTimeScanner<Bytes: RandomAccessCollection> where Bytes.Element == UInt8, Bytes.Index == Int {
    let bytes: Bytes
    var position = 0

    init(_ bytes: Bytes) {
        self.bytes = bytes
    }

    mutating func scanDateTime() -> Bool {
        guard scanNumber(digits: 4, in: 0...9999), scan("-"), scanNumber(digits: 2, in: 1...12), scan("-"),
            scanNumber(digits: 2, in: 1...31), scan("T"), scanNumber(digits: 2, in: 0...23), scan(":"),
            scanNumber(digits: 2, in: 0...59), scan(":"), scanNumber(digits: 2, in: 0...60)
        else { return false }
        if scan(".") {
            let start = position
            while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
            guard position > start else { return false }
        }
        if scan("Z") { return position == bytes.count }
        guard scan("+") || scan("-"), scanNumber(digits: 2, in: 0...23), scan(":"), scanNumber(digits: 2, in: 0...59) else {
            return false
        }
        return position == bytes.count
    }

    private mutating func scan(_ character: Unicode.Scalar) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    private mutating func scanNumber(digits: Int, in range: ClosedRange<Int>) -> Bool {
        guard position + digits <= bytes.count else { return false }
        var value = 0
        for byte in bytes[position..<(position + digits)] {
            guard Self.isDigit(byte) else { return false }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        guard range.contains(value) else { return false }
        position += digits
        return true
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
