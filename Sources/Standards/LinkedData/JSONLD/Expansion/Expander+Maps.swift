import JSONCanonical

extension Expander {
    /// Step 13.7: `@container: @language`.
    func expandLanguageMap(_ map: JSONObject, active: ActiveContext, path: [JSONPathComponent]) throws(JSONLDError) -> JSONValue {
        var result: [JSONValue] = []
        for language in map.keys.sorted(by: CanonicalizationRun.codePointLess) {
            for item in (map[language] ?? .null).asArray {
                switch item {
                case .null: continue
                case .string:
                    var value: JSONObject = ["@value": item]
                    if language != "@none", active.expandIRI(language, vocab: true) != "@none" {
                        if strict, !RDFWriter.isWellFormedLanguageTag(language) {
                            throw .invalidDocument(code: "invalid language map value", detail: "\"\(language)\" is not a well-formed language tag; RDF would drop the value", path: pathString(path + [.key(language)]))
                        }
                        value["@language"] = .string(language.lowercased())
                    }
                    result.append(.object(value))
                default:
                    throw .invalidDocument(code: "invalid language map value", detail: "language maps hold strings", path: pathString(path + [.key(language)]))
                }
            }
        }
        return .array(result)
    }

    /// Step 13.8: `@container` with `@index`, `@id` or `@type` (optionally with `@graph`).
    func expandIndexMap(
        _ map: JSONObject, key: String, definition: TermDefinition?, active: ActiveContext, baseURL: String?,
        path: [JSONPathComponent]
    ) throws(JSONLDError) -> JSONValue {
        let container = definition?.container ?? []
        let indexKey = definition?.indexMapping ?? "@index"
        var result: [JSONValue] = []
        for index in map.keys.sorted(by: CanonicalizationRun.codePointLess) {
            let itemPath = path + [.key(index)]
            var mapContext = active
            if container.contains("@id") || container.contains("@type") {
                mapContext = active.previousContext ?? active
            }
            if container.contains("@type"), let scoped = mapContext.terms[index], let local = scoped.localContext {
                mapContext = try contexts.process(
                    mapContext, local: local, baseURL: scoped.baseURL, scopedID: scoped.localContextID)
            } else if !container.contains("@type") {
                mapContext = active
            }
            let expandedIndex = active.expandIRI(index, vocab: true)
            let values = try expand(
                mapContext, property: key, element: .array((map[index] ?? .null).asArray), baseURL: baseURL,
                fromMap: true, path: itemPath)
            for var item in values.asArray {
                if container.contains("@graph"), item["@graph"] == nil {
                    item = ["@graph": .array(item.asArray)]
                }
                guard case .object(var object) = item else { continue }
                if container.contains("@index"), indexKey != "@index", expandedIndex != "@none" {
                    let reExpanded = try expandValue(active, property: indexKey, value: .string(index), path: itemPath)
                    guard let expandedIndexKey = active.expandIRI(indexKey, vocab: true) else { continue }
                    object[expandedIndexKey] = .array([.object(reExpanded)] + (object[expandedIndexKey]?.asArray ?? []))
                    if object["@value"] != nil {
                        throw .invalidDocument(code: "invalid value object", detail: "property-valued index on a value", path: pathString(itemPath))
                    }
                } else if container.contains("@index"), object["@index"] == nil, expandedIndex != "@none" {
                    object["@index"] = .string(index)
                } else if container.contains("@id"), object["@id"] == nil, expandedIndex != "@none" {
                    let id = active.expandIRI(index, documentRelative: true) ?? index
                    try checkAbsolute(id, path: itemPath)
                    object["@id"] = .string(id)
                } else if container.contains("@type"), expandedIndex != "@none", let expandedIndex {
                    object["@type"] = .array([.string(expandedIndex)] + (object["@type"]?.asArray ?? []))
                }
                result.append(.object(object))
            }
        }
        return .array(result)
    }
}
