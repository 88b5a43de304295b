import AsyncHTTPClient
import Credentials
import DIDResolution
import Logging
import Mail
import Mapping
import NIOConcurrencyHelpers
import Outbox

/// What the composition root hands every destination it builds: the shared HTTP client and, for
/// the destinations that talk to holders, the protocol records, the issuer's identity and the one
/// DID resolver's settings.
public struct DestinationContext: Sendable {
    /// The shared HTTP client (for endpoints the operator configured, never for holder-chosen ones).
    public var http: HTTPClient
    /// The outbox store: where holder-facing doors keep requests, codes and tokens, and the
    /// issued history they check before redeeming; `nil` when no store is open (`config check`),
    /// in which case such doors refuse requests.
    public var records: (any HolderRecordStore)?
    /// The issuer the gateway signs as.
    public var issuer: IssuerIdentity?
    /// How DIDs and holder endpoints are resolved (they come from untrusted data).
    public var didResolution: DIDResolutionSettings
    /// The one resolver the composition root built from ``didResolution`` (its cache shared by
    /// every door); `nil` where no gateway runs (`config check`), and destinations build their own.
    public var didResolver: NetworkDIDResolver?
    /// The gateway's public base URL (`public_url`), where holder-facing doors are served.
    public var publicBaseURL: String?
    /// The profiles, for doors that advertise what they issue (DCP's issuer metadata).
    public var profiles: ProfileSet?
    /// Wakes the worker after jobs were made due (a holder's request re-queues its credentials).
    public var wakeWorker: @Sendable () -> Void
    /// The SMTP client for mail to people (OpenID4VCI offers); `nil` when no `smtp:` is configured.
    public var mail: SMTPClient?
    /// Signs credentials a destination hands out unsigned until the holder redeems them.
    public var redemptionSigner: (any RedemptionSigner)?
    /// The logger.
    public var logger: Logger

    /// Creates a context; by default with no store, no issuer and the default resolution rules.
    public init(
        http: HTTPClient = .shared, records: (any HolderRecordStore)? = nil, didResolver: NetworkDIDResolver? = nil,
        issuer: IssuerIdentity? = nil,
        didResolution: DIDResolutionSettings = DIDResolutionSettings(), publicBaseURL: String? = nil, profiles: ProfileSet? = nil,
        wakeWorker: @escaping @Sendable () -> Void = {}, mail: SMTPClient? = nil, redemptionSigner: (any RedemptionSigner)? = nil,
        logger: Logger = Logger(label: "certbridge.destination")
    ) {
        self.mail = mail
        self.redemptionSigner = redemptionSigner
        self.http = http
        self.records = records
        self.didResolver = didResolver
        self.issuer = issuer
        self.didResolution = didResolution
        self.publicBaseURL = publicBaseURL
        self.profiles = profiles
        self.wakeWorker = wakeWorker
        self.logger = logger
    }
}

/// The issuer's DID, the verification method its tokens name as `kid`, and its key.
public struct IssuerIdentity: Sendable {
    /// The issuer DID.
    public var did: String
    /// The verification method id (`<did>#key-1`).
    public var verificationMethod: String
    /// The signing key (never printed: ``SigningKey`` redacts itself).
    public var key: SigningKey

    /// Creates an identity.
    public init(did: String, verificationMethod: String, key: SigningKey) {
        self.did = did
        self.verificationMethod = verificationMethod
        self.key = key
    }
}

/// Wakes the delivery worker from a destination's door (a DCP request re-queued jobs): the
/// composition root hands destinations the relay before the worker exists, and the server
/// connects it to the worker once it does.
public final class WorkerWakeRelay: Sendable {
    private let action = NIOLockedValueBox<(@Sendable () -> Void)?>(nil)

    /// A relay connected to nothing yet.
    public init() {}

    /// Connects the relay to the worker's wake.
    public func connect(_ wake: @escaping @Sendable () -> Void) {
        action.withLockedValue { $0 = wake }
    }

    /// Wakes the worker, if one is connected.
    public func wake() {
        action.withLockedValue { $0 }?()
    }
}
