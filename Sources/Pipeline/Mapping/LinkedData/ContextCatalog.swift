import Foundation
import JSONCanonical

/// JSON-LD contexts known offline, by URL, reduced to the terms they define.
///
/// A directory holds the context files and `index.yaml`, a mapping of context URL to file name.
/// The catalog keeps each parsed document too, so that signing (the LinkedData module's JSON-LD
/// processor) sees exactly the contexts that lint checked; the term sets here are only for
/// lint's quick warning about undefined terms.
public struct ContextCatalog: Sendable {
    /// A context's defined terms, or `nil` terms when it has `@vocab` (every term is defined).
    public struct Terms: Sendable {
        /// Defined term names, including those of scoped (nested) contexts.
        public var names: Set<String>
        /// Whether the context sets `@vocab`.
        public var hasVocab: Bool
    }

    /// The contexts by URL.
    public var contexts: [String: Terms]
    /// The context documents by URL, as read from their files (for a JSON-LD context store).
    public var documents: [String: JSONValue]
    /// Index entries that could not be used, as warnings at their place in `index.yaml`.
    public var problems: [ProfileDiagnostic] = []
    /// The file each context URL was read from (catalogs read from a directory only), so the
    /// gateway can publish the very bytes that were signed with.
    public var files: [String: URL] = [:]

    /// An empty catalog (no checks).
    public init(contexts: [String: Terms] = [:]) {
        self.contexts = contexts
        self.documents = [:]
    }

    /// A catalog of these context documents.
    public init(documents: [String: JSONValue]) {
        self.contexts = documents.mapValues(ContextCatalog.terms(of:))
        self.documents = documents
    }

    /// Reads `index.yaml` and the files it names; a missing directory gives an empty catalog.
    /// Entries that cannot be used (file missing, not JSON, index not YAML) are left out and
    /// described in ``problems`` at their place in `index.yaml`.
    public init(directory: URL) {
        var documents: [String: JSONValue] = [:]
        var files: [String: URL] = [:]
        var problems: [ProfileDiagnostic] = []
        let indexURL = directory.appendingPathComponent("index.yaml")
        if let data = FileManager.default.contents(atPath: indexURL.path) {
            switch YAMLReader.read(String(decoding: data, as: UTF8.self), file: ProfileLoader.displayPath(indexURL)) {
            case .failure(let diagnostic):
                problems.append(ProfileDiagnostic(.warning, diagnostic.kind, at: diagnostic.location, diagnostic.message))
            case .success(let index):
                for pair in index.pairs ?? [] {
                    guard let url = pair.key.scalarText, let file = pair.value.scalarText else { continue }
                    let path = directory.appendingPathComponent(file).path
                    guard let contextData = FileManager.default.contents(atPath: path) else {
                        problems.append(ProfileDiagnostic(.warning, .unreadable, at: pair.value.location, "context file \(file) for \(url) cannot be read"))
                        continue
                    }
                    do {
                        documents[url] = try JSONValue(parsing: Array(contextData))
                        files[url] = URL(fileURLWithPath: path)
                    } catch {
                        problems.append(ProfileDiagnostic(.warning, .unreadable, at: pair.value.location, "context file \(file) for \(url) is not JSON: \(error)"))
                    }
                }
            }
        }
        self.init(documents: documents)
        self.problems = problems
        self.files = files
    }

    /// The terms a context document defines (top-level and scoped contexts together).
    public static func terms(of document: JSONValue) -> Terms {
        var terms = Terms(names: [], hasVocab: false)
        collect(document["@context"] ?? .null, into: &terms)
        return terms
    }

    private static func collect(_ context: JSONValue, into terms: inout Terms) {
        switch context {
        case .array(let elements):
            for element in elements { collect(element, into: &terms) }
        case .object(let object):
            for member in object {
                if member.key == "@vocab" { terms.hasVocab = true }
                if !member.key.hasPrefix("@") { terms.names.insert(member.key) }
                if let scoped = member.value["@context"] { collect(scoped, into: &terms) }
            }
        default:
            break
        }
    }
}
