import Credentials
import Foundation
import Testing

/// `ProofDate.isDateTime` is a hand-written scanner (a regex was too slow for every proof);
/// these tests hold it to the XML Schema dateTime pattern the regex expressed.
@Suite struct ProofDateTests {
    /// The pattern of XML Schema dateTime with a mandatory time zone, ASCII digits only.
    static func matchesPattern(_ text: String) -> Bool {
        text.wholeMatch(of: #/[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])/#) != nil
    }

    @Test(arguments: [
        "2024-01-31T12:00:00Z", "1999-12-31T23:59:60Z", "2024-05-01T00:00:00.123456Z",
        "2024-05-01T12:00:00+02:00", "2024-05-01T12:00:00-23:59", "0000-01-01T00:00:00.5+00:00",
    ])
    func acceptsDateTimes(_ text: String) {
        #expect(ProofDate.isDateTime(text))
    }

    @Test(arguments: [
        "", "2024-01-31", "2024-01-31T12:00:00", "2024-01-31 12:00:00Z", "2024-13-01T12:00:00Z",
        "2024-00-01T12:00:00Z", "2024-01-32T12:00:00Z", "2024-01-00T12:00:00Z", "2024-01-31T24:00:00Z",
        "2024-01-31T12:60:00Z", "2024-01-31T12:00:61Z", "2024-01-31T12:00:00.Z", "2024-01-31T12:00:00+2:00",
        "2024-01-31T12:00:00+24:00", "2024-01-31T12:00:00+02:60", "2024-01-31T12:00:00Zjunk",
        "24-01-31T12:00:00Z", "2024-1-31T12:00:00Z", "2024-01-31t12:00:00z", "٢٠٢٤-01-31T12:00:00Z",
    ])
    func rejectsOtherText(_ text: String) {
        #expect(!ProofDate.isDateTime(text))
    }

    /// Every single-character deletion, duplication and substitution of valid dates agrees with the pattern.
    @Test func agreesWithThePatternOnEveryOneCharacterEdit() {
        let seeds = ["2024-01-31T12:00:00Z", "2024-11-30T23:59:60.25+05:30", "1970-10-19T09:45:07-00:00"]
        let replacements: [Character] = ["0", "1", "2", "3", "5", "6", "9", "-", "+", ":", ".", "T", "Z", "a"]
        var checked = 0
        for seed in seeds {
            let characters = Array(seed)
            for index in characters.indices {
                var variants: [[Character]] = []
                var deleted = characters
                deleted.remove(at: index)
                variants.append(deleted)
                var duplicated = characters
                duplicated.insert(characters[index], at: index)
                variants.append(duplicated)
                for replacement in replacements {
                    var replaced = characters
                    replaced[index] = replacement
                    variants.append(replaced)
                }
                for variant in variants {
                    let text = String(variant)
                    #expect(ProofDate.isDateTime(text) == Self.matchesPattern(text), "\(text)")
                    checked += 1
                }
            }
        }
        #expect(checked > 1_000)
    }

    @Test func formatsUTCWholeSeconds() {
        #expect(ProofDate.format(Date(timeIntervalSince1970: 1_700_000_000.75)) == "2023-11-14T22:13:20Z")
        #expect(ProofDate.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    }
}
