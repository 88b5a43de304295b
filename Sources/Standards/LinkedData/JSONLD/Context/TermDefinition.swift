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
    /// Names `localContext` for the scoped-context cache, so a lookup hashes a number instead of
    /// the whole context object.
    var localContextID = ScopedContextID()
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

/// A number that names one scoped context value for the cache. Two term definitions are the same
/// definition whatever their numbers (the protected-term check compares definitions made from
/// the same JSON at different times), so every `ScopedContextID` equals every other.
struct ScopedContextID: Sendable, Equatable {
    let value: UInt64 = ActiveContext.newIdentity()

    static func == (lhs: ScopedContextID, rhs: ScopedContextID) -> Bool { true }
}
