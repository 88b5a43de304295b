import JSONCanonical
import Outbox

extension CertifierClient: CredentialSource {
    /// Reads the credential with `GET /v1/credentials/{id}`; failures keep Certifier's status and
    /// reason and say whether a retry may help. A 404 means the credential was deleted.
    public func fetchCredential(id: String) async throws(SourceError) -> JSONValue {
        do {
            return try await credential(id: id).document
        } catch {
            throw SourceError(
                reason: error.description, isRetryable: error.isRetryable, retryAfter: error.retryAfter, isGone: error.isNotFound)
        }
    }
}

extension WebhookEnvelope {
    /// The envelope as an outbox event: credential events make the gateway re-read the credential.
    public var sourceEvent: SourceEvent {
        SourceEvent(id: id, type: type, sourceId: data.resource.id, actsOnDocument: isCredentialEvent)
    }
}
