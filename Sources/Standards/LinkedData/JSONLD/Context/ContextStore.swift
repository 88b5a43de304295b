import Foundation
import JSONCanonical

/// The offline set of JSON-LD context documents, keyed by the URL documents cite.
///
/// Nothing is ever fetched: a context is either bundled with certbridge or added by the operator.
/// Pinning the documents keeps signatures stable and avoids a network dependency at signing time.
public struct ContextStore: Sendable {
    /// URL → parsed context document.
    public private(set) var documents: [String: JSONValue] {
        didSet {
            processed = ProcessedContextCache(capacity: 64)
            scoped = ProcessedContextCache(capacity: 256)
        }
    }

    /// Contexts already processed from these documents.
    private(set) var processed = ProcessedContextCache<URLListKey>(capacity: 64)
    /// Scoped and embedded contexts already applied to contexts processed from these documents.
    private(set) var scoped = ProcessedContextCache<ScopedContextKey>(capacity: 256)

    /// An empty store.
    public init() { documents = [:] }

    /// The URLs of the bundled context files and their resource names.
    public static let bundledFiles: [(url: String, file: String)] = [
        ("https://www.w3.org/2018/credentials/v1", "credentials-v1.jsonld"),
        ("https://www.w3.org/ns/credentials/v2", "credentials-v2.jsonld"),
        ("https://www.w3.org/2018/credentials/examples/v1", "credentials-examples-v1.jsonld"),
        ("https://www.w3.org/ns/credentials/examples/v2", "credentials-examples-v2.jsonld"),
        ("https://w3id.org/security/data-integrity/v1", "data-integrity-v1.jsonld"),
        ("https://w3id.org/security/data-integrity/v2", "data-integrity-v2.jsonld"),
        ("https://www.w3.org/ns/credentials/status/v1", "credentials-status-v1.jsonld"),
        ("https://w3id.org/security/multikey/v1", "multikey-v1.jsonld"),
        ("https://w3id.org/security/jwk/v1", "jwk-v1.jsonld"),
        ("https://w3id.org/security/suites/jws-2020/v1", "jws-2020-v1.jsonld"),
        ("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "ob-v3p0-context-3.0.3.json"),
        ("https://purl.imsglobal.org/spec/ob/v3p0/context.json", "ob-v3p0-context.json"),
    ]

    /// The contexts shipped with certbridge (VC 1.1/2.0 and examples, Data Integrity v1/v2,
    /// Multikey, JWK, JWS 2020, Open Badges 3.0), compiled into the binary (see
    /// ``embeddedBytes(file:)``), so nothing is read from beside the executable.
    public static let bundled: ContextStore = {
        var store = ContextStore()
        for entry in bundledFiles {
            // A file that does not parse fails the bundled-context tests; here it is only left out,
            // so that every use names the missing context instead of crashing.
            guard let bytes = embeddedBytes(file: entry.file), let document = try? JSONValue(parsing: bytes) else { continue }
            store.documents[entry.url] = document
        }
        return store
    }()

    /// The bytes of the bundled context file `file` (a name in the Contexts folder), as compiled
    /// in by scripts/generate-contexts.sh; `nil` for a name not bundled.
    public static func embeddedBytes(file: String) -> [UInt8]? {
        embeddedContextFiles[file].flatMap { Data(base64Encoded: $0) }.map { Array($0) }
    }

    /// The names of every compiled-in context file.
    public static var embeddedFileNames: [String] { embeddedContextFiles.keys.sorted() }

    /// A copy that also holds `document` under `url` (replacing a bundled one with the same URL).
    public func adding(url: String, document: JSONValue) -> ContextStore {
        var copy = self
        copy.documents[url] = document
        return copy
    }

    /// A copy that also holds the context file `data` (JSON) under `url`.
    public func adding(url: String, data: Data) throws -> ContextStore {
        do {
            return adding(url: url, document: try JSONValue(parsing: Array(data)))
        } catch {
            throw JSONLDError.unreadableContext(url: url, reason: "\(error)")
        }
    }

    /// The `@context` value of the document at `url`.
    public func context(for url: String) throws(JSONLDError) -> JSONValue {
        guard let document = documents[url] else { throw .unknownContext(url: url) }
        guard let context = document["@context"] else {
            throw .invalidContext(code: "invalid remote context", detail: "the context document \(url) has no top-level @context")
        }
        return context
    }
}
