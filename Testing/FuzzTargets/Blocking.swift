import Dispatch
import Synchronization

/// Runs an async parser to completion from libFuzzer's synchronous callback.
///
/// The JWT verifiers are async (jwt-kit's signature check is), while `LLVMFuzzerTestOneInput`
/// must return only when the input is done; a semaphore waits for a detached task. The caller is
/// never on the cooperative pool (libFuzzer's thread, or a test's synchronous body), so waiting
/// here cannot starve the task it waits for.
func blocking<Value: Sendable>(_ work: @escaping @Sendable () async -> Value) -> Value? {
    let result = Mutex<Value?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        let value = await work()
        result.withLock { $0 = value }
        done.signal()
    }
    done.wait()
    return result.withLock { $0 }
}
