import Foundation
import Synchronization

/// The start of each calendar date in one time zone, remembered once worked out.
///
/// Widening a Certifier date (`dateTime(issueDate)`) asks the zone for its UTC offset twice, and
/// each answer goes through ICU; a stream of credentials carries the same few dates again and
/// again. The offset at a local midnight depends only on the zone's rules and the date, so it
/// is kept per date. A profile holds one for its `timezone`, shared by every copy and thread.
final class LocalMidnights: Sendable {
    /// The zone.
    let timeZone: TimeZone

    /// Days since 1970-01-01 → the offset in force at that local midnight, in seconds.
    private let offsets = Mutex<[Int: Int]>([:])

    /// Bound on the dates kept; when full it starts again (eleven years of distinct dates).
    static let capacity = 4_096

    /// Midnights in `timeZone`.
    init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// Midnight at the start of `date`: what `DateTimeValue(startOf:in:)` gives for this zone.
    func startOf(_ date: CalendarDate) -> DateTimeValue {
        let day = date.daysSinceEpoch
        if let offset = offsets.withLock({ $0[day] }) {
            return DateTimeValue(startOf: date, offsetSeconds: offset)
        }
        let value = DateTimeValue(startOf: date, in: timeZone)
        offsets.withLock { offsets in
            if offsets.count >= Self.capacity { offsets.removeAll() }
            offsets[day] = value.offsetSeconds
        }
        return value
    }

    /// How many dates are kept; for tests.
    var count: Int { offsets.withLock { $0.count } }
}
