import JSONCanonical
import Synchronization

/// The context in force at a point of a document (JSON-LD 1.1 API, 4.1).
struct ActiveContext: Sendable {
    var terms: [String: TermDefinition] = [:]
    var base: String?
    var originalBase: String?
    var vocab: String?
    var defaultLanguage: String?
    /// The context to return to where a non-propagating (type-scoped) context ends; an array
    /// only to give the recursive value storage.
    var previousContextStorage: [ActiveContext] = []
    /// Names this exact state: every context that context processing makes gets a new one, and
    /// nothing else changes a context, so two contexts with one identity are the same context.
    /// The key of ``ProcessedContextCache`` for scoped contexts.
    var identity: UInt64 = ActiveContext.newIdentity()

    private static let identities = Atomic<UInt64>(0)

    /// A value no context has had in this process.
    static func newIdentity() -> UInt64 {
        identities.wrappingAdd(1, ordering: .relaxed).newValue
    }

    var previousContext: ActiveContext? {
        get { previousContextStorage.first }
        set { previousContextStorage = newValue.map { [$0] } ?? [] }
    }

    /// Whether nothing has been defined yet (the state a document's own `@context` starts from).
    var isInitial: Bool {
        terms.isEmpty && vocab == nil && defaultLanguage == nil && previousContextStorage.isEmpty && base == originalBase
    }

    init(base: String?) {
        self.base = base
        originalBase = base
    }
}
