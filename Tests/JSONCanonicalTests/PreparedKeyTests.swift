import JSONCanonical
import TestSupport
import Testing

/// A prepared key skips comparisons by length and prefix; it must find exactly what the
/// subscript finds, and match exactly what `==` matches, canonical equivalents included.
@Suite("JSONObject.PreparedKey")
struct PreparedKeyTests {
    static let keys = [
        "id", "K", "\u{212A}", "é", "e\u{301}", "a;b", "a\u{037E}b", "`", "\u{1FEF}", "status", "statu", "",
        "customAttributes", "customAttributez", "customAttr", "\u{212A}ustomAttributes", "Kustomattributes",
        // ASCII keys over eight bytes with the same first eight, which only a full comparison
        // tells apart: differences in the ninth byte, in the middle and at the end.
        "customAtt", "customAtu", "customAtXributes", "customAttributes.did", "customAtt_ibutes.did", "customAttributes.dix",
        "credentialSubject", "credentialSubjecT", "credentialSubject.id",
    ]

    @Test("lookups and matches agree with the subscript and String == on generated objects")
    func agreesWithSubscriptAndEquality() {
        var generator = SeededGenerator(seed: 41)
        for _ in 0..<2_000 {
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...7, using: &generator) {
                object[Self.keys.randomElement(using: &generator) ?? "id"] = .number(Double(Int.random(in: 0...9, using: &generator)))
            }
            for key in Self.keys {
                let prepared = JSONObject.PreparedKey(key)
                #expect(object[prepared] == object[key], "\(key) in \(object.keys)")
                for other in Self.keys { #expect(prepared.matches(other) == (other == key), "\(key) \(other)") }
            }
        }
    }
}
