import ServiceLifecycle

/// Runs `body` every `interval` until a graceful shutdown, the first time one interval after
/// start (so a restart does not do everything at once): the loop of the gateway's periodic services.
func repeatEvery(_ interval: Duration, _ body: @escaping @Sendable () async -> Void) async {
    await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled else { return }
            await body()
        }
    }
}
