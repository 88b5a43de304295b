import Foundation
import Logging
import Outbox

/// Signs and stores the status lists that changed, or are due for renewal, every `interval`.
///
/// Changes are coalesced by construction: whatever number of revocations landed since the last
/// pass, each changed list is signed once per pass. With several instances on PostgreSQL, the
/// store's publication lock lets one of them sign while the others skip the pass.
public struct StatusPublisher: Sendable {
    let store: any OutboxStore
    let signer: StatusListSigner
    let rule: StatusPublicationRule
    let interval: Duration
    let logger: Logger
    let clock: @Sendable () -> Date

    /// Creates a publisher.
    public init(
        store: any OutboxStore, signer: StatusListSigner, rule: StatusPublicationRule, interval: Duration,
        logger: Logger = Logger(label: "certbridge.status"), clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.signer = signer
        self.rule = rule
        self.interval = interval
        self.logger = logger
        self.clock = clock
    }

    /// One pass: which lists were signed, and which the signer failed for (logged; they stay due).
    /// A list whose published copy another key signed (a rotation) is due as well.
    @discardableResult
    public func publishDue() async throws(OutboxError) -> StatusPublication {
        let signer = signer
        let now = clock()
        let publication = try await store.publishStatusLists(now: now, rule: try await passRule()) { record, validUntil in
            try signer.sign(record, now: now, validUntil: validUntil)
        }
        if !publication.signed.isEmpty {
            logger.info("status lists signed", metadata: ["lists": "\(publication.signed.joined(separator: ", "))"])
        }
        for failure in publication.failures {
            logger.error("status list not signed; the others were, and it is tried again next pass", metadata: ["error": "\(failure)"])
        }
        return publication
    }

    /// Publishes until cancelled; a failed pass is logged and tried again next time.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await publishDue()
            } catch {
                logger.error("status list publication failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
