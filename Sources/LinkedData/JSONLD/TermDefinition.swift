import JSONCanonical

/// A term's meaning in an active context (JSON-LD 1.1 API, 4.1 "term definition").
struct TermDefinition: Sendable, Equatable {
    /// The IRI or keyword the term expands to; `nil` for a term explicitly mapped to `null`.
    var iri: String?
    /// Whether the term may be used as the prefix of a compact IRI.
    var isPrefix = false
    /// Whether later contexts may not redefine the term.
    var isProtected = false
    /// Whether the term is a reverse property.
    var isReverse = false
    /// `@id`, `@vocab`, `@json`, `@none` or a datatype IRI.
    var typeMapping: String?
    /// Container keywords (`@list`, `@set`, `@graph`, `@index`, `@id`, `@type`, `@language`).
    var container: Set<String> = []
    /// Language of string values: `.some(nil)` is an explicit `null`, `nil` means unset.
    var language: String??
    /// Property-scoped or type-scoped context.
    var localContext: JSONValue?
    /// The URL the scoped context is relative to.
    var baseURL: String?
    /// `@index` property for property-based index maps.
    var indexMapping: String?
    /// `@nest` value.
    var nestValue: String?

    /// Equality for the protected-term check, which ignores the `protected` flag itself.
    func sameDefinition(as other: TermDefinition) -> Bool {
        var lhs = self
        var rhs = other
        lhs.isProtected = false
        rhs.isProtected = false
        return lhs == rhs
    }
}

/// The context in force at a point of a document (JSON-LD 1.1 API, 4.1).
struct ActiveContext: Sendable {
    var terms: [String: TermDefinition] = [:]
    var base: String?
    var originalBase: String?
    var vocab: String?
    var defaultLanguage: String?
    /// The context to return to where a non-propagating (type-scoped) context ends; an array
    /// only to give the recursive value storage.
    var previousContextStorage: [ActiveContext] = []

    var previousContext: ActiveContext? {
        get { previousContextStorage.first }
        set { previousContextStorage = newValue.map { [$0] } ?? [] }
    }

    init(base: String?) {
        self.base = base
        originalBase = base
    }
}

/// JSON-LD keywords.
enum Keyword {
    static let all: Set<String> = [
        "@base", "@container", "@context", "@default", "@direction", "@embed", "@explicit", "@graph", "@id",
        "@import", "@included", "@index", "@json", "@language", "@list", "@nest", "@none", "@omitDefault",
        "@prefix", "@preserve", "@propagate", "@protected", "@requireAll", "@reverse", "@set", "@type",
        "@value", "@version", "@vocab",
    ]

    static func isKeyword(_ value: String) -> Bool { all.contains(value) }

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
