import JSONCanonical

/// JSON-LD keywords.
enum Keyword {
    static let all: Set<String> = [
        "@base", "@container", "@context", "@default", "@direction", "@embed", "@explicit", "@graph", "@id",
        "@import", "@included", "@index", "@json", "@language", "@list", "@nest", "@none", "@omitDefault",
        "@prefix", "@preserve", "@propagate", "@protected", "@requireAll", "@reverse", "@set", "@type",
        "@value", "@version", "@vocab",
    ]

    /// Whether `value` is a keyword. Most strings asked about are terms and IRIs, which fail on
    /// their first byte without being hashed.
    static func isKeyword(_ value: String) -> Bool {
        value.utf8.first == 0x40 && all.contains(value)
    }

    /// `@` followed by ASCII letters only: reserved for future keywords and ignored.
    static func hasKeywordForm(_ value: String) -> Bool {
        let bytes = value.utf8
        guard bytes.count > 1, bytes.first == 0x40 else { return false }
        return bytes.dropFirst().allSatisfy { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    }
}

extension JSONValue {
    /// The value as an array: arrays as they are, anything else wrapped.
    var asArray: [JSONValue] {
        if case .array(let elements) = self { return elements }
        return [self]
    }
}
