import JSONCanonical

/// The JSON-LD 1.1 Expansion algorithm (API 5.1) over ``JSONValue``.
///
/// Output is expanded JSON-LD as `JSONValue` (arrays of node, value and list objects whose keys
/// are IRIs and keywords). In strict mode anything expansion would silently drop is an error.
struct Expander {
    let contexts: ContextProcessor
    let strict: Bool
    /// Watches where leaves go while a ``DocumentShapePlan`` is compiled; `nil` otherwise.
    var recorder: ShapeRecorder?

    /// Expands a whole document (step after 5.1.2: top-level `@graph` unwrapping).
    func expandDocument(_ document: JSONValue, base: String?) throws(JSONLDError) -> [JSONValue] {
        let active = ActiveContext(base: base)
        let expanded = try expand(active, property: nil, element: document, baseURL: base, path: [])
        if case .object(let object) = expanded, object.count == 1, let graph = object["@graph"] {
            return graph.asArray
        }
        if expanded == .null { return [] }
        return expanded.asArray
    }

    func expand(
        _ activeIn: ActiveContext, property: String?, element: JSONValue, baseURL: String?,
        fromMap: Bool = false, path: [JSONPathComponent]
    ) throws(JSONLDError) -> JSONValue {
        var active = activeIn
        let propertyDefinition = property.flatMap { active.terms[$0] }
        switch element {
        case .null:
            return .null
        case .bool, .number, .string:
            if property == nil || property == "@graph" {
                if strict {
                    throw .invalidDocument(code: "free-floating value", detail: "a value outside any property would be dropped", path: pathString(path))
                }
                return .null
            }
            if let scoped = propertyDefinition?.localContext {
                active = try contexts.process(
                    active, local: scoped, baseURL: propertyDefinition?.baseURL, scopedID: propertyDefinition?.localContextID)
            }
            let expanded = try expandValue(active, property: property, value: element, path: path)
            if let recorder { return .object(recorder.valueLeaf(expanded, property: property, active: active, path: path)) }
            return .object(expanded)
        case .array(let items):
            var result: [JSONValue] = []
            let isList = propertyDefinition?.container.contains("@list") ?? false
            for (index, item) in items.enumerated() {
                var expandedItem = try expand(
                    active, property: property, element: item, baseURL: baseURL, fromMap: fromMap,
                    path: path + [.index(index)])
                if isList, case .array(let nested) = expandedItem { expandedItem = ["@list": .array(nested)] }
                switch expandedItem {
                case .array(let nested): result.append(contentsOf: nested)
                case .null: continue
                default: result.append(expandedItem)
                }
            }
            return .array(result)
        case .object(let object):
            return try expandObject(
                active, property: property, propertyDefinition: propertyDefinition, object: object,
                baseURL: baseURL, fromMap: fromMap, path: path)
        }
    }

    private func expandObject(
        _ activeIn: ActiveContext, property: String?, propertyDefinition: TermDefinition?, object: JSONObject,
        baseURL: String?, fromMap: Bool, path: [JSONPathComponent]
    ) throws(JSONLDError) -> JSONValue {
        var active = activeIn
        // Step 7: a type-scoped context does not propagate into nested node objects.
        if let previous = active.previousContext, !fromMap {
            let expandedKeys = object.keys.map { active.expandIRI($0, vocab: true) }
            let isValue = expandedKeys.contains("@value")
            let isReference = expandedKeys.count == 1 && expandedKeys[0] == "@id"
            if !isValue && !isReference { active = previous }
        }
        if let scoped = propertyDefinition?.localContext {
            active = try contexts.process(
                active, local: scoped, baseURL: propertyDefinition?.baseURL, overrideProtected: true,
                scopedID: propertyDefinition?.localContextID)
        }
        if let local = object["@context"] {
            active = try contexts.process(active, local: local, baseURL: baseURL)
        }
        let typeScoped = active
        var inputType: String?
        // Keys that expand to @type (usually one), in code point order: only those are sorted.
        let typeKeys = object.keys.filter { active.expandIRI($0, vocab: true) == "@type" }
        for key in typeKeys.sorted(by: CanonicalizationRun.codePointLess) {
            let types = (object[key] ?? .null).asArray.compactMap(\.stringValue)
            for type in types.sorted(by: CanonicalizationRun.codePointLess) {
                if let definition = typeScoped.terms[type], let scoped = definition.localContext {
                    active = try contexts.process(
                        active, local: scoped, baseURL: definition.baseURL, propagate: false, scopedID: definition.localContextID)
                }
            }
            if inputType == nil, let last = types.last {
                inputType = active.expandIRI(last, vocab: true, documentRelative: true)
            }
        }

        var result = JSONObject()
        try expandMembers(
            of: object, active: active, typeScoped: typeScoped, property: property, inputType: inputType,
            baseURL: baseURL, into: &result, path: path)
        return try finishObject(result, property: property, path: path)
    }

    /// Step 13 and 14, shared by node objects and `@nest` blocks.
    private func expandMembers(
        of object: JSONObject, active: ActiveContext, typeScoped: ActiveContext, property: String?,
        inputType: String?, baseURL: String?, into result: inout JSONObject, path: [JSONPathComponent]
    ) throws(JSONLDError) {
        var nests: [String] = []
        for member in object where member.key != "@context" {
            let key = member.key
            let value = member.value
            let memberPath = path + [.key(key)]
            guard let expandedProperty = active.expandIRI(key, vocab: true),
                  expandedProperty.containsASCII(":") || Keyword.isKeyword(expandedProperty)
            else {
                if strict { throw .undefinedTerm(term: key, path: pathString(memberPath)) }
                continue
            }
            if Keyword.isKeyword(expandedProperty) {
                if expandedProperty == "@nest" {
                    nests.append(key)
                    continue
                }
                try expandKeyword(
                    expandedProperty, value: value, active: active, typeScoped: typeScoped, property: property,
                    inputType: inputType, baseURL: baseURL, into: &result, path: memberPath)
                continue
            }
            if strict, !expandedProperty.hasPrefix("_:"), !IRIReference.isWellFormedAbsolute(expandedProperty) {
                throw .relativeIRI(value: expandedProperty, path: pathString(memberPath))
            }
            let definition = active.terms[key]
            let container = definition?.container ?? []
            var expandedValue: JSONValue
            if definition?.typeMapping == "@json" {
                expandedValue = ["@value": value, "@type": "@json"]
            } else if container.contains("@language"), case .object(let languageMap) = value {
                expandedValue = try expandLanguageMap(languageMap, active: active, path: memberPath)
            } else if !container.isDisjoint(with: ["@index", "@type", "@id"]), case .object(let map) = value {
                expandedValue = try expandIndexMap(
                    map, key: key, definition: definition, active: active, baseURL: baseURL, path: memberPath)
            } else {
                expandedValue = try expand(active, property: key, element: value, baseURL: baseURL, path: memberPath)
            }
            if expandedValue == .null { continue }
            if container.contains("@list"), !isListObject(expandedValue) {
                expandedValue = ["@list": .array(expandedValue.asArray)]
            }
            if container.contains("@graph"), !container.contains("@id"), !container.contains("@index") {
                expandedValue = .array(expandedValue.asArray.map { ["@graph": .array($0.asArray)] })
            }
            if definition?.isReverse == true {
                var reverseMap = result["@reverse"]?.objectValue ?? JSONObject()
                for item in expandedValue.asArray {
                    if item["@value"] != nil || item["@list"] != nil {
                        throw .invalidDocument(code: "invalid reverse property value", detail: "a reverse property needs node objects", path: pathString(memberPath))
                    }
                    Self.addValue(item, to: &reverseMap, key: expandedProperty)
                }
                result["@reverse"] = .object(reverseMap)
            } else {
                Self.addValues(expandedValue.asArray, to: &result, key: expandedProperty)
            }
        }
        for nestKey in nests.sorted(by: CanonicalizationRun.codePointLess) {
            var nestActive = active
            if let definition = active.terms[nestKey], let scoped = definition.localContext {
                nestActive = try contexts.process(
                    active, local: scoped, baseURL: definition.baseURL, overrideProtected: true, scopedID: definition.localContextID)
            }
            for (index, nested) in (object[nestKey] ?? .null).asArray.enumerated() {
                let nestPath = path + [.key(nestKey), .index(index)]
                guard case .object(let nestedObject) = nested,
                      !nestedObject.keys.contains(where: { nestActive.expandIRI($0, vocab: true) == "@value" })
                else { throw .invalidDocument(code: "invalid @nest value", detail: "@nest needs objects", path: pathString(nestPath)) }
                try expandMembers(
                    of: nestedObject, active: nestActive, typeScoped: typeScoped, property: property,
                    inputType: inputType, baseURL: baseURL, into: &result, path: nestPath)
            }
        }
    }

    static func addValue(_ value: JSONValue, to object: inout JSONObject, key: String) {
        addValues([value], to: &object, key: key)
    }

    /// Appends all values at once (one copy of the existing array, not one per value); an
    /// empty list still creates the entry, as JSON-LD's "add value … as array" does.
    static func addValues(_ values: [JSONValue], to object: inout JSONObject, key: String) {
        guard let existing = object[key] else {
            object[key] = .array(values)
            return
        }
        object[key] = .array(existing.asArray + values)
    }

    private func isListObject(_ value: JSONValue) -> Bool {
        if case .object(let object) = value { return object["@list"] != nil }
        return false
    }
}
