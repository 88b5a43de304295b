import AsyncHTTPClient
import Certifier
import Credentials
import Delivery
import Foundation
import Gateway
import JSONCanonical
import NIOCore
import ServeStandIns
import TestSupport

/// A real `GatewayServer` on 127.0.0.1 with the real pipeline (the repository's mappings/ and a
/// fresh Ed25519 key), in front of Certifier and wallet stand-ins, configured through a YAML file.
final class ServeHarness: Sendable {
    static let webhookSecret = "whsec-e2e-secret"
    let directory: URL
    let certifier: CertifierStandIn
    let wallet: WalletStandIn
    let certifierServer: RunningServer
    let walletServer: RunningServer
    let configPath: String

    init(wallet: WalletStandIn = WalletStandIn(account: .init(clientId: "certbridge", username: "importer", password: "wallet-pw")),
         extraYAML: String = "", store: String = "sqlite: outbox.sqlite") async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        certifier = CertifierStandIn(token: "certifier-api-token")
        self.wallet = wallet
        certifierServer = try await certifier.start()
        walletServer = try await wallet.start()
        try SigningKey.generate(.ed25519).save(to: directory.appendingPathComponent("issuer.jwk").path)
        for (name, value) in [("certifier.token", "certifier-api-token"), ("webhook.secret", Self.webhookSecret), ("wallet.pw", "wallet-pw")] {
            try Data((value + "\n").utf8).write(to: directory.appendingPathComponent(name))
        }
        let yaml = """
            listen: 127.0.0.1:0
            max_webhook_bytes: 2048
            certifier:
              base_url: \(certifierServer.baseURL)
              api_token: file:certifier.token
              webhook_secret: file:webhook.secret
            profiles: \(SharedVectors.repositoryFile("mappings").path)
            signing:
              key: issuer.jwk
              issuer: did:web:certbridge.example.org
            wallet:
              base_url: \(walletServer.baseURL)
              token_url: \(walletServer.baseURL)/oauth/token
              client_id: certbridge
              username: importer
              password: file:wallet.pw
              scope: wallet_manage_own_credentials
            store:
              \(store)
            retry:
              initial_delay: 50ms
              max_delay: 200ms
              max_attempts: 5
              max_retry_after: 2s
            delivery:
              concurrency: 2
              lease: 2s
              poll_interval: 50ms
            \(extraYAML)
            """
        configPath = directory.appendingPathComponent("certbridge.yaml").path
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: configPath))
    }

    /// Starts a gateway over the harness's configuration (and so over its outbox file).
    func startGateway() async throws -> RunningGateway {
        let configuration = try GatewayConfiguration.load(path: configPath, environment: [:])
        let setup = try SigningSetup(configuration: configuration)
        let server = try GatewayServer(
            configuration: configuration, converter: PipelineConverter(pipeline: setup.pipeline),
            didDocument: setup.didDocument)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            try await server.run(handleSignals: false) { port in
                continuation.yield(port)
                continuation.finish()
            }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw StandInError.serverDidNotStart("certbridge") }
        return RunningGateway(server: server, task: task, port: port)
    }

    func stop() async {
        await certifierServer.stop()
        await walletServer.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The VC id the TSG profile gives a Certifier credential, read from the wallet's store.
    func storedVC(forSource sourceId: String, in gateway: RunningGateway) async throws -> JSONValue? {
        let jobs = try await gateway.server.store.jobs(state: .delivered, limit: 1000)
        guard let vcId = jobs.first(where: { $0.sourceId == sourceId })?.vcId else { return nil }
        return wallet.stored[vcId]
    }
}

/// A gateway running in a task.
struct RunningGateway {
    let server: GatewayServer
    let task: Task<Void, any Error>
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var webhook: WebhookSender { WebhookSender(url: baseURL + "/webhooks/certifier", secret: ServeHarness.webhookSecret) }

    /// Graceful shutdown, as on SIGTERM, and wait for it.
    func stop() async throws {
        await server.shutdown()
        try await task.value
    }

    func get(_ path: String) async throws -> (status: Int, body: String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: baseURL + path), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    func waitUntil(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return false
    }

    func allSettled() async throws -> Bool {
        let counts = try await server.store.counts()
        return JobState.pending.allSatisfy { counts[$0] == 0 }
    }
}

/// A Certifier credential the shipped `course-certificate-tsg` profile converts.
func tsgCredential(_ id: String, did: String? = "did:web:wallet.example.org:users:jose", status: String = "issued") -> JSONValue {
    var custom: JSONObject = ["custom.course": "Data Spaces 101"]
    if let did { custom["custom.did"] = .string(did) }
    return [
        "id": .string(id), "publicId": "7f3e9d2c-5b1a-4e8f-a6c4-3d2b1a0f9e8d", "groupId": "01g90279gp5sbmfek7wymcsvdd",
        "status": .string(status),
        "recipient": ["id": "01jmerc7l3y0e4w8r9x5o6u7zb", "name": "José Ñúñez", "email": "jose.nunez@example.es"],
        "issueDate": "2024-11-05", "attributes": ["recipient.name": "José Ñúñez"], "customAttributes": .object(custom),
        "tags": ["pilot"], "createdAt": "2024-11-05T10:00:00.000Z",
    ]
}
