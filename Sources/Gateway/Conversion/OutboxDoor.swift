import AsyncHTTPClient
import Certifier
import Delivery
import Foundation
import JSONCanonical
import Logging
import Pipeline

/// The outbox as a door for other commands (`certbridge convert … --deliver`): converted VCs go
/// through the same durable outbox, dedup and retry rules as webhook events.
public struct OutboxDoor: Sendable {
    /// The outbox named in the configuration.
    public let store: any OutboxStore
    private let worker: DeliveryWorker

    /// Opens the configuration's outbox and a worker that delivers to its wallet.
    public init(
        configuration: GatewayConfiguration, logger: Logger = Logger(label: "certbridge.deliver"),
        http: HTTPClient = .shared
    ) throws(OutboxError) {
        let store = try configuration.store.open(connections: configuration.worker.concurrency + 2, logger: logger)
        self.store = store
        let tokens = WalletTokenProvider(http: http, credentials: configuration.wallet.token)
        worker = DeliveryWorker(
            store: store,
            source: CertifierClient(
                http: http, baseURL: configuration.certifier.baseURL, token: configuration.certifier.apiToken,
                version: configuration.certifier.version),
            converter: UnavailableConverter(),
            destination: TSGWalletClient(http: http, baseURL: configuration.wallet.baseURL, tokens: tokens),
            configuration: Self.signedOnly(configuration.worker), logger: logger)
    }

    private static func signedOnly(_ base: WorkerConfiguration) -> WorkerConfiguration {
        var configuration = base
        configuration.states = [.signed]
        return configuration
    }

    /// Queues one pipeline result; a VC already delivered is not queued again.
    public func enqueue(_ converted: ConvertedCredential) async throws(OutboxError) -> EventOutcome {
        guard let delivery = ConvertedDelivery(converted) else {
            throw .database("VC from profile '\(converted.profile)' has no id; the outbox needs one to deliver once")
        }
        return try await store.enqueue(converted: delivery, now: Date())
    }

    /// Delivers what is due now (one pass with backoff-scheduled jobs left for `serve`); returns the jobs taken.
    @discardableResult
    public func deliverDue() async -> Int {
        await worker.drainDue()
    }
}

/// Jobs queued by `convert` are already signed; a job that needs conversion belongs to `serve`.
private struct UnavailableConverter: CredentialConverter {
    func convert(_ credential: JSONValue) async -> ConversionResult {
        .failed(reason: "this job needs the mapping pipeline; let certbridge serve process it")
    }
}
