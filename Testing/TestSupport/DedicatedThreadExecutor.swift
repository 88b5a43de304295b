import Dispatch

/// A task executor whose jobs run on a serial dispatch queue of its own, never on the concurrency
/// pool, for test code that must block (a signer waiting for a gate inside a store's sync callback).
///
/// The pool has one thread per core: on a two-core machine one blocked test thread halves what
/// every in-process server of the other tests gets, and two block them all. Run such code with
/// `Task(executorPreference: DedicatedThreadExecutor()) { ... }`.
public final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    // A private serial queue targets the overcommit root queue, which adds a thread when one blocks.
    private let queue: DispatchQueue

    /// A new executor with a queue labelled `label`.
    public init(label: String = "certbridge.tests.blocking") {
        queue = DispatchQueue(label: label)
    }

    /// Runs `job` on the queue.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
