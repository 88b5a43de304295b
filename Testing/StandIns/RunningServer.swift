import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// A Hummingbird application running on 127.0.0.1 on an ephemeral port, for tests.
public final class RunningServer: Sendable {
    /// The port the server listens on.
    public let port: Int
    private let task: Task<Void, any Error>
    private let group: ServiceGroup

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, task: Task<Void, any Error>, group: ServiceGroup) {
        self.port = port
        self.task = task
        self.group = group
    }

    /// Starts `router` (plain HTTP/1.1, or what `server` builds: TLS, say) and returns once the
    /// server accepts connections.
    public static func start<Context: RequestContext>(
        router: Router<Context>, name: String, server: HTTPServerBuilder = .http1()
    ) async throws -> RunningServer
    where Context.Source == ApplicationRequestContextSource {
        var logger = Logger(label: name)
        logger.logLevel = .warning
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            server: server,
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
            throw StandInError.serverDidNotStart(name)
        }
        return RunningServer(port: port, task: task, group: group)
    }

    /// Stops the server and waits for it.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}

/// A stand-in that cannot serve.
public enum StandInError: Error, CustomStringConvertible {
    /// The application ended before it listened.
    case serverDidNotStart(String)

    /// Which stand-in failed.
    public var description: String {
        switch self {
        case .serverDidNotStart(let name): "\(name) did not start listening on 127.0.0.1"
        }
    }
}
