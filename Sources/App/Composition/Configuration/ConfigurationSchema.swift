import Destination
import TSGWallet

/// Every key `certbridge.yaml` knows: the one table the YAML reader checks its keys against and
/// the environment variables are named from (``ConfigurationEnvironment``), so a key added here
/// can be set both ways and a key missing here can be set neither way.
enum ConfigurationSchema {
    /// Top-level keys holding a value (not a section).
    static let topLevelValues: Set<String> = ["listen", "public_url", "max_webhook_bytes", "profiles"]

    /// The fixed sections and their keys. The destination sections (`wallet:`, `destinations.<kind>`)
    /// take their keys from each ``DestinationKind``.
    static let sections: [String: Set<String>] = [
        "certifier": ["base_url", "api_token", "version", "webhook_secret"],
        "signing": ["key", "issuer", "cryptosuite", "compatibility", "strict_key_mode"],
        "store": ["sqlite", "postgres", "request_timeout", "connect_timeout", "probe_interval"],
        "retry": ["initial_delay", "max_delay", "multiplier", "jitter", "max_attempts", "max_retry_after"],
        "delivery": ["concurrency", "lease", "poll_interval", "shutdown_grace", "heartbeat", "owner_timeout"],
        "status": ["list_entries", "block_size", "validity", "renew_before", "publish_interval", "cache_seconds"],
        "reconcile": ["interval", "max_change_share"],
        "did_resolution": [
            "allow_networks", "trust_roots", "timeout", "connect_timeout", "max_bytes", "max_redirects", "cache_default",
            "cache_ceiling", "cache_entries",
        ],
        "admin": ["token"],
        "smtp": ["host", "port", "security", "username", "password", "from", "helo_name", "trust_roots"],
        "rate_limit": ["requests_per_minute", "burst", "trusted_proxies"],
    ]

    /// The TSG wallet's own section (kept from before `destinations:` existed).
    static let walletSection = "wallet"
    /// The section holding one subsection per destination kind.
    static let destinationsSection = "destinations"

    /// Keys holding a list of strings (a YAML sequence; in the environment, a flow list `[a, b]`).
    static let lists: Set<String> = [
        "did_resolution.allow_networks", "did_resolution.trust_roots", "smtp.trust_roots", "rate_limit.trusted_proxies",
    ]

    /// Keys of which at most one may be given: setting one from the environment drops the file's others.
    static let alternatives: [Set<String>] = [["store.sqlite", "store.postgres"]]

    /// The keys of the top level: its values and every section.
    static var topLevelKeys: Set<String> {
        topLevelValues.union(sections.keys).union([walletSection, destinationsSection])
    }

    /// The keys of a fixed section (empty for a name that is none).
    static func keys(of section: String) -> Set<String> {
        sections[section] ?? []
    }

    /// Every key as its path from the top (`["store", "postgres"]`), destinations' included, sorted.
    static func allPaths(kinds: [DestinationKind] = DestinationCatalog.kinds.kinds) -> [[String]] {
        var paths = topLevelValues.map { [$0] }
        for (section, keys) in sections {
            paths += keys.map { [section, $0] }
        }
        if let wallet = kinds.first(where: { $0.name == TSGWalletKind.name }) {
            paths += wallet.settingKeys.map { [walletSection, $0] }
        }
        for kind in kinds {
            paths += kind.settingKeys.map { [destinationsSection, kind.name, $0] }
        }
        return paths.sorted { $0.joined(separator: ".") < $1.joined(separator: ".") }
    }
}
