import Foundation

/// An instant with the UTC offset it is shown in: `2024-05-01T00:00:00+02:00` or `...Z`.
public struct DateTimeValue: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var epochSeconds: Int
    /// The offset from UTC the value is written in, in seconds.
    public var offsetSeconds: Int

    /// Creates a value.
    public init(epochSeconds: Int, offsetSeconds: Int = 0) {
        self.epochSeconds = epochSeconds
        self.offsetSeconds = offsetSeconds
    }

    /// The instant of a `Date`, shown in UTC; fractions of a second are dropped (XML Schema allows them, wallets differ).
    public init(_ date: Date) {
        self.init(epochSeconds: Int(date.timeIntervalSince1970.rounded(.down)))
    }

    /// Midnight at the start of `date` in `timeZone`: the explicit widening of a Certifier date.
    public init(startOf date: CalendarDate, in timeZone: TimeZone) {
        let localMidnight = date.daysSinceEpoch * 86_400
        // The offset that applies at that local midnight: first guess at the UTC instant, then refine once.
        let guess = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(localMidnight)))
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(localMidnight - guess)))
        self.init(startOf: date, offsetSeconds: offset)
    }

    /// Midnight at the start of `date` where the offset in force then is `offsetSeconds`.
    init(startOf date: CalendarDate, offsetSeconds: Int) {
        self.init(epochSeconds: date.daysSinceEpoch * 86_400 - offsetSeconds, offsetSeconds: offsetSeconds)
    }

    /// Parses an XML Schema date-time with a zone (`2022-01-01T00:00:00.000Z`, `...+01:00`).
    public init?(parsing text: String) {
        guard let value = text.withUTF8Bytes(DateText.parseDateTime) else { return nil }
        self = value
    }

    /// The local calendar date and seconds into that day, in this value's offset.
    public var localParts: (date: CalendarDate, secondOfDay: Int) {
        let local = epochSeconds + offsetSeconds
        let days = Int((Double(local) / 86_400).rounded(.down))
        return (CalendarDate(daysSinceEpoch: days), local - days * 86_400)
    }

    /// The same instant shown in another time zone.
    public func converted(to timeZone: TimeZone) -> DateTimeValue {
        DateTimeValue(epochSeconds: epochSeconds, offsetSeconds: timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(epochSeconds))))
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` or with `+HH:MM`.
    public var description: String { DateText.format(self) ?? referenceDescription }

    /// The interpolated form: the reference for `description`, and its fallback for values it cannot write.
    var referenceDescription: String {
        let (date, second) = localParts
        return "\(date.referenceDescription)T\(pad(second / 3600, 2)):\(pad(second / 60 % 60, 2)):\(pad(second % 60, 2))\(zoneSuffix)"
    }

    /// `Z` for UTC, else `+HH:MM` / `-HH:MM`.
    var zoneSuffix: String {
        guard offsetSeconds != 0 else { return "Z" }
        let magnitude = abs(offsetSeconds)
        return (offsetSeconds < 0 ? "-" : "+") + pad(magnitude / 3600, 2) + ":" + pad(magnitude / 60 % 60, 2)
    }

    /// Chronological order of the instants.
    public static func < (lhs: DateTimeValue, rhs: DateTimeValue) -> Bool { lhs.epochSeconds < rhs.epochSeconds }
}
