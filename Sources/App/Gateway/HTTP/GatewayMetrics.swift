import CoreMetrics
import Foundation
import Lifecycle
import Outbox
import Prometheus

/// The Prometheus registry of one gateway, with the webhook counters and queue-depth gauges;
/// the delivery counters and histograms live in ``DeliveryMetrics`` built from the same factory.
public struct GatewayMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// Delivery counters for the worker.
    public let delivery: DeliveryMetrics
    private let factory: PrometheusMetricsFactory
    private let webhookLatency: CoreMetrics.Timer

    /// A fresh registry (one per gateway, so tests do not share counters).
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300),
        ]
        self.factory = factory
        delivery = DeliveryMetrics(factory: factory)
        webhookLatency = CoreMetrics.Timer(label: "certbridge_webhook_seconds", factory: factory)
    }

    /// Counts one webhook request by outcome (`accepted`, `duplicate`, `ignored`, `unauthorized`, …).
    func webhookReceived(outcome: String) {
        Counter(label: "certbridge_received_total", dimensions: [("outcome", outcome)], factory: factory).increment()
    }

    func webhookHandled(after duration: Duration) {
        let (seconds, attoseconds) = duration.components
        webhookLatency.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// Records a finished reconcile: when it ran, and the drift it found by kind.
    func reconciled(_ report: ReconcileReport) {
        Gauge(label: "certbridge_reconcile_last_run_timestamp_seconds", factory: factory).record(Date().timeIntervalSince1970)
        for (kind, count) in [("new", report.newIssues), ("changed", report.reissues), ("deleted", report.deletions), ("held", report.held)] {
            Gauge(label: "certbridge_reconcile_drift", dimensions: [("kind", kind)], factory: factory).record(count)
        }
        Gauge(label: "certbridge_reconcile_stopped", factory: factory).record(report.stopped == nil ? 0 : 1)
        Counter(label: "certbridge_reconcile_runs_total", dimensions: [("outcome", "completed")], factory: factory).increment()
    }

    /// Counts a reconcile that could not finish.
    func reconcileFailed() {
        Counter(label: "certbridge_reconcile_runs_total", dimensions: [("outcome", "failed")], factory: factory).increment()
    }

    /// Sets the queue-depth gauges from the outbox counts.
    func queueDepth(_ counts: [JobState: Int]) {
        for (state, count) in counts {
            Gauge(label: "certbridge_jobs", dimensions: [("state", state.rawValue)], factory: factory).record(count)
        }
    }
}
