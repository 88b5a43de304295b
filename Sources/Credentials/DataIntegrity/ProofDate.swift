import Foundation

/// Proof timestamps.
public enum ProofDate {
    /// `created` as the specs' examples write it: UTC, whole seconds, `Z`.
    ///
    /// Computed from the day count (proleptic Gregorian calendar) rather than through
    /// `ISO8601FormatStyle`, which looked up the time zone and built a formatter per proof.
    /// Years before 1583 (Foundation switches to the Julian calendar before the Gregorian reform)
    /// and after 9999 (no four-digit form) go through the format style, so the text never differs.
    public static func format(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civilDate(daysSince1970: days)
        guard (1583...9999).contains(year) else {
            return date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .gmt))
        }
        var text: [UInt8] = []
        text.reserveCapacity(20)
        func append(_ value: Int, digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        append(Int(year), digits: 4)
        text.append(UInt8(ascii: "-"))
        append(month, digits: 2)
        text.append(UInt8(ascii: "-"))
        append(day, digits: 2)
        text.append(UInt8(ascii: "T"))
        append(secondOfDay / 3600, digits: 2)
        text.append(UInt8(ascii: ":"))
        append(secondOfDay / 60 % 60, digits: 2)
        text.append(UInt8(ascii: ":"))
        append(secondOfDay % 60, digits: 2)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// Year, month and day of a day count from 1970-01-01 (Howard Hinnant's days-to-civil).
    static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Whether `text` is an XML Schema dateTime with a time zone (`Z` or `±hh:mm`):
    /// `YYYY-MM-DDThh:mm:ss[.fff…](Z|±hh:mm)`, ASCII digits only.
    ///
    /// Checked byte by byte rather than with a regex: every proof is checked when signed and
    /// verified, and a Swift `Regex` literal was compiled anew on each call, 80 % of the cost
    /// of an eddsa-jcs-2022 signature (docs/PERFORMANCE.md).
    public static func isDateTime(_ text: String) -> Bool {
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
private struct DateTimeScanner {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) {
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
