import Benchmark

/// What every suite shares.
public enum SharedConfiguration {
    /// The tag that tells scripts/ratios.py how many operations one measured iteration runs
    /// when it is not the suites' 1,000. The jmh export carries no scaling factor, but it carries
    /// the name, and package-benchmark appends tags to it: "… (ops per iteration: 1)".
    public static let opsPerIterationTag = "ops per iteration"

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

    /// For operations that take a millisecond or more (signing a whole status list): one
    /// operation per measured iteration, so one iteration's microseconds are one operation's
    /// microseconds, and a run stays within `maxDuration` with a few hundred samples. Tagged, so
    /// the name says it and ratios.py reads it.
    public static var onePerIteration: Benchmark.Configuration {
        Benchmark.Configuration(
            metrics: [.throughput, .wallClock, .cpuTotal, .mallocCountTotal],
            tags: [opsPerIterationTag: "1"],
            scalingFactor: .one,
            maxDuration: .seconds(3),
            maxIterations: 1_000
        )
    }
}
