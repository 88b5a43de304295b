import AsyncHTTPClient
import Outbox
import Foundation
import Composition
import Gateway
import ServeStandIns

extension ServeRig {
    /// Starts a gateway over the rig's configuration (and so over its outbox file), with the same
    /// wiring as `certbridge serve`, and returns once it listens.
    public func startGateway() async throws -> RunningGateway {
        let configuration = try GatewayConfiguration.load(path: configPath, environment: [:])
        let parts = try GatewayParts(configuration: configuration)
        let server = GatewayServer(parts: parts)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            defer { continuation.finish() }
            try await server.run(handleSignals: false) { port in
                continuation.yield(port)
                continuation.finish()
            }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw RigError.gatewayDidNotStart
        }
        return RunningGateway(server: server, task: task, port: port, webhookSecret: webhookSecret)
    }
}

/// A gateway running in a task.
public struct RunningGateway: Sendable {
    /// The server (its outbox is `server.store`).
    public let server: GatewayServer
    /// The parts it was built with (pipeline, did.json, destinations).
    public var parts: GatewayParts { server.parts }
    let task: Task<Void, any Error>
    /// The port it listens on.
    public let port: Int
    let webhookSecret: String

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Signs and posts webhooks to `/webhooks/certifier`.
    public var webhook: WebhookSender { WebhookSender(url: baseURL + "/webhooks/certifier", secret: webhookSecret) }

    /// Graceful shutdown, as on SIGTERM, and wait for it.
    public func stop() async throws {
        await server.shutdown()
        try await task.value
    }

    /// `GET path`: status and body.
    public func get(_ path: String) async throws -> (status: Int, body: String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: baseURL + path), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    /// Polls `condition` until it holds (`true`) or `timeout` passes (`false`).
    public func waitUntil(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return false
    }

    /// Whether no job is waiting for the worker.
    public func allSettled() async throws -> Bool {
        let counts = try await server.store.counts()
        return JobState.pending.allSatisfy { counts[$0] == 0 }
    }
}
