@testable import Credentials
import Foundation
import Testing

/// `ProofDate.format` writes `created` by civil-from-days arithmetic instead of Foundation's
/// ISO 8601 style; these tests hold the two to the same text wherever the arithmetic answers.
@Suite struct UTCTimestampTests {
    /// The fast path and Foundation agree on `seconds` (plus `fraction`).
    static func agree(_ seconds: Int64, fraction: Double = 0) -> Bool {
        let date = Date(timeIntervalSince1970: Double(seconds) + fraction)
        return ProofDate.format(date) == ProofDate.foundationFormat(date)
    }

    @Test func agreesOnEveryDayOfLeapAndCenturyYears() {
        // 1600 and 2000 are leap years, 1700, 1900 and 2100 are not; 2024 and 2400 are.
        var checked = 0
        for year in [1583, 1600, 1700, 1899, 1900, 1969, 1970, 2000, 2023, 2024, 2100, 2400, 9999] {
            var components = DateComponents(timeZone: TimeZone(identifier: "UTC"), year: year, month: 1, day: 1)
            components.calendar = Calendar(identifier: .gregorian)
            guard let start = components.date else {
                Issue.record("no date for \(year)")
                continue
            }
            let first = Int64(start.timeIntervalSince1970)
            for day in 0..<366 {
                let second = first + Int64(day) * 86_400 + Int64(day * 3_671 % 86_400)
                guard second <= UTCTimestamp.lastSecond else { break }
                #expect(Self.agree(second), "\(second)")
                checked += 1
            }
        }
        #expect(checked > 4_000)
    }

    @Test func agreesOnRandomSecondsOverTheWholeRange() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let second = Int64.random(in: UTCTimestamp.firstSecond...UTCTimestamp.lastSecond, using: &generator)
            #expect(Self.agree(second), "\(second)")
            // The signer skips the dateTime check for this path's text, so every text must pass it.
            let (text, isDateTime) = ProofDate.formatNoting(Date(timeIntervalSince1970: Double(second)))
            #expect(isDateTime && ProofDate.isDateTime(text), "\(text)")
        }
    }

    @Test func roundsFractionsDownLikeFoundation() {
        var generator = SystemRandomNumberGenerator()
        let fractions: [Double] = [0.25, 0.5, 0.75, 0.999, 0.999_999, 1e-6, -1e-6, -0.25, -0.5, -0.999]
        for _ in 0..<2_000 {
            let second = Int64.random(in: -3_000_000_000...5_000_000_000, using: &generator)
            for fraction in fractions { #expect(Self.agree(second, fraction: fraction), "\(second) + \(fraction)") }
        }
        for fraction in fractions { #expect(Self.agree(0, fraction: fraction), "0 + \(fraction)") }
    }

    @Test func agreesAtTheEdgesOfTheArithmeticRangeAndBeyond() {
        let edges: [Int64] = [
            UTCTimestamp.firstSecond - 86_400, UTCTimestamp.firstSecond - 1, UTCTimestamp.firstSecond,
            UTCTimestamp.firstSecond + 1, -1, 0, 1, 951_782_399, 951_782_400, 4_107_542_400,
            UTCTimestamp.lastSecond - 1, UTCTimestamp.lastSecond, UTCTimestamp.lastSecond + 1, 1_000_000_000_000,
            -62_135_596_800, -100_000_000_000,
        ]
        for second in edges { #expect(Self.agree(second), "\(second)") }
        #expect(UTCTimestamp.format(seconds: UTCTimestamp.firstSecond) == "1582-10-15T00:00:00Z")
        #expect(UTCTimestamp.format(seconds: UTCTimestamp.lastSecond) == "9999-12-31T23:59:59Z")
        #expect(UTCTimestamp.format(seconds: UTCTimestamp.firstSecond - 1) == nil)
        #expect(UTCTimestamp.format(seconds: UTCTimestamp.lastSecond + 1) == nil)
    }

    @Test func leavesNonFiniteAndJulianDatesToFoundation() {
        #expect(UTCTimestamp.seconds(of: Date(timeIntervalSinceReferenceDate: .nan)) == nil)
        #expect(UTCTimestamp.seconds(of: Date(timeIntervalSinceReferenceDate: .infinity)) == nil)
        #expect(UTCTimestamp.seconds(of: .distantPast) == nil)
        #expect(ProofDate.format(.distantPast) == ProofDate.foundationFormat(.distantPast))
        #expect(ProofDate.format(.distantFuture) == ProofDate.foundationFormat(.distantFuture))
    }
}
