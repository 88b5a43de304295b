import Foundation
import Logging
import Outbox
import ServiceLifecycle

/// Deletes the protocol records (DCP requests and tokens, OpenID4VCI offers, codes, tokens and
/// nonces) that have expired: they are never read after their expiry, but a nonce is made for
/// every unauthenticated request, so without this the table would only grow. Runs only while
/// some destination opens a holder-facing door.
struct RecordPurgeService: Service {
    let store: any OutboxStore
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await repeatEvery(interval) {
            do {
                let purged = try await store.purgeExpiredRecords(now: Date())
                if purged > 0 { logger.debug("expired protocol records deleted", metadata: ["count": "\(purged)"]) }
            } catch {
                logger.warning("deleting expired protocol records failed; the next run tries again", metadata: ["error": "\(error)"])
            }
        }
    }
}
