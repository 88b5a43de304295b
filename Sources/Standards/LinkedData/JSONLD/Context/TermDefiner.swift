import JSONCanonical

/// Create Term Definition (JSON-LD 1.1 API, 4.2) for the terms of one local context.
struct TermDefiner {
    let processor: ContextProcessor
    let local: JSONObject
    var active: ActiveContext
    let baseURL: String?
    let remoteDepth: Int
    let overrideProtected: Bool
    /// Term → finished (`true`) or in progress (`false`), to detect cycles.
    var defined: [String: Bool] = [:]
    var defaultProtected: Bool { local["@protected"]?.boolValue ?? false }

    init(
        processor: ContextProcessor, local: JSONObject, active: ActiveContext, baseURL: String?,
        remoteDepth: Int, overrideProtected: Bool
    ) {
        self.processor = processor
        self.local = local
        self.active = active
        self.baseURL = baseURL
        self.remoteDepth = remoteDepth
        self.overrideProtected = overrideProtected
    }

    /// IRI expansion that first defines terms of the local context it depends on.
    mutating func expandIRI(_ value: String, vocab: Bool = false, documentRelative: Bool = false) throws(JSONLDError) -> String? {
        if local.contains(value), defined[value] != true, !Keyword.isKeyword(value) { try define(value) }
        if let colon = value.utf8.dropFirst().firstIndex(of: 0x3A) {
            let prefix = String(value[..<colon])
            let isAbsolute = prefix == "_" || value[value.index(after: colon)...].hasPrefix("//")
            if !isAbsolute, local.contains(prefix), defined[prefix] != true { try define(prefix) }
        }
        return active.expandIRI(value, vocab: vocab, documentRelative: documentRelative)
    }

    func invalid(_ term: String, _ detail: String) -> JSONLDError {
        .invalidContext(code: "invalid term definition", detail: "term \"\(term)\": \(detail)")
    }

    /// Create Term Definition for `term` of the local context, after the terms it depends on.
    mutating func define(_ term: String) throws(JSONLDError) {
        if let state = defined[term] {
            if state { return }
            throw .invalidContext(code: "cyclic IRI mapping", detail: "term \"\(term)\" depends on itself")
        }
        guard !term.isEmpty else { throw invalid(term, "the empty string is not a term") }
        defined[term] = false
        let value = local[term] ?? .null
        guard try acceptsTermName(term, value: value) else {
            defined[term] = true
            return
        }
        let previous = active.terms.removeValue(forKey: term)
        let (object, simpleTerm) = try normalized(term, value)
        var definition = TermDefinition()
        definition.isProtected = try protectedFlag(term, object)
        definition.typeMapping = try typeMapping(term, object)
        if let reverse = object["@reverse"] {
            guard try mapReverse(term, reverse, object: object, into: &definition) else {
                defined[term] = true
                return
            }
        } else {
            guard try mapIRI(term, object: object, simpleTerm: simpleTerm, into: &definition) else {
                defined[term] = true
                return
            }
            try applyEntries(term, object: object, into: &definition)
        }
        try finish(term, definition, previous: previous)
    }

    /// Steps 27–28: protected terms keep their definition; identical redefinitions are allowed.
    private mutating func finish(_ term: String, _ definition: TermDefinition, previous: TermDefinition?) throws(JSONLDError) {
        var final = definition
        if !overrideProtected, let previous, previous.isProtected {
            guard definition.sameDefinition(as: previous) else { throw .protectedTermRedefinition(term: term) }
            final = previous
        }
        active.terms[term] = final
        defined[term] = true
    }
}
