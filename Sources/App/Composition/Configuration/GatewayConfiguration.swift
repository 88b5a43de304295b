import Mail
import Certifier
import DIDResolution
import Destination
import TSGWallet
import Outbox
import OutboxPostgres
import Mapping
import Secrets

/// The validated contents of `certbridge.yaml`, secrets resolved.
public struct GatewayConfiguration: Sendable {
    /// Where the HTTP server listens.
    public var listen: ListenAddress
    /// Largest webhook body accepted; larger bodies get 413.
    public var maximumWebhookBytes: Int
    /// The Certifier API and its webhook.
    public var certifier: CertifierSettings
    /// The directory of mapping profiles.
    public var profilesDirectory: String
    /// The signing key and issuer.
    public var signing: SigningSettings
    /// The configured destinations (`wallet:` for the TSG wallet, `destinations.<kind>` for any kind),
    /// each read by its own kind.
    public var destinations: [any DestinationSettings]
    /// The outbox database.
    public var store: StoreSettings
    /// Worker scheduling and retries.
    public var worker: WorkerConfiguration
    /// How requests are bounded while the store fails (`store.request_timeout`, …; docs/SERVE.md).
    public var storeOutage = StoreOutageSettings()
    /// How long a graceful shutdown may wait for in-flight steps before cancelling them
    /// (a cancelled step is retried after the lease; nothing is lost).
    public var shutdownGrace: Duration = .seconds(25)
    /// The gateway's public base URL (`public_url`): what status lists, OpenID4VCI and the did.json
    /// are published under. Once credentials cite it, it must not change.
    public var publicBaseURL: String? = nil
    /// Status lists and reconciliation (`status:`, `reconcile:`; docs/LIFECYCLE.md).
    public var lifecycle = LifecycleSettings()
    /// How DID documents and holder services are fetched (`did_resolution:`; docs/SERVE.md#did_resolution).
    public var didResolution = DIDResolutionSettings()
    /// `admin:`: the operators' bearer token; without it the admin endpoints answer 403.
    public var admin: AdminSettings? = nil
    /// `smtp:`: where mail to people goes (OpenID4VCI offers).
    public var smtp: SMTPSettings? = nil
    /// `rate_limit:` of the holder-facing endpoints.
    public var rateLimit = RateLimitSettings()
    /// Where each key that is set came from (file or environment variable), by dotted path; for
    /// `config check`, which shows it without the values.
    public var sources: [String: ConfigurationSource] = [:]

    /// Status list and reconciliation settings.
    public struct LifecycleSettings: Sendable, Equatable {
        /// Entries per list (at least 131,072, the spec's minimum for herd privacy).
        public var listEntries = 131_072
        /// Indexes reserved per store round-trip.
        public var blockSize = 64
        /// How long a signed list is valid (`validUntil`).
        public var validity: Duration = .seconds(7 * 86_400)
        /// A list is signed again this long before it expires, changed or not.
        public var renewBefore: Duration = .seconds(4 * 86_400)
        /// How often changed lists are signed and published.
        public var publishInterval: Duration = .seconds(2)
        /// `Cache-Control: max-age` of served lists (and their `ttl`).
        public var cacheSeconds = 300
        /// How often `serve` reconciles against Certifier's list; zero is off.
        public var reconcileInterval: Duration = .zero
        /// A reconcile or backfill that would re-issue or revoke more than this share of the
        /// credentials it read stops and reports instead of acting.
        public var maximumChangeShare = 0.1

        /// The defaults.
        public init() {}
    }

    /// A host and port.
    public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
        /// Host name or address.
        public var host: String
        /// TCP port (0 picks a free one).
        public var port: Int
        /// Creates an address.
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
        /// `host:port`.
        public var description: String { "\(host):\(port)" }
    }

    /// Certifier API settings.
    public struct CertifierSettings: Sendable {
        /// API base URL, e.g. `https://api.certifier.io`.
        public var baseURL: String
        /// Access token from the dashboard.
        public var apiToken: Secret
        /// `Certifier-Version` header value.
        public var version: String
        /// Webhook signing secret.
        public var webhookSecret: Secret
    }

    /// Signing settings.
    public struct SigningSettings: Sendable {
        /// Path of the issuer's private JWK.
        public var keyPath: String
        /// The issuer DID (did:web or did:key).
        public var issuer: String
        /// A cryptosuite that overrides every profile's `proof.cryptosuite`; `nil` lets the profiles choose.
        public var cryptosuite: String?
        /// `tsg` signs every JCS suite in TSG's non-standard form (W3C verifiers reject it);
        /// `w3c` never does; `nil` lets each profile's `proof.compatibility` choose.
        public var compatibility: ProofCompatibility? = nil
        /// The verification method proofs name; `nil` derives it from the key and the issuer
        /// (`convert --verification-method` sets it; the file has no such key).
        public var verificationMethod: String? = nil
        /// `signing.strict_key_mode`: a key file others can read is refused rather than warned
        /// about (a file others can write is always refused).
        public var strictKeyMode = false
    }

    /// Outbox store settings.
    public enum StoreSettings: Sendable, Equatable, CustomStringConvertible {
        /// One SQLite file: one gateway instance.
        case sqlite(path: String)
        /// A PostgreSQL database several gateway instances share.
        case postgres(PostgresURL)

        /// For logs and `config check`: the file, or the database URL without its password.
        public var description: String {
            switch self {
            case .sqlite(let path): "sqlite \(path)"
            case .postgres(let url): "postgres \(url)"
            }
        }
    }
}

extension GatewayConfiguration {
    /// The TSG wallet's settings, if configured.
    public var wallet: TSGWalletSettings? {
        destinations.lazy.compactMap { $0 as? TSGWalletSettings }.first
    }
}
