import JSONCanonical

extension Expander {
    /// Step 13.4: a key that expands to a keyword.
    func expandKeyword(
        _ keyword: String, value: JSONValue, active: ActiveContext, typeScoped: ActiveContext, property: String?,
        inputType: String?, baseURL: String?, into result: inout JSONObject, path: [JSONPathComponent]
    ) throws(JSONLDError) {
        let where_ = pathString(path)
        if property == "@reverse" {
            throw .invalidDocument(code: "invalid reverse property map", detail: "keywords are not allowed in @reverse", path: where_)
        }
        if result[keyword] != nil, keyword != "@included", keyword != "@type" {
            throw .invalidDocument(code: "colliding keywords", detail: "\(keyword) given twice (through aliases)", path: where_)
        }
        var expandedValue: JSONValue
        switch keyword {
        case "@id":
            guard case .string(let id) = value else {
                throw .invalidDocument(code: "invalid @id value", detail: "@id must be a string", path: where_)
            }
            guard let iri = active.expandIRI(id, documentRelative: true) else {
                // A keyword-like @id ("@ignoreMe") is ignored by JSON-LD, which drops the node.
                if strict { throw .invalidDocument(code: "invalid @id value", detail: "@id \"\(id)\" is not usable", path: where_) }
                result["@id"] = .null
                return
            }
            try checkAbsolute(iri, path: path)
            expandedValue = .string(recorder?.nodeID(iri, active: active, path: path) ?? iri)
        case "@type":
            var types: [JSONValue] = []
            for item in value.asArray {
                guard case .string(let type) = item else {
                    throw .invalidDocument(code: "invalid type value", detail: "@type must be a string or strings", path: where_)
                }
                guard let iri = typeScoped.expandIRI(type, vocab: true, documentRelative: true) else {
                    if strict { throw .undefinedTerm(term: type, path: where_) }
                    continue
                }
                // A bare word that no context defines is an undefined type, not an intended relative IRI.
                if strict, !type.containsASCII(":"), !type.containsASCII("/"), !IRIReference.hasScheme(iri) {
                    throw .undefinedTerm(term: type, path: where_)
                }
                try checkAbsolute(iri, path: path)
                types.append(.string(iri))
            }
            if let existing = result["@type"] { types = existing.asArray + types }
            expandedValue = value.arrayValue == nil && types.count == 1 ? types[0] : .array(types)
        case "@graph":
            expandedValue = .array(try expand(active, property: "@graph", element: value, baseURL: baseURL, path: path).asArray)
        case "@included":
            let notNodes = value.asArray.contains { item in
                guard let object = item.objectValue else { return true }
                return object.keys.contains { ["@value", "@list"].contains(active.expandIRI($0, vocab: true)) }
            }
            if notNodes {
                throw .invalidDocument(code: "invalid @included value", detail: "@included needs node objects", path: where_)
            }
            let included = try expand(active, property: nil, element: value, baseURL: baseURL, path: path).asArray
            for item in included where item["@value"] != nil || item["@list"] != nil {
                throw .invalidDocument(code: "invalid @included value", detail: "@included needs node objects", path: where_)
            }
            expandedValue = .array((result["@included"]?.asArray ?? []) + included)
        case "@value":
            if inputType == "@json" {
                expandedValue = value
            } else {
                switch value {
                case .null:
                    result["@value"] = .null
                    return
                case .bool, .number, .string: expandedValue = value
                default:
                    throw .invalidDocument(code: "invalid value object value", detail: "@value must be a scalar", path: where_)
                }
            }
        case "@language":
            guard case .string(let language) = value else {
                throw .invalidDocument(code: "invalid language-tagged string", detail: "@language must be a string", path: where_)
            }
            expandedValue = .string(language.lowercased())
        case "@direction":
            // Base direction is not written to RDF by default (rdfDirection null): keep, then ignore.
            guard value == "ltr" || value == "rtl" else {
                throw .invalidDocument(code: "invalid base direction", detail: "@direction must be \"ltr\" or \"rtl\"", path: where_)
            }
            expandedValue = value
        case "@index":
            guard case .string = value else {
                throw .invalidDocument(code: "invalid @index value", detail: "@index must be a string", path: where_)
            }
            expandedValue = value
        case "@list":
            if property == nil || property == "@graph" { return }
            expandedValue = .array(try expand(active, property: property, element: value, baseURL: baseURL, path: path).asArray)
        case "@set":
            expandedValue = try expand(active, property: property, element: value, baseURL: baseURL, path: path)
        case "@reverse":
            try expandReverse(value, active: active, baseURL: baseURL, into: &result, path: path)
            return
        case "@context", "@nest":
            return
        default:
            throw .unsupported(feature: keyword, path: where_)
        }
        result[keyword] = expandedValue
    }

    private func expandReverse(
        _ value: JSONValue, active: ActiveContext, baseURL: String?, into result: inout JSONObject,
        path: [JSONPathComponent]
    ) throws(JSONLDError) {
        guard case .object = value else {
            throw .invalidDocument(code: "invalid @reverse value", detail: "@reverse must be an object", path: pathString(path))
        }
        let expanded = try expand(active, property: "@reverse", element: value, baseURL: baseURL, path: path)
        guard case .object(let reversed) = expanded else { return }
        if let doubleReverse = reversed["@reverse"]?.objectValue {
            for member in doubleReverse {
                for item in member.value.asArray { Self.addValue(item, to: &result, key: member.key) }
            }
        }
        var reverseMap = result["@reverse"]?.objectValue ?? JSONObject()
        for member in reversed where member.key != "@reverse" {
            for item in member.value.asArray {
                if item["@value"] != nil || item["@list"] != nil {
                    throw .invalidDocument(code: "invalid reverse property value", detail: "a reverse property needs node objects", path: pathString(path))
                }
                Self.addValue(item, to: &reverseMap, key: member.key)
            }
        }
        if !reverseMap.isEmpty { result["@reverse"] = .object(reverseMap) }
    }

    func checkAbsolute(_ iri: String, path: [JSONPathComponent]) throws(JSONLDError) {
        if strict, !Keyword.isKeyword(iri), !iri.hasPrefix("_:"), !IRIReference.isWellFormedAbsolute(iri) {
            throw .relativeIRI(value: iri, path: pathString(path))
        }
    }
}
