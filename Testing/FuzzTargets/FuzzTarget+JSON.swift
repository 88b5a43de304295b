import JSONCanonical

extension FuzzTargets {
    /// The JSON parser and the JCS (RFC 8785) writer: what parses has a canonical form that
    /// reparses to the same value and is a fixed point; the compact and pretty forms reparse too.
    static let json = FuzzTarget(
        "json", "JSONParser, then JCS: canonical output reparses to the same value; canonicalising twice is a fixed point"
    ) { input throws(FuzzFinding) in
        guard let value = try? JSONParser().parse(input) else { return }
        try expectRoundTrip(value, target: "json")
    }

    /// The writer's properties for one value: canonical, compact and pretty text reparse to it,
    /// and the canonical bytes of the reparsed value are the same bytes.
    static func expectRoundTrip(_ value: JSONValue, target: String) throws(FuzzFinding) {
        let canonical = value.canonicalBytes
        let reparsed: JSONValue
        do {
            reparsed = try JSONParser().parse(canonical)
        } catch {
            throw FuzzFinding(target: target, property: "the canonical form does not parse (\(error)): \(String(decoding: canonical, as: UTF8.self).prefix(200))")
        }
        try expect(reparsed == value, target, "the canonical form reparses to a different value: \(String(decoding: canonical, as: UTF8.self).prefix(200))")
        try expect(reparsed.canonicalBytes == canonical, target, "canonicalising twice changes the bytes: \(String(decoding: canonical, as: UTF8.self).prefix(200))")
        for (style, text) in [("compact", value.compactString), ("pretty", value.prettyString)] {
            let again = try? JSONParser().parse(text)
            try expect(again == value, target, "the \(style) form does not reparse to the same value: \(text.prefix(200))")
        }
    }
}
