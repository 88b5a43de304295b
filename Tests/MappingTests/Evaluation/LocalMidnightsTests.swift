import Foundation
import Testing
@testable import Mapping

/// A profile's remembered midnights give what the zone gives, across offset changes, and are
/// remembered: the second widening of a date does not ask the zone again.
@Suite("Evaluation: remembered local midnights")
struct LocalMidnightsTests {
    /// Zones with summer time, one whose changes fell at midnight (São Paulo until 2019: that
    /// midnight did not exist), one east of UTC by a half hour, and UTC.
    private static let zones = ["Europe/Amsterdam", "America/Sao_Paulo", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]

    @Test("every date of 2017–2020 in six zones: the same instant and offset as the zone's own answer, asked once or twice")
    func sameAsZone() throws {
        for name in Self.zones {
            let zone = try #require(TimeZone(identifier: name))
            let midnights = LocalMidnights(zone)
            let first = try #require(CalendarDate(parsing: "2017-01-01")).daysSinceEpoch
            for day in first..<(first + 4 * 366) {
                let date = CalendarDate(daysSinceEpoch: day)
                let reference = DateTimeValue(startOf: date, in: zone)
                #expect(midnights.startOf(date) == reference, "\(name) \(date)")
                #expect(midnights.startOf(date) == reference, "\(name) \(date), remembered")
            }
            #expect(midnights.count == 4 * 366, "\(name): each date kept once")
        }
    }

    @Test("the store is bounded: past its capacity it starts again")
    func bounded() throws {
        let midnights = LocalMidnights(try #require(TimeZone(identifier: "Europe/Amsterdam")))
        for day in 0..<(LocalMidnights.capacity + 10) { _ = midnights.startOf(CalendarDate(daysSinceEpoch: day)) }
        #expect(midnights.count == 10)
    }

    @Test("a profile's midnights follow its time zone, and widening a date with it keeps the date")
    func followsProfileZone() throws {
        let set = try ProfileLoader.load(sources: [("t.yaml", profileText(value: "{{ dateTime(issueDate) }}"))])
        var profile = try #require(set.profiles.first)
        #expect(profile.midnights.timeZone.identifier == "Europe/Amsterdam")
        profile.timeZone = try #require(TimeZone(identifier: "America/New_York"))
        #expect(profile.midnights.timeZone.identifier == "America/New_York")
        let rendered = try profile.render(sampleCredential, issuer: "did:web:issuer.example", now: fixedNow)
        #expect(rendered["credentialSubject"]?["v"]?.stringValue == "2024-02-29T00:00:00-05:00")
        #expect(profile.midnights.count == 1)
        // A zone given in the call is not the profile's: its midnights are not kept there.
        let other = try ProfileLoader.load(sources: [("t.yaml", profileText(value: #"{{ dateTime(issueDate, "UTC") }}"#))])
        let utc = try #require(other.profiles.first)
        // validFrom widens issueDate in the profile's zone: one date kept, not two.
        _ = try utc.render(sampleCredential, issuer: "did:web:issuer.example", now: fixedNow)
        #expect(utc.midnights.count == 1)
    }
}
