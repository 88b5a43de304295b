import Foundation
import Logging
import Outbox
import Pipeline

/// The outbox as a door for other commands (`certbridge convert … --deliver`): converted VCs go
/// through the same durable outbox, dedup and retry rules as webhook events, and are delivered
/// by a worker from the same parts as `serve`'s.
public struct OutboxDoor: Sendable {
    /// The outbox named in the configuration.
    public let store: any OutboxStore
    private let worker: DeliveryWorker

    /// The door of `parts`: a worker that only sends jobs already signed (a job that needs a
    /// conversion is `serve`'s).
    public init(parts: GatewayParts, logger: Logger = Logger(label: "certbridge.deliver")) {
        store = parts.store
        worker = parts.makeWorker(logger: logger, states: [.signed])
    }

    /// Queues one pipeline result; a VC already delivered is not queued again.
    public func enqueue(_ converted: ConvertedCredential) async throws(OutboxError) -> EventOutcome {
        guard let delivery = ConvertedDelivery(converted) else {
            throw .database("VC from profile '\(converted.profile)' has no id; the outbox needs one to deliver once")
        }
        return try await store.enqueue(converted: delivery, now: Date())
    }

    /// Delivers what is due now (one pass with backoff-scheduled jobs left for `serve`); returns the jobs taken.
    @discardableResult
    public func deliverDue() async -> Int {
        await worker.drainDue()
    }
}
