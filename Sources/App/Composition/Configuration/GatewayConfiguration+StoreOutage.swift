import Yams

/// How `serve` behaves while the outbox store fails (`store.request_timeout`, `store.connect_timeout`,
/// `store.probe_interval`; docs/SERVE.md, "When the database fails").
public struct StoreOutageSettings: Sendable, Equatable {
    /// How long a webhook (or `/readyz`, a status list) waits for the store before it answers 503.
    /// 2.5 s: a healthy commit takes milliseconds even under load, and Certifier's webhook client
    /// (like most) gives up after 5–10 s, so a 503 with `Retry-After` arrives well before that.
    public var requestTimeout: Duration = .milliseconds(2500)
    /// How long one PostgreSQL connection attempt may take (postgres-nio's default is 10 s).
    /// 3 s: a loopback or LAN connect takes milliseconds; a dropped route is noticed quickly.
    public var connectTimeout: Duration = .seconds(3)
    /// While the store is known to fail, webhooks are refused at once and one call probes it this
    /// often (`/readyz` probes on every poll). 2 s: recovery is noticed within a couple of seconds
    /// without a stream of doomed calls against a struggling database.
    public var probeInterval: Duration = .seconds(2)

    /// The defaults.
    public init() {}
}

extension ConfigurationReader {
    /// The outage keys of the `store` section (each a duration such as `2500ms` or `3s`).
    mutating func storeOutage(_ store: Node.Mapping?) -> StoreOutageSettings {
        var settings = StoreOutageSettings()
        settings.requestTimeout = positive(store, "request_timeout", default: settings.requestTimeout)
        settings.connectTimeout = positive(store, "connect_timeout", default: settings.connectTimeout)
        settings.probeInterval = positive(store, "probe_interval", default: settings.probeInterval)
        return settings
    }

    private mutating func positive(_ store: Node.Mapping?, _ key: String, default value: Duration) -> Duration {
        let duration = self.duration(store, key, "store.\(key)", default: value)
        guard duration > .zero, duration <= .seconds(60) else {
            problem(store?[key], "store.\(key)", "must be between 1ms and 60s, got \(duration)")
            return value
        }
        return duration
    }
}
