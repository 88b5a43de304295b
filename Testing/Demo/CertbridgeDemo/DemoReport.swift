import Outbox

/// What one demo run showed: the webhook checks, each example's way through the outbox, and
/// whether the VCs the wallet received verify against the issuer's published did.json.
public struct DemoReport: Sendable {
    /// One expectation about how the gateway answered or counted a webhook.
    public struct Check: Sendable {
        /// What was done, e.g. `event demo-1 sent again`.
        public var action: String
        /// What happened.
        public var observed: String
        /// Whether that is what the gateway must do.
        public var passed: Bool
    }

    /// One example credential's outcome.
    public struct Credential: Sendable {
        /// The Certifier credential id.
        public var sourceId: String
        /// The profile that mapped it, if any.
        public var profile: String?
        /// The profile's import schema (`tsg-wallet`, `generic`), if a profile mapped it.
        public var target: String?
        /// The outbox state; `nil` when no job exists.
        public var state: JobState?
        /// The outbox's last error or no-match reason.
        public var reason: String?
        /// The wallet's record id.
        public var receipt: String?
        /// The VC id.
        public var vcId: String?
        /// `nil` when the wallet holds no VC for it; else the verifier's result.
        public var verification: Result<String, Failure>?

        /// Whether the example must reach the wallet: any whose profile is made for the TSG wallet
        /// (or that no profile took, which the bundled examples never are).
        public var mustDeliver: Bool { target == nil || target == "tsg-wallet" }

        /// Delivered and verified, or, when not made for the wallet, settled with its reason shown.
        public var passed: Bool {
            if state == .delivered, case .success = verification { return true }
            return !mustDeliver && (state?.isTerminal ?? false)
        }
    }

    /// A verification failure's text.
    public struct Failure: Error, Sendable {
        /// The verifier's reason.
        public var reason: String
    }

    /// The issuer DID.
    public var issuer: String
    /// Facts about the run (work dir, key, endpoints), in order.
    public var setup: [(label: String, value: String)]
    /// The webhook checks.
    public var checks: [Check]
    /// The examples in file order.
    public var credentials: [Credential]
    /// Where the wallet's VCs were written.
    public var walletFile: String
    /// The `certbridge verify` command that checks `walletFile` again.
    public var verifyCommand: String

    /// Delivered jobs.
    public var delivered: Int { credentials.count(where: { $0.state == .delivered }) }
    /// Dead jobs.
    public var dead: Int { credentials.count(where: { $0.state == .dead }) }
    /// No-match jobs.
    public var noMatch: Int { credentials.count(where: { $0.state == .noMatch }) }
    /// VCs in the wallet that verify.
    public var verified: Int {
        credentials.count(where: { if case .success = $0.verification { true } else { false } })
    }

    /// Every check passed and every example that must reach the wallet did, and verified.
    public var succeeded: Bool { checks.allSatisfy(\.passed) && credentials.allSatisfy(\.passed) }

    /// The process exit status: 0 on success, 1 otherwise.
    public var exitCode: Int32 { succeeded ? 0 : 1 }

    /// `4 delivered, 0 dead, 0 no match; 4 verified in the wallet`.
    public var summary: String {
        "\(delivered) delivered, \(dead) dead, \(noMatch) no match; \(verified) verified in the wallet"
    }
}
