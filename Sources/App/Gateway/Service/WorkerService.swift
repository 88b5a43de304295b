import Outbox
import ServiceLifecycle

/// Runs the delivery worker as a service: on graceful shutdown it stops claiming, lets the jobs
/// in progress finish their step, and leaves the rest queued.
struct WorkerService: Service {
    let worker: DeliveryWorker

    func run() async throws {
        await withGracefulShutdownHandler {
            await worker.run()
        } onGracefulShutdown: {
            worker.stop()
        }
    }
}
