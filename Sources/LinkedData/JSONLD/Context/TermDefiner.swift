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

    private func invalid(_ term: String, _ detail: String) -> JSONLDError {
        .invalidContext(code: "invalid term definition", detail: "term \"\(term)\": \(detail)")
    }

    mutating func define(_ term: String) throws(JSONLDError) {
        if let state = defined[term] {
            if state { return }
            throw .invalidContext(code: "cyclic IRI mapping", detail: "term \"\(term)\" depends on itself")
        }
        guard !term.isEmpty else { throw invalid(term, "the empty string is not a term") }
        defined[term] = false
        let value = local[term] ?? .null

        if term == "@type" {
            guard case .object(let object) = value, !object.isEmpty,
                  object.keys.allSatisfy({ $0 == "@container" || $0 == "@protected" }),
                  object["@container"] == nil || object["@container"] == .string("@set")
            else { throw .invalidContext(code: "keyword redefinition", detail: "@type may only be given @container @set") }
        } else if Keyword.isKeyword(term) {
            throw .invalidContext(code: "keyword redefinition", detail: "\(term) cannot be redefined")
        } else if Keyword.hasKeywordForm(term) {
            defined[term] = true
            return
        }

        let previous = active.terms.removeValue(forKey: term)
        var simpleTerm = false
        let object: JSONObject
        switch value {
        case .null: object = ["@id": .null]
        case .string(let iri):
            object = ["@id": .string(iri)]
            simpleTerm = true
        case .object(let given): object = given
        default: throw invalid(term, "a definition must be a string, an object or null")
        }

        var definition = TermDefinition()
        if let protected = object["@protected"] {
            guard case .bool(let flag) = protected else { throw invalid(term, "@protected must be a boolean") }
            definition.isProtected = flag
        } else {
            definition.isProtected = defaultProtected
        }

        if let type = object["@type"] {
            guard case .string(let typeValue) = type,
                  let expanded = try expandIRI(typeValue, vocab: true)
            else { throw .invalidContext(code: "invalid type mapping", detail: "term \"\(term)\": @type must be a string") }
            guard ["@id", "@json", "@none", "@vocab"].contains(expanded) || IRIReference.hasScheme(expanded) else {
                throw .invalidContext(code: "invalid type mapping", detail: "term \"\(term)\": @type \"\(typeValue)\" is not an IRI")
            }
            definition.typeMapping = expanded
        }

        if let reverse = object["@reverse"] {
            guard object["@id"] == nil, object["@nest"] == nil else {
                throw .invalidContext(code: "invalid reverse property", detail: "term \"\(term)\": @reverse with @id or @nest")
            }
            guard case .string(let reverseValue) = reverse else {
                throw .invalidContext(code: "invalid IRI mapping", detail: "term \"\(term)\": @reverse must be a string")
            }
            if Keyword.hasKeywordForm(reverseValue) {
                defined[term] = true
                return
            }
            guard let iri = try expandIRI(reverseValue, vocab: true), iri.contains(":") else {
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
            try finish(term, definition, previous: previous)
            return
        }

        if let id = object["@id"], id != .string(term) {
            switch id {
            case .null:
                definition.iri = nil
            case .string(let idValue):
                if !Keyword.isKeyword(idValue) && Keyword.hasKeywordForm(idValue) {
                    defined[term] = true
                    return
                }
                guard let iri = try expandIRI(idValue, vocab: true),
                      Keyword.isKeyword(iri) || iri.contains(":")
                else { throw .invalidContext(code: "invalid IRI mapping", detail: "term \"\(term)\": @id \"\(idValue)\" is not an IRI") }
                if iri == "@context" {
                    throw .invalidContext(code: "invalid keyword alias", detail: "term \"\(term)\" aliases @context")
                }
                definition.iri = iri
                let innerColon = term.dropFirst().dropLast().contains(":")
                if innerColon || term.contains("/") {
                    defined[term] = true
                    let expandedTerm = try expandIRI(term, vocab: true)
                    guard expandedTerm == iri else {
                        throw .invalidContext(code: "invalid IRI mapping", detail: "term \"\(term)\" looks like an IRI but maps to \(iri)")
                    }
                }
                if !term.contains(":") && !term.contains("/") && simpleTerm {
                    let last = iri.last
                    if iri.hasPrefix("_:") || [":", "/", "?", "#", "[", "]", "@"].contains(last) {
                        definition.isPrefix = true
                    }
                }
            default:
                throw .invalidContext(code: "invalid IRI mapping", detail: "term \"\(term)\": @id must be a string or null")
            }
        } else if let colon = term.utf8.dropFirst().firstIndex(of: 0x3A) {
            let prefix = String(term[..<colon])
            let suffix = String(term[term.index(after: colon)...])
            if local.contains(prefix) { try define(prefix) }
            if let prefixDefinition = active.terms[prefix], let prefixIRI = prefixDefinition.iri {
                definition.iri = prefixIRI + suffix
            } else {
                definition.iri = term
            }
        } else if term.contains("/") {
            guard let iri = try expandIRI(term, vocab: true), IRIReference.hasScheme(iri) else {
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

        if let container = object["@container"] {
            let allowed: Set<String> = ["@graph", "@id", "@index", "@language", "@list", "@set", "@type"]
            var values: Set<String> = []
            for entry in container.asArray {
                guard case .string(let keyword) = entry, allowed.contains(keyword) else {
                    throw .invalidContext(code: "invalid container mapping", detail: "term \"\(term)\": bad @container")
                }
                values.insert(keyword)
            }
            definition.container = values
            if values.contains("@type") {
                if definition.typeMapping == nil { definition.typeMapping = "@id" }
                guard definition.typeMapping == "@id" || definition.typeMapping == "@vocab" else {
                    throw .invalidContext(code: "invalid type mapping", detail: "term \"\(term)\": @type container needs @type @id or @vocab")
                }
            }
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
                _ = try processor.process(
                    active, local: scoped, baseURL: baseURL, remoteDepth: remoteDepth, overrideProtected: true)
            }
            definition.localContext = scoped
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
            guard !term.contains(":"), !term.contains("/"), case .bool(let flag) = prefix else {
                throw .invalidContext(code: "invalid term definition", detail: "term \"\(term)\": @prefix")
            }
            definition.isPrefix = flag
            if flag, let iri = definition.iri, Keyword.isKeyword(iri) {
                throw invalid(term, "a keyword alias cannot be a prefix")
            }
        }

        let allowedKeys: Set<String> = [
            "@id", "@reverse", "@container", "@context", "@direction", "@index", "@language", "@nest", "@prefix",
            "@protected", "@type",
        ]
        for key in object.keys where !allowedKeys.contains(key) {
            throw invalid(term, "unknown key \(key)")
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
