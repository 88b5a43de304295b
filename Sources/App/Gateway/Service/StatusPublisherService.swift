import Lifecycle
import ServiceLifecycle

/// Runs the status list publisher as a service; it stops with the gateway (a list change not yet
/// signed is signed by the next start, since the store remembers which change each list signed).
struct StatusPublisherService: Service {
    let publisher: StatusPublisher

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await publisher.run()
        }
    }
}
