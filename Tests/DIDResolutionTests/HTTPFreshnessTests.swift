@testable import DIDResolution
import Foundation
import NIOHTTP1
import Testing

/// Freshness from caching headers, the default and the ceiling.
@Suite struct HTTPFreshnessTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func freshness(_ headers: [(String, String)]) -> HTTPFreshness {
        HTTPFreshness.of(HTTPHeaders(headers), now: now, defaultSeconds: 300, ceilingSeconds: 3600)
    }

    @Test func readsTheDirectives() {
        #expect(freshness([]) == HTTPFreshness(storable: true, seconds: 300, mustRevalidate: false))
        #expect(freshness([("Cache-Control", "max-age=60")]).seconds == 60)
        #expect(freshness([("Cache-Control", "max-age=60, s-maxage=120")]).seconds == 120)
        #expect(freshness([("Cache-Control", "max-age=86400")]).seconds == 3600)
        #expect(freshness([("Cache-Control", "no-cache, max-age=600")]).seconds == 0)
        #expect(freshness([("Cache-Control", "no-store")]).storable == false)
        #expect(freshness([("Cache-Control", "max-age=60, must-revalidate")]).mustRevalidate)
        #expect(freshness([("Cache-Control", "max-age=60"), ("Age", "45")]).seconds == 15)
        #expect(freshness([("Cache-Control", "max-age=60"), ("Age", "100")]).seconds == 0)
        #expect(freshness([("Cache-Control", "max-age=\"90\"")]).seconds == 90)
        #expect(freshness([("Cache-Control", "max-age=-5")]).seconds == 300)
    }

    @Test func readsExpiresAgainstDate() {
        let date = "Tue, 14 Nov 2023 22:13:20 GMT"
        #expect(freshness([("Date", date), ("Expires", "Tue, 14 Nov 2023 22:23:20 GMT")]).seconds == 600)
        #expect(freshness([("Expires", "not a date")]).seconds == 0)
        #expect(freshness([("Cache-Control", "max-age=30"), ("Expires", "Tue, 14 Nov 2023 22:23:20 GMT")]).seconds == 30)
    }
}
