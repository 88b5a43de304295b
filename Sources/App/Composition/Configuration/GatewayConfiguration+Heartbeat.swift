import Outbox
import Yams

extension GatewayConfiguration {
    /// `delivery.heartbeat` and `delivery.owner_timeout` (docs/SERVE.md, "Recovery after a crash"),
    /// checked against each other and against `delivery.lease`: a timeout under two heartbeats
    /// would declare a live worker dead after one late beat, and a lease under the timeout would
    /// let a job go before its owner could be judged.
    static func readHeartbeat(_ delivery: Node.Mapping?, _ reader: inout ConfigurationReader, into worker: inout WorkerConfiguration) {
        let heartbeat = reader.duration(delivery, "heartbeat", "delivery.heartbeat", default: .seconds(2))
        let defaultTimeout = max(.seconds(10), heartbeat * 5)
        let timeout = reader.duration(delivery, "owner_timeout", "delivery.owner_timeout", default: defaultTimeout)
        if heartbeat <= .zero {
            reader.problem(delivery?["heartbeat"], "delivery.heartbeat", "must be more than 0s (2s is a good value)")
        } else if timeout < heartbeat * 2 {
            reader.problem(
                delivery?["owner_timeout"] ?? delivery?["heartbeat"], "delivery.owner_timeout",
                "must be at least twice delivery.heartbeat (\(Self.text(heartbeat))), so one late heartbeat is not taken for a crash; give \(Self.text(heartbeat * 5))")
        }
        if worker.lease < timeout {
            reader.problem(
                delivery?["lease"] ?? delivery?["owner_timeout"], "delivery.lease",
                "must be at least delivery.owner_timeout (\(Self.text(timeout))); the heartbeat renews the leases of jobs in progress, so a long lease costs nothing")
        }
        worker.heartbeat = heartbeat
        worker.ownerTimeout = timeout
    }

    private static func text(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }
}
