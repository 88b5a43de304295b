import Lifecycle
import Logging
import ServiceLifecycle

/// `serve`'s scheduled reconcile (`reconcile.interval`): a dropped webhook is delivered within
/// one interval. The first run starts one interval after start, so a restart does not list
/// everything at once; each run's drift is exported as metrics.
struct ReconcileService: Service {
    let reconciler: Reconciler
    let interval: Duration
    let metrics: GatewayMetrics
    let logger: Logger
    let wake: @Sendable () -> Void

    func run() async throws {
        await repeatEvery(interval) {
            do {
                let report = try await reconciler.run(.reconcile)
                metrics.reconciled(report)
                if report.drift > 0 || report.stopped != nil {
                    logger.notice("reconcile found drift", metadata: ["report": "\(report)"])
                    wake()
                } else {
                    logger.info("reconcile found no drift", metadata: ["read": "\(report.read)"])
                }
            } catch {
                metrics.reconcileFailed()
                logger.error("reconcile failed; the next run resumes", metadata: ["error": "\(error)"])
            }
        }
    }
}
