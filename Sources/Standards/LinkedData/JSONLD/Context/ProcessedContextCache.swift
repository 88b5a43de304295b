import JSONCanonical
import NIOConcurrencyHelpers

/// Processed contexts, so that a batch of credentials citing the same contexts processes each
/// of them once. Shared by the copies of one ``ContextStore`` (a store with other documents gets
/// new caches), safe across threads.
///
/// Two kinds of entry: a document's list of context URLs applied to the initial context, and
/// any other context (a type- or property-scoped one, an embedded `@context`) applied to an
/// active context that itself came from processing, known by its ``ActiveContext/identity``.
final class ProcessedContextCache<Key: Hashable & Sendable>: Sendable {
    /// Bound on the entries kept; when full the cache starts again, so a document with many
    /// distinct embedded contexts costs time, never unbounded memory.
    let capacity: Int
    private let entries = NIOLockedValueBox<[Key: ActiveContext]>([:])

    init(capacity: Int) {
        self.capacity = capacity
    }

    func value(for key: Key) -> ActiveContext? {
        entries.withLockedValue { $0[key] }
    }

    func store(_ context: ActiveContext, for key: Key) {
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = context
        }
    }
}

/// A list of context URLs applied to an initial context with this base.
struct URLListKey: Hashable, Sendable {
    var base: String?
    var urls: [String]
}

/// A local context applied to the active context of this identity, with the processing flags.
struct ScopedContextKey: Hashable, Sendable {
    var active: UInt64
    /// An embedded context's value; `nil` for a term's scoped context, known by `localID`.
    var local: JSONValue?
    var localID: UInt64?
    var baseURL: String?
    var overrideProtected: Bool
    var propagate: Bool
}
