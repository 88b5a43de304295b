/// Date and date-time text written and read as bytes.
///
/// Every mapped credential formats two or three dates and the validator parses them again:
/// string interpolation with zero padding and `Array(text.utf8)` copies made that more than a
/// tenth of a mapping (docs/PERFORMANCE.md). The interpolated forms stay as the reference
/// (`referenceDescription`), and values they would write differently (years beyond 0...9999,
/// offsets of 100 hours) still go through them.
enum DateText {
    /// `YYYY-MM-DD`, or `nil` when a field does not fit its fixed width.
    static func format(_ date: CalendarDate) -> String? {
        guard fits(date) else { return nil }
        return String(unsafeUninitializedCapacity: 10) { buffer in
            putDate(date, buffer)
            return 10
        }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` or `...+HH:MM`, or `nil` when a field does not fit its fixed width.
    static func format(_ value: DateTimeValue) -> String? {
        let (date, second) = value.localParts
        let offset = value.offsetSeconds
        let magnitude = offset.magnitude
        guard fits(date), magnitude < 100 * 3600 else { return nil }
        let count = offset == 0 ? 20 : 25
        return String(unsafeUninitializedCapacity: count) { buffer in
            putDate(date, buffer)
            buffer[10] = UInt8(ascii: "T")
            put(second / 3600, width: 2, buffer, at: 11)
            buffer[13] = UInt8(ascii: ":")
            put(second / 60 % 60, width: 2, buffer, at: 14)
            buffer[16] = UInt8(ascii: ":")
            put(second % 60, width: 2, buffer, at: 17)
            if offset == 0 {
                buffer[19] = UInt8(ascii: "Z")
            } else {
                buffer[19] = offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
                put(Int(magnitude / 3600), width: 2, buffer, at: 20)
                buffer[22] = UInt8(ascii: ":")
                put(Int(magnitude / 60 % 60), width: 2, buffer, at: 23)
            }
            return count
        }
    }

    /// `YYYY-MM-DD` exactly (`allowTime`: or followed by `T...`), as `CalendarDate(parsing:)` reads it.
    static func parseDate(_ bytes: UnsafeBufferPointer<UInt8>, allowTime: Bool) -> CalendarDate? {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes.count == 10 || (allowTime && bytes[10] == UInt8(ascii: "T")),
            let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2)
        else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// An XML Schema date-time with a zone, as `DateTimeValue(parsing:)` reads it.
    static func parseDateTime(_ bytes: UnsafeBufferPointer<UInt8>) -> DateTimeValue? {
        guard bytes.count >= 20, let date = parseDate(UnsafeBufferPointer(rebasing: bytes[0..<10]), allowTime: false),
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let hour = digits(bytes, 11, 2), let minute = digits(bytes, 14, 2), let second = digits(bytes, 17, 2),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        if bytes[index] == UInt8(ascii: "Z") {
            guard index + 1 == bytes.count else { return nil }
        } else {
            guard index + 6 == bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
                bytes[index + 3] == UInt8(ascii: ":"), let hours = digits(bytes, index + 1, 2),
                let minutes = digits(bytes, index + 4, 2)
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        }
        let local = date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second
        return DateTimeValue(epochSeconds: local - offset, offsetSeconds: offset)
    }

    private static func fits(_ date: CalendarDate) -> Bool {
        (0...9999).contains(date.year) && (0...99).contains(date.month) && (0...99).contains(date.day)
    }

    private static func putDate(_ date: CalendarDate, _ buffer: UnsafeMutableBufferPointer<UInt8>) {
        put(date.year, width: 4, buffer, at: 0)
        buffer[4] = UInt8(ascii: "-")
        put(date.month, width: 2, buffer, at: 5)
        buffer[7] = UInt8(ascii: "-")
        put(date.day, width: 2, buffer, at: 8)
    }

    /// `value` (non-negative, fewer than `width` digits) zero-padded at `offset`.
    private static func put(_ value: Int, width: Int, _ buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var rest = value
        for index in stride(from: offset + width - 1, through: offset, by: -1) {
            buffer[index] = UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0")
            rest /= 10
        }
    }

    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for index in start..<start + count {
            // Wrapping subtraction: bytes below "0" become large and fail the one comparison.
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value &* 10 &+ Int(digit)
        }
        return value
    }
}
