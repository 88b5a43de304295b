import Foundation
import JSONCanonical
import Outbox

extension StatusPublisher {
    /// The published lists whose proof names another verification method than the signer's:
    /// after `certbridge keys rotate`, every list the retired key signed.
    public func listsSignedByAnotherKey() async throws(OutboxError) -> [String] {
        let method = signer.verificationMethod
        return try await store.publishedStatusLists().filter { list in
            guard let credential = try? JSONValue(parsing: Array(list.credential.utf8)) else { return true }
            let proofs = credential["proof"].map { $0.arrayValue ?? [$0] } ?? []
            return proofs.contains { $0["verificationMethod"]?.stringValue != method }
        }.map(\.slug)
    }

    /// The rule for this pass: the configured one, or, when a list was signed by another key,
    /// one under which every list is due, so the active key re-signs them all at once.
    func passRule() async throws(OutboxError) -> StatusPublicationRule {
        let stale = try await listsSignedByAnotherKey()
        guard !stale.isEmpty else { return rule }
        logger.notice(
            "status lists signed by another key are signed again with the active key",
            metadata: ["lists": "\(stale.joined(separator: ", "))", "verificationMethod": "\(signer.verificationMethod)"])
        // A renewal window longer than the validity makes every published list due.
        return StatusPublicationRule(validity: rule.validity, renewBefore: rule.validity + .seconds(365 * 86_400))
    }
}
