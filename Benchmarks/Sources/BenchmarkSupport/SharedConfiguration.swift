import Benchmark

/// What every suite shares.
public enum SharedConfiguration {
    /// The configuration all suites share: 1,000 operations per measured iteration, so one
    /// iteration's microseconds are one operation's nanoseconds (scripts/ratios.py relies on it).
    public static var standard: Benchmark.Configuration {
        Benchmark.Configuration(
            metrics: [.throughput, .wallClock, .cpuTotal, .mallocCountTotal],
            scalingFactor: .kilo,
            maxDuration: .seconds(3),
            maxIterations: 1_000
        )
    }
}
