/// An event from a source (a Certifier webhook today), as the outbox records it.
///
/// The outbox knows no source: the source module turns its own envelope into this value,
/// and decides whether the event is one the gateway acts on.
public struct SourceEvent: Sendable, Hashable {
    /// The event id; unique per event and the key for de-duplication.
    public var id: String
    /// The source's event type, recorded as received (`credential.created`, …).
    public var type: String
    /// The source document the event concerns (a Certifier credential id); one job per document.
    public var sourceId: String
    /// Whether the event makes the gateway (re-)read and deliver the document.
    public var actsOnDocument: Bool

    /// Creates an event.
    public init(id: String, type: String, sourceId: String, actsOnDocument: Bool) {
        self.id = id
        self.type = type
        self.sourceId = sourceId
        self.actsOnDocument = actsOnDocument
    }
}
