import JSONCanonical

/// Context processing (JSON-LD 1.1 API, 4.1 and 4.2), with contexts from a ``ContextStore`` only.
struct ContextProcessor: Sendable {
    let store: ContextStore
    /// Nesting of remote contexts allowed before the run is treated as a loop.
    static let maximumRemoteDepth = 32

    /// Applies `local` (a context value: URL, object, null or an array of them) to `active`.
    func process(
        _ active: ActiveContext,
        local: JSONValue,
        baseURL: String?,
        remoteDepth: Int = 0,
        overrideProtected: Bool = false,
        propagate propagateDefault: Bool = true,
        scopedID: ScopedContextID? = nil
    ) throws(JSONLDError) -> ActiveContext {
        // A document's list of context URLs applied to the initial context is the common case:
        // answer it from the store's cache.
        if remoteDepth == 0, !overrideProtected, propagateDefault, active.isInitial,
           let urls = Self.urls(in: local, baseURL: baseURL) {
            let key = URLListKey(base: active.base, urls: urls)
            if let cached = store.processed.value(for: key) { return cached }
            let result = try processUncached(active, local: local, baseURL: baseURL, remoteDepth: 0, overrideProtected: false, propagate: true)
            store.processed.store(result, for: key)
            return result
        }
        // Scoped contexts recur in every credential of a kind (each type and property of the
        // Open Badges context has one): apply each once per active context.
        if remoteDepth == 0 {
            // A term's scoped context is known by its number; an embedded one by its value.
            let key = ScopedContextKey(
                active: active.identity, local: scopedID == nil ? local : nil, localID: scopedID?.value,
                baseURL: baseURL, overrideProtected: overrideProtected, propagate: propagateDefault)
            if let cached = store.scoped.value(for: key) { return cached }
            let result = try processUncached(
                active, local: local, baseURL: baseURL, remoteDepth: 0, overrideProtected: overrideProtected,
                propagate: propagateDefault)
            store.scoped.store(result, for: key)
            return result
        }
        return try processUncached(
            active, local: local, baseURL: baseURL, remoteDepth: remoteDepth, overrideProtected: overrideProtected,
            propagate: propagateDefault)
    }

    /// The resolved URLs when `local` is a URL or a list of URLs only.
    private static func urls(in local: JSONValue, baseURL: String?) -> [String]? {
        var urls: [String] = []
        for entry in local.asArray {
            guard case .string(let reference) = entry else { return nil }
            urls.append(IRIReference.resolve(reference, against: baseURL))
        }
        return urls
    }

    private func processUncached(
        _ active: ActiveContext,
        local: JSONValue,
        baseURL: String?,
        remoteDepth: Int,
        overrideProtected: Bool,
        propagate propagateDefault: Bool
    ) throws(JSONLDError) -> ActiveContext {
        var result = active
        var propagate = propagateDefault
        if case .object(let object) = local, let value = object["@propagate"] {
            guard case .bool(let flag) = value else {
                throw .invalidContext(code: "invalid @propagate value", detail: "@propagate must be true or false")
            }
            propagate = flag
        }
        if !propagate && result.previousContext == nil { result.previousContext = active }

        for context in local.asArray {
            switch context {
            case .null:
                if !overrideProtected && result.terms.values.contains(where: \.isProtected) {
                    throw .invalidContext(
                        code: "invalid context nullification",
                        detail: "a null @context may not clear protected terms")
                }
                let previous = result
                result = ActiveContext(base: active.originalBase)
                if !propagate { result.previousContext = previous }
            case .string(let reference):
                let url = IRIReference.resolve(reference, against: baseURL)
                guard remoteDepth < Self.maximumRemoteDepth else { throw .contextOverflow(url: url) }
                let loaded = try store.context(for: url)
                result = try process(
                    result, local: loaded, baseURL: url, remoteDepth: remoteDepth + 1,
                    overrideProtected: overrideProtected)
            case .object(let definitions):
                result = try apply(
                    definitions, to: result, baseURL: baseURL, remoteDepth: remoteDepth,
                    overrideProtected: overrideProtected)
            default:
                throw .invalidContext(code: "invalid local context", detail: "a context must be a URL, an object or null, not \(context.kindName)")
            }
        }
        result.identity = ActiveContext.newIdentity()
        return result
    }

    /// Step 5.5 onward for one context object.
    private func apply(
        _ given: JSONObject, to active: ActiveContext, baseURL: String?, remoteDepth: Int, overrideProtected: Bool
    ) throws(JSONLDError) -> ActiveContext {
        var result = active
        if let version = given["@version"], version != .number(1.1) {
            throw .invalidContext(code: "invalid @version value", detail: "@version must be 1.1")
        }
        let context = try resolvingImport(given, baseURL: baseURL)
        if let direction = context["@direction"], direction != .null, direction != "ltr", direction != "rtl" {
            throw .invalidContext(code: "invalid base direction", detail: "@direction must be \"ltr\", \"rtl\" or null")
        }
        if let base = context["@base"], remoteDepth == 0 {
            switch base {
            case .null: result.base = nil
            case .string(let value): result.base = IRIReference.resolve(value, against: result.base)
            default: throw .invalidContext(code: "invalid base IRI", detail: "@base must be a string or null")
            }
        }
        var definer = TermDefiner(
            processor: self, local: context, active: result, baseURL: baseURL, remoteDepth: remoteDepth,
            overrideProtected: overrideProtected)
        if let vocab = context["@vocab"] {
            switch vocab {
            case .null: definer.active.vocab = nil
            case .string(let value):
                guard let expanded = try definer.expandIRI(value, vocab: true, documentRelative: true),
                      expanded.containsASCII(":") || expanded.hasPrefix("_:")
                else { throw .invalidContext(code: "invalid vocab mapping", detail: "@vocab \"\(value)\" is not an IRI") }
                definer.active.vocab = expanded
            default: throw .invalidContext(code: "invalid vocab mapping", detail: "@vocab must be a string or null")
            }
        }
        if let language = context["@language"] {
            switch language {
            case .null: definer.active.defaultLanguage = nil
            case .string(let value): definer.active.defaultLanguage = value.lowercased()
            default: throw .invalidContext(code: "invalid default language", detail: "@language must be a string or null")
            }
        }
        if let protected = context["@protected"], protected.boolValue == nil {
            throw .invalidContext(code: "invalid @protected value", detail: "@protected must be true or false")
        }
        let reserved: Set<String> = [
            "@base", "@direction", "@import", "@language", "@propagate", "@protected", "@version", "@vocab",
        ]
        for key in context.keys where !reserved.contains(key) {
            try definer.define(key)
        }
        return definer.active
    }
}
