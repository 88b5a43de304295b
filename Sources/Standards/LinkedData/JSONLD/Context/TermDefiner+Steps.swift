import JSONCanonical

/// The steps of Create Term Definition (JSON-LD 1.1 API, 4.2.2), one concern each.
extension TermDefiner {
    /// Steps 4–5: `@type` may only be made a set; keywords cannot be redefined; keyword-like
    /// terms are ignored (`false`).
    func acceptsTermName(_ term: String, value: JSONValue) throws(JSONLDError) -> Bool {
        if term == "@type" {
            guard case .object(let object) = value, !object.isEmpty,
                  object.keys.allSatisfy({ $0 == "@container" || $0 == "@protected" }),
                  object["@container"] == nil || object["@container"] == .string("@set")
            else { throw .invalidContext(code: "keyword redefinition", detail: "@type may only be given @container @set") }
            return true
        }
        if Keyword.isKeyword(term) {
            throw .invalidContext(code: "keyword redefinition", detail: "\(term) cannot be redefined")
        }
        return !Keyword.hasKeywordForm(term)
    }

    /// Steps 7–9: the definition as an object, and whether it was a simple string.
    func normalized(_ term: String, _ value: JSONValue) throws(JSONLDError) -> (JSONObject, simpleTerm: Bool) {
        switch value {
        case .null: return (["@id": .null], false)
        case .string(let iri): return (["@id": .string(iri)], true)
        case .object(let given): return (given, false)
        default: throw invalid(term, "a definition must be a string, an object or null")
        }
    }

    /// Step 11: `@protected`, else the context's default.
    func protectedFlag(_ term: String, _ object: JSONObject) throws(JSONLDError) -> Bool {
        guard let protected = object["@protected"] else { return defaultProtected }
        guard case .bool(let flag) = protected else { throw invalid(term, "@protected must be a boolean") }
        return flag
    }

    /// Step 12: `@type` coercion.
    mutating func typeMapping(_ term: String, _ object: JSONObject) throws(JSONLDError) -> String? {
        guard let type = object["@type"] else { return nil }
        guard case .string(let typeValue) = type, let expanded = try expandIRI(typeValue, vocab: true) else {
            throw .invalidContext(code: "invalid type mapping", detail: "term \"\(term)\": @type must be a string")
        }
        guard ["@id", "@json", "@none", "@vocab"].contains(expanded) || IRIReference.hasScheme(expanded) else {
            throw .invalidContext(code: "invalid type mapping", detail: "term \"\(term)\": @type \"\(typeValue)\" is not an IRI")
        }
        return expanded
    }

    /// Step 13: a reverse property; `false` for a keyword-like `@reverse` (term ignored).
    mutating func mapReverse(
        _ term: String, _ reverse: JSONValue, object: JSONObject, into definition: inout TermDefinition
    ) throws(JSONLDError) -> Bool {
        guard object["@id"] == nil, object["@nest"] == nil else {
            throw .invalidContext(code: "invalid reverse property", detail: "term \"\(term)\": @reverse with @id or @nest")
        }
        guard case .string(let reverseValue) = reverse else {
            throw .invalidContext(code: "invalid IRI mapping", detail: "term \"\(term)\": @reverse must be a string")
        }
        if Keyword.hasKeywordForm(reverseValue) { return false }
        guard let iri = try expandIRI(reverseValue, vocab: true), iri.containsASCII(":") else {
            throw .invalidContext(code: "invalid IRI mapping", detail: "term \"\(term)\": @reverse is not an IRI")
        }
        definition.iri = iri
        if let container = object["@container"] {
            guard container == .null || container == .string("@set") || container == .string("@index") else {
                throw .invalidContext(code: "invalid reverse property", detail: "term \"\(term)\": container must be @set or @index")
            }
            if case .string(let keyword) = container { definition.container = [keyword] }
        }
        definition.isReverse = true
        return true
    }

    /// Steps 14–19: the IRI the term stands for; `false` for a keyword-like `@id` (term ignored).
    mutating func mapIRI(
        _ term: String, object: JSONObject, simpleTerm: Bool, into definition: inout TermDefinition
    ) throws(JSONLDError) -> Bool {
        if let id = object["@id"], id != .string(term) {
            switch id {
            case .null:
                definition.iri = nil
            case .string(let idValue):
                if !Keyword.isKeyword(idValue) && Keyword.hasKeywordForm(idValue) { return false }
                definition.iri = try explicitIRI(term, idValue, simpleTerm: simpleTerm, prefix: &definition.isPrefix)
            default:
                throw .invalidContext(code: "invalid IRI mapping", detail: "term \"\(term)\": @id must be a string or null")
            }
        } else if let colon = term.utf8.dropFirst().firstIndex(of: 0x3A) {
            let prefix = String(term[..<colon])
            let suffix = String(term[term.index(after: colon)...])
            if local.contains(prefix) { try define(prefix) }
            if let prefixIRI = active.terms[prefix]?.iri {
                definition.iri = prefixIRI + suffix
            } else {
                definition.iri = term
            }
        } else if term.containsASCII("/") {
            // Step 16: IRI expansion of the term itself, against the active context only (the
            // local context would define the term again: a cycle that is not there).
            guard let iri = active.expandIRI(term, vocab: true), IRIReference.hasScheme(iri) else {
                throw .invalidContext(code: "invalid IRI mapping", detail: "term \"\(term)\" is a relative IRI")
            }
            definition.iri = iri
        } else if term == "@type" {
            definition.iri = "@type"
        } else {
            guard let vocab = active.vocab else {
                throw .invalidContext(code: "invalid IRI mapping", detail: "term \"\(term)\" has no @id and there is no @vocab")
            }
            definition.iri = vocab + term
        }
        return true
    }

    /// Step 15: an explicit `@id`; an IRI-looking term must expand to it; simple terms ending
    /// in a gen-delim become prefixes.
    private mutating func explicitIRI(
        _ term: String, _ idValue: String, simpleTerm: Bool, prefix: inout Bool
    ) throws(JSONLDError) -> String {
        guard let iri = try expandIRI(idValue, vocab: true), Keyword.isKeyword(iri) || iri.containsASCII(":") else {
            throw .invalidContext(code: "invalid IRI mapping", detail: "term \"\(term)\": @id \"\(idValue)\" is not an IRI")
        }
        if iri == "@context" {
            throw .invalidContext(code: "invalid keyword alias", detail: "term \"\(term)\" aliases @context")
        }
        if term.dropFirst().dropLast().containsASCII(":") || term.containsASCII("/") {
            defined[term] = true
            guard try expandIRI(term, vocab: true) == iri else {
                throw .invalidContext(code: "invalid IRI mapping", detail: "term \"\(term)\" looks like an IRI but maps to \(iri)")
            }
        }
        if !term.containsASCII(":") && !term.containsASCII("/") && simpleTerm,
           iri.hasPrefix("_:") || [":", "/", "?", "#", "[", "]", "@"].contains(iri.last) {
            prefix = true
        }
        return iri
    }

    /// Steps 20–27: container, index, scoped context, language, nest, prefix; no other keys.
    mutating func applyEntries(_ term: String, object: JSONObject, into definition: inout TermDefinition) throws(JSONLDError) {
        if let container = object["@container"] {
            definition.container = try containerMapping(term, container, typeMapping: &definition.typeMapping)
        }
        if let index = object["@index"] {
            guard definition.container.contains("@index"), case .string(let indexValue) = index,
                  !Keyword.isKeyword(try expandIRI(indexValue, vocab: true) ?? indexValue)
            else { throw invalid(term, "@index needs an @index container and a string that is not a keyword") }
            definition.indexMapping = indexValue
        }
        if let scoped = object["@context"] {
            // Contexts written in the document are validated where they are defined; those of
            // remote (bundled or configured) contexts when they are applied, which keeps
            // processing of the large VC contexts cheap.
            if remoteDepth == 0 {
                do {
                    _ = try processor.process(
                        active, local: scoped, baseURL: baseURL, remoteDepth: remoteDepth, overrideProtected: true)
                } catch {
                    // Step 21.3: any error in the scoped context is an invalid scoped context.
                    throw .invalidContext(code: "invalid scoped context", detail: "term \"\(term)\": \(error)")
                }
            }
            definition.localContext = scoped
            definition.localContextID = ScopedContextID()
            definition.baseURL = baseURL
        }
        if let language = object["@language"], object["@type"] == nil {
            switch language {
            case .null: definition.language = .some(nil)
            case .string(let tag): definition.language = .some(tag.lowercased())
            default: throw .invalidContext(code: "invalid language mapping", detail: "term \"\(term)\": @language")
            }
        }
        if let nest = object["@nest"] {
            guard case .string(let nestValue) = nest, !Keyword.isKeyword(nestValue) || nestValue == "@nest" else {
                throw .invalidContext(code: "invalid @nest value", detail: "term \"\(term)\"")
            }
            definition.nestValue = nestValue
        }
        if let prefix = object["@prefix"] {
            guard !term.containsASCII(":"), !term.containsASCII("/") else {
                throw .invalidContext(code: "invalid term definition", detail: "term \"\(term)\": @prefix on a compact or relative IRI")
            }
            guard case .bool(let flag) = prefix else {
                throw .invalidContext(code: "invalid @prefix value", detail: "term \"\(term)\": @prefix must be true or false")
            }
            definition.isPrefix = flag
            if flag, let iri = definition.iri, Keyword.isKeyword(iri) {
                throw invalid(term, "a keyword alias cannot be a prefix")
            }
        }
        for key in object.keys where !Self.allowedKeys.contains(key) {
            throw invalid(term, "unknown key \(key)")
        }
    }

    static let allowedKeys: Set<String> = [
        "@id", "@reverse", "@container", "@context", "@direction", "@index", "@language", "@nest", "@prefix",
        "@protected", "@type",
    ]

    /// Step 20: the container keywords; `@type` containers default the type mapping to `@id`.
    private func containerMapping(_ term: String, _ container: JSONValue, typeMapping: inout String?) throws(JSONLDError) -> Set<String> {
        let allowed: Set<String> = ["@graph", "@id", "@index", "@language", "@list", "@set", "@type"]
        var values: Set<String> = []
        for entry in container.asArray {
            guard case .string(let keyword) = entry, allowed.contains(keyword) else {
                throw .invalidContext(code: "invalid container mapping", detail: "term \"\(term)\": bad @container")
            }
            values.insert(keyword)
        }
        if values.contains("@type") {
            if typeMapping == nil { typeMapping = "@id" }
            guard typeMapping == "@id" || typeMapping == "@vocab" else {
                throw .invalidContext(code: "invalid type mapping", detail: "term \"\(term)\": @type container needs @type @id or @vocab")
            }
        }
        return values
    }
}
