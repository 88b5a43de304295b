/// Where a delivery job stands: received → fetched → signed → delivered | dead | no-match.
public enum JobState: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A webhook event was accepted; the credential has not been read from Certifier yet.
    case received
    /// The Certifier credential was read and stored; it is waiting to be mapped and signed.
    case fetched
    /// A signed VC is stored and waits for the wallet.
    case signed
    /// The wallet holds the VC (200 or 409). Terminal.
    case delivered
    /// Gave up: a permanent error or too many attempts; `lastError` says why. Terminal, replayable.
    case dead
    /// No mapping profile applies to the credential; a visible outcome, not a silent drop. Terminal.
    case noMatch = "no-match"

    /// Whether the worker is done with the job.
    public var isTerminal: Bool {
        switch self {
        case .received, .fetched, .signed: false
        case .delivered, .dead, .noMatch: true
        }
    }

    /// The states the worker picks up.
    public static let pending: [JobState] = [.received, .fetched, .signed]

    /// The raw name (`no-match` for ``noMatch``).
    public var description: String { rawValue }
}
