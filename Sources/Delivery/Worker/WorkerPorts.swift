import Certifier
import JSONCanonical

/// Where the worker reads a Certifier credential (the Certifier API in production).
public protocol CredentialSource: Sendable {
    /// The credential document for a Certifier credential id.
    func fetchCredential(id: String) async throws(CertifierError) -> JSONValue
}

/// Turns a Certifier credential into a signed VC (the mapping pipeline in production).
///
/// Kept as a protocol so the outbox does not depend on mapping or signing; the Gateway adapts
/// the real pipeline to it.
public protocol CredentialConverter: Sendable {
    /// Maps and signs one Certifier credential document.
    func convert(_ credential: JSONValue) async -> ConversionResult
}

/// The outcome of converting one credential.
public enum ConversionResult: Sendable, Equatable {
    /// A signed VC, its id and the profile that made it.
    case converted(vc: JSONValue, vcId: String, profile: String)
    /// No profile applies; the reason is shown to operators.
    case noProfileMatched(reason: String)
    /// A profile applies but the credential cannot be mapped or signed; the reason names the field.
    case failed(reason: String)
    /// A profile converted the credential, but its VCs are not for this destination (the profile's
    /// target is not the TSG wallet): dead at once, no request made, the profile kept for operators.
    case refused(profile: String, reason: String)
}

/// Where signed VCs go (the TSG wallet import endpoint in production).
public protocol CredentialDestination: Sendable {
    /// Sends one signed VC.
    func importCredential(_ vc: JSONValue) async -> WalletImportOutcome
}

/// What the wallet said about one VC.
public enum WalletImportOutcome: Sendable, Equatable {
    /// 200: stored; the wallet's record id when it sent one.
    case imported(recordId: String?)
    /// 409: the wallet holds a VC with this id already (ids are deterministic, so it is ours).
    case alreadyPresent
    /// 429, 5xx, network, or no token: try again later, after `retryAfter` if the wallet said so.
    case retryable(reason: String, retryAfter: Duration?)
    /// Any other 4xx: waiting will not help; the wallet's reason.
    case rejected(reason: String)
}

extension CertifierClient: CredentialSource {
    /// Reads the credential with `GET /v1/credentials/{id}`.
    public func fetchCredential(id: String) async throws(CertifierError) -> JSONValue {
        try await credential(id: id).document
    }
}
