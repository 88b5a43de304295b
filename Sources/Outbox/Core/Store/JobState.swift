/// Where a delivery job stands: received → fetched → signed → delivered | dead | no-match | deleted.
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
    /// Certifier answered 404: the credential was deleted. Its VCs are revoked where they carry a
    /// revocation entry, and the personal data the outbox held for it is purged. Terminal.
    case deleted

    /// Whether the worker is done with the job.
    public var isTerminal: Bool {
        switch self {
        case .received, .fetched, .signed: false
        case .delivered, .dead, .noMatch, .deleted: true
        }
    }

    /// The states the worker picks up.
    public static let pending: [JobState] = [.received, .fetched, .signed]

    /// The raw name (`no-match` for ``noMatch``).
    public var description: String { rawValue }
}
