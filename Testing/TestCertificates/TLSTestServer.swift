import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// A Hummingbird application serving HTTPS on 127.0.0.1 on an ephemeral port, with a certificate
/// from a ``TestCertificateAuthority``.
public final class TLSTestServer: Sendable {
    /// The port the server listens on.
    public let port: Int
    private let task: Task<Void, any Error>
    private let group: ServiceGroup

    /// Why the server did not start.
    public struct DidNotStart: Error, CustomStringConvertible {
        /// The server's name.
        public var name: String
        /// A sentence naming it.
        public var description: String { "\(name) did not start listening on 127.0.0.1" }
    }

    private init(port: Int, task: Task<Void, any Error>, group: ServiceGroup) {
        self.port = port
        self.task = task
        self.group = group
    }

    /// Starts `router` over TLS with `authority`'s server certificate; returns once it accepts connections.
    public static func start<Context: RequestContext>(
        router: Router<Context>, authority: TestCertificateAuthority, name: String = "tls-test-server"
    ) async throws -> TLSTestServer where Context.Source == ApplicationRequestContextSource {
        var logger = Logger(label: name)
        logger.logLevel = .warning
        let certificate = try NIOSSLCertificate(bytes: Array(authority.certificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(authority.keyPEM.utf8), format: .pem)
        let tls = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: name),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw DidNotStart(name: name)
        }
        return TLSTestServer(port: port, task: task, group: group)
    }

    /// Stops the server and waits for it.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}
