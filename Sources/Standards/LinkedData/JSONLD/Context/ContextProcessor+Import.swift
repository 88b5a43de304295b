import JSONCanonical

extension ContextProcessor {
    /// Step 5.6: `@import` merges another context (from the store) under this one's entries.
    func resolvingImport(_ context: JSONObject, baseURL: String?) throws(JSONLDError) -> JSONObject {
        guard let value = context["@import"] else { return context }
        guard case .string(let reference) = value else {
            throw .invalidContext(code: "invalid @import value", detail: "@import must be a string")
        }
        let url = IRIReference.resolve(reference, against: baseURL)
        guard case .object(let imported) = try store.context(for: url) else {
            throw .invalidContext(code: "invalid remote context", detail: "the @import context \(url) must be an object")
        }
        if imported["@import"] != nil {
            throw .invalidContext(code: "invalid context entry", detail: "the @import context \(url) imports again")
        }
        var merged = imported
        for member in context where member.key != "@import" { merged[member.key] = member.value }
        return merged
    }
}
