import Foundation

/// `yyyy-MM-ddTHH:mm:ssZ` written straight from the epoch seconds.
///
/// Every signature writes its `created`; Foundation's ISO 8601 style went through a calendar
/// and time-zone lookup each time, a sixth of the non-signature cost of a signature. The
/// arithmetic is the proleptic Gregorian civil-from-days conversion, so it only answers where
/// Foundation's calendar is Gregorian too: from the 1582-10-15 cut-over (Foundation writes
/// Julian dates before it) to the last four-digit year. ``ProofDate/format(_:)`` falls back to
/// Foundation outside that range, and `UTCTimestampTests` holds the two to the same output.
enum UTCTimestamp {
    /// 1582-10-15T00:00:00Z, the first Gregorian day of Foundation's calendar.
    static let firstSecond: Int64 = -12_219_292_800
    /// 9999-12-31T23:59:59Z; later years need more than four digits.
    static let lastSecond: Int64 = 253_402_300_799
    /// Seconds from 1970-01-01 to 2001-01-01, Foundation's reference date.
    static let referenceOffset: Int64 = 978_307_200

    /// The whole UTC seconds since 1970 of `date` (rounded down, as Foundation's style does), or
    /// `nil` outside ``firstSecond`` ... ``lastSecond`` or for a non-finite date.
    static func seconds(of date: Date) -> Int64? {
        // From the reference date, Date's own storage, so no sum is rounded before flooring.
        let floored = date.timeIntervalSinceReferenceDate.rounded(.down)
        let low = Double(firstSecond - referenceOffset)
        let high = Double(lastSecond - referenceOffset)
        guard floored >= low, floored <= high else { return nil }  // also false for NaN
        return Int64(floored) + referenceOffset
    }

    /// The text of a second in ``firstSecond`` ... ``lastSecond``; `nil` outside.
    static func format(seconds: Int64) -> String? {
        guard seconds >= firstSecond, seconds <= lastSecond else { return nil }
        // Floor division: the range reaches before 1970.
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            days -= 1
            secondOfDay += 86_400
        }
        let (year, month, day) = civil(fromDays: days)
        return String(unsafeUninitializedCapacity: 20) { buffer in
            func put(_ value: Int64, digits: Int, at offset: Int) {
                var rest = value
                for index in stride(from: offset + digits - 1, through: offset, by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(year, digits: 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(month, digits: 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(day, digits: 2, at: 8)
            buffer[10] = UInt8(ascii: "T")
            put(secondOfDay / 3_600, digits: 2, at: 11)
            buffer[13] = UInt8(ascii: ":")
            put(secondOfDay / 60 % 60, digits: 2, at: 14)
            buffer[16] = UInt8(ascii: ":")
            put(secondOfDay % 60, digits: 2, at: 17)
            buffer[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    /// Year, month and day of the proleptic Gregorian calendar for days since 1970-01-01.
    ///
    /// Counts in 400-year eras starting on 1 March, so that the leap day is the last day of a
    /// counted year and month lengths follow a fixed 153-day pattern per five months.
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468  // days from 0000-03-01
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097  // 0 ... 146096
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365  // 0 ... 399
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // 0 ... 365, from 1 March
        let monthIndex = (5 * dayOfYear + 2) / 153  // 0 = March ... 11 = February
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
