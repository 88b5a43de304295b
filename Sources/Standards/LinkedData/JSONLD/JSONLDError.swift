import JSONCanonical

/// Why a JSON-LD document could not be expanded or turned into RDF.
///
/// Paths are written `$.credentialSubject.name`, pointing into the input document (or into the
/// context document being processed, for context errors).
public enum JSONLDError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A context URL that the offline ``ContextStore`` does not hold; nothing is fetched.
    case unknownContext(url: String)
    /// A bundled or configured context file that is not valid JSON (one without a top-level
    /// `@context` is an ``invalidContext(code:detail:)``, "invalid remote context").
    case unreadableContext(url: String, reason: String)
    /// A property the active context does not define; expansion would drop it silently,
    /// which signing must not allow (Data Integrity "safe mode").
    case undefinedTerm(term: String, path: String)
    /// An identifier or type that is not a well-formed absolute IRI (relative without `@base`,
    /// or with spaces and the like): RDF would drop it.
    case relativeIRI(value: String, path: String)
    /// An invalid `@context` (JSON-LD error code and explanation).
    case invalidContext(code: String, detail: String)
    /// A protected term redefined by a later context.
    case protectedTermRedefinition(term: String)
    /// Input that breaks a JSON-LD expansion rule (error code, explanation, path).
    case invalidDocument(code: String, detail: String, path: String)
    /// Contexts include each other too deeply (a loop).
    case contextOverflow(url: String)
    /// A JSON-LD feature this processor does not implement.
    case unsupported(feature: String, path: String)

    /// The JSON-LD 1.1 API error code of this error (`JsonLdErrorCode`, e.g. "invalid IRI mapping",
    /// "loading remote context failed"), as the W3C test suite's `expectErrorCode` names it.
    ///
    /// Errors the API has no code for are this processor's own checks, with codes of their own:
    /// "undefined term" and "relative IRI" (strict mode only: data JSON-LD would silently drop),
    /// "unsupported feature", and "free-floating value" (an ``invalidDocument(code:detail:path:)``
    /// raised in strict mode only).
    public var code: String {
        switch self {
        case .unknownContext, .unreadableContext: "loading remote context failed"
        case .undefinedTerm: "undefined term"
        case .relativeIRI: "relative IRI"
        case .invalidContext(let code, _): code
        case .protectedTermRedefinition: "protected term redefinition"
        case .invalidDocument(let code, _, _): code
        case .contextOverflow: "context overflow"
        case .unsupported: "unsupported feature"
        }
    }

    /// Actionable text.
    public var description: String {
        switch self {
        case .unknownContext(let url):
            "JSON-LD context \(url) is not in the offline context store; add the file with "
                + "ContextStore.adding(url:document:) (or the operator's context files); nothing is fetched"
        case .unreadableContext(let url, let reason):
            "JSON-LD context \(url) cannot be used: \(reason)"
        case .undefinedTerm(let term, let path):
            "JSON-LD term \"\(term)\" at \(path) is not defined by the document's @context and would be "
                + "dropped from (or mangled in) the signed data; define it in a context or remove it"
        case .relativeIRI(let value, let path):
            "JSON-LD value \"\(value)\" at \(path) is not an absolute IRI (it is relative, or has characters "
                + "IRIs forbid, such as spaces); RDF would drop it; use an absolute IRI"
        case .invalidContext(let code, let detail):
            "invalid JSON-LD context (\(code)): \(detail)"
        case .protectedTermRedefinition(let term):
            "JSON-LD context redefines the protected term \"\(term)\" (protected term redefinition)"
        case .invalidDocument(let code, let detail, let path):
            "invalid JSON-LD at \(path) (\(code)): \(detail)"
        case .contextOverflow(let url):
            "JSON-LD contexts include each other too deeply (at \(url)): context overflow"
        case .unsupported(let feature, let path):
            "JSON-LD feature \(feature) at \(path) is not supported by this processor"
        }
    }
}

/// Formats a JSON path for messages: `$`, `$.a.b[2]`.
func pathString(_ path: [JSONPathComponent]) -> String {
    var text = "$"
    for component in path {
        switch component {
        case .key(let key): text += "." + key
        case .index(let index): text += "[\(index)]"
        }
    }
    return text
}
