import CoreMetrics
import Foundation

/// The delivery counters and histograms (exported by the Gateway in Prometheus format).
///
/// Built from an explicit factory so that several gateways (in tests) do not share the process-wide one.
public struct DeliveryMetrics: Sendable {
    let delivered: Counter
    let dead: Counter
    let noMatch: Counter
    let deleted: Counter
    let retried: Counter
    /// Time per delivery request to the destination. The label keeps its first name (the wallet
    /// was the only destination then), so dashboards keep working.
    let destinationLatency: CoreMetrics.Timer
    /// Time per fetch from the source; the label keeps its first name likewise.
    let sourceLatency: CoreMetrics.Timer
    let endToEndLatency: CoreMetrics.Timer

    /// Creates the metrics in `factory`.
    public init(factory: any MetricsFactory) {
        delivered = Counter(label: "certbridge_delivered_total", factory: factory)
        dead = Counter(label: "certbridge_dead_total", factory: factory)
        noMatch = Counter(label: "certbridge_no_match_total", factory: factory)
        retried = Counter(label: "certbridge_retried_total", factory: factory)
        deleted = Counter(label: "certbridge_deleted_total", factory: factory)
        destinationLatency = CoreMetrics.Timer(label: "certbridge_wallet_import_seconds", factory: factory)
        sourceLatency = CoreMetrics.Timer(label: "certbridge_certifier_fetch_seconds", factory: factory)
        endToEndLatency = CoreMetrics.Timer(label: "certbridge_delivery_latency_seconds", factory: factory)
    }

    /// Metrics that go nowhere (CLI one-shots, tests that do not look).
    public static var discarding: DeliveryMetrics { DeliveryMetrics(factory: NOOPMetricsHandler.instance) }

    func recordTerminal(_ job: DeliveryJob, now: Date) {
        switch job.state {
        case .delivered:
            delivered.increment()
            endToEndLatency.recordInterval(since: job.createdAt, now: now)
        case .dead: dead.increment()
        case .noMatch: noMatch.increment()
        case .deleted: deleted.increment()
        case .received, .fetched, .signed: break
        }
    }
}

extension CoreMetrics.Timer {
    func record(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    func recordInterval(since start: Date, now: Date) {
        recordNanoseconds(Int64(max(0, now.timeIntervalSince(start)) * 1e9))
    }
}
