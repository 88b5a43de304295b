import JSONCanonical

extension Expander {
    /// Value Expansion (API 5.3).
    func expandValue(_ active: ActiveContext, property: String?, value: JSONValue, path: [JSONPathComponent]) throws(JSONLDError) -> JSONObject {
        let definition = property.flatMap { active.terms[$0] }
        if case .string(let text) = value {
            if definition?.typeMapping == "@id" {
                let iri = active.expandIRI(text, documentRelative: true) ?? text
                try checkAbsolute(iri, path: path)
                return ["@id": .string(iri)]
            }
            if definition?.typeMapping == "@vocab" {
                let iri = active.expandIRI(text, vocab: true, documentRelative: true) ?? text
                try checkAbsolute(iri, path: path)
                return ["@id": .string(iri)]
            }
        }
        var result: JSONObject = ["@value": value]
        if let type = definition?.typeMapping, !["@id", "@vocab", "@none"].contains(type) {
            result["@type"] = .string(type)
        } else if case .string = value {
            let language: String?
            if let termLanguage = definition?.language { language = termLanguage } else { language = active.defaultLanguage }
            if let language {
                if strict, !RDFWriter.isWellFormedLanguageTag(language) {
                    throw .invalidDocument(code: "invalid language mapping", detail: "\"\(language)\" is not a well-formed language tag; RDF would drop the value", path: pathString(path))
                }
                result["@language"] = .string(language)
            }
        }
        return result
    }

    /// Steps 15–19: value, list and set objects, and dropping of free-floating values.
    func finishObject(_ resultIn: JSONObject, property: String?, path: [JSONPathComponent]) throws(JSONLDError) -> JSONValue {
        var result = resultIn
        let where_ = pathString(path)
        if let value = result["@value"] {
            let allowed: Set<String> = ["@direction", "@index", "@language", "@type", "@value"]
            guard result.keys.allSatisfy(allowed.contains) else {
                throw .invalidDocument(code: "invalid value object", detail: "unexpected keys beside @value", path: where_)
            }
            if result["@type"] == .string("@json") { return .object(result) }
            if value == .null { return .null }
            if strict, case .string(let tag)? = result["@language"], !RDFWriter.isWellFormedLanguageTag(tag) {
                throw .invalidDocument(code: "invalid language-tagged string", detail: "\"\(tag)\" is not a well-formed language tag; RDF would drop the value", path: where_)
            }
            if result["@language"] != nil, value.stringValue == nil {
                throw .invalidDocument(code: "invalid language-tagged value", detail: "@language needs a string @value", path: where_)
            }
            if result["@type"] != nil, result["@language"] != nil {
                throw .invalidDocument(code: "invalid value object", detail: "a value cannot have both @type and @language", path: where_)
            }
            if let type = result["@type"] {
                guard case .string(let typeIRI) = type, IRIReference.isWellFormedAbsolute(typeIRI) else {
                    throw .invalidDocument(code: "invalid typed value", detail: "@type of a value must be an IRI", path: where_)
                }
            }
        } else if let type = result["@type"], type.arrayValue == nil {
            result["@type"] = .array([type])
        } else if result["@set"] != nil || result["@list"] != nil {
            guard result.count <= (result["@index"] == nil ? 1 : 2) else {
                throw .invalidDocument(code: "invalid set or list object", detail: "only @index may accompany @list/@set", path: where_)
            }
            if let set = result["@set"] { return set }
        }
        if result.count == 1, result["@language"] != nil { return .null }
        if property == nil || property == "@graph" {
            if result.isEmpty || result["@value"] != nil || result["@list"] != nil { return .null }
            if result.count == 1, result["@id"] != nil { return .null }
        }
        return .object(result)
    }
}
