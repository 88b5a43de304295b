import Synchronization

/// Active contexts built from lists of context URLs, so that a batch of credentials citing the
/// same contexts processes them once. Shared by the copies of one ``ContextStore`` (a store
/// with other documents gets a new cache), safe across threads.
final class ProcessedContextCache: Sendable {
    struct Key: Hashable, Sendable {
        var base: String?
        var urls: [String]
    }

    /// Bound on the entries kept; documents cite few distinct context lists.
    static let capacity = 64
    private let entries = Mutex<[Key: ActiveContext]>([:])

    func value(for key: Key) -> ActiveContext? {
        entries.withLock { $0[key] }
    }

    func store(_ context: ActiveContext, for key: Key) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[key] = context
        }
    }
}
