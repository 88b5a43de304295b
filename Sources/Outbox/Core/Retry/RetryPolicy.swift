/// How often and how patiently a failing step is tried again.
public struct RetryPolicy: Sendable, Hashable {
    /// Delay after the first failure.
    public var initialDelay: Duration
    /// Upper bound of the computed backoff.
    public var maximumDelay: Duration
    /// Growth factor per failed attempt.
    public var multiplier: Double
    /// Fraction of the delay that is randomised (0 = none, 1 = anywhere between 0 and the delay).
    public var jitter: Double
    /// Failed attempts of one step after which the job is dead.
    public var maximumAttempts: Int
    /// The longest `Retry-After` that is honoured as is; longer requests are clamped to it.
    public var maximumRetryAfter: Duration

    /// Creates a policy.
    public init(
        initialDelay: Duration = .seconds(2), maximumDelay: Duration = .seconds(600), multiplier: Double = 2,
        jitter: Double = 0.2, maximumAttempts: Int = 10, maximumRetryAfter: Duration = .seconds(3600)
    ) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = multiplier
        self.jitter = min(max(jitter, 0), 1)
        self.maximumAttempts = max(1, maximumAttempts)
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// The wait after failed attempt number `attempt` (1-based).
    ///
    /// Exponential backoff capped at ``maximumDelay``, reduced by up to ``jitter`` of itself using
    /// `random` (a value in 0..<1) so that many jobs failing together do not retry together. A
    /// `Retry-After` from the server is a floor: the job never comes back sooner than asked.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?, random: Double) -> Duration {
        let exponent = Double(max(0, attempt - 1))
        let base = min(initialDelay.seconds * Double.pow(multiplier, exponent), maximumDelay.seconds)
        let unit = min(max(random, 0), 1)
        let jittered = base * (1 - jitter * unit)
        let floor = min(retryAfter?.seconds ?? 0, maximumRetryAfter.seconds)
        return .milliseconds(Int64((max(jittered, floor) * 1000).rounded()))
    }
}

extension Double {
    fileprivate static func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        var remaining = Int(exponent)
        // The exponent is a small attempt count; a loop avoids importing Foundation's pow here.
        while remaining > 0 && result < 1e12 {
            result *= base
            remaining -= 1
        }
        return result
    }
}
