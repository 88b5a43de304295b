import Foundation
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

extension CertifierClient: CredentialCatalog {
    /// A page of `GET /v1/credentials`, or, with `updatedSince`, of `POST /v1/credentials/search`
    /// filtered on `updatedAt`. When Certifier refuses the search (400, 404, 405, 422: the filter
    /// form is not confirmed), the list is paged instead and filtered here. Either way documents
    /// older than `updatedSince` are dropped here too. The cursor says which endpoint it belongs
    /// to (`search:` / `list:`), so a resumed run keeps to the endpoint it started with.
    public func page(cursor: String?, limit: Int, updatedSince: Date?) async throws(SourceError) -> CatalogPage {
        do {
            if let updatedSince, cursor == nil || cursor?.hasPrefix(Self.searchTag) == true {
                do {
                    let page = try await searchCredentials(
                        updatedSince: updatedSince, cursor: cursor.map { String($0.dropFirst(Self.searchTag.count)) }, limit: limit)
                    return CatalogPage(
                        documents: Self.changed(page.documents, since: updatedSince), next: page.nextCursor.map { Self.searchTag + $0 })
                } catch .api(let status, _, _, _) where [400, 404, 405, 422].contains(status) && cursor == nil {
                    let page = try await listCredentials(cursor: nil, limit: limit)
                    return CatalogPage(
                        documents: Self.changed(page.documents, since: updatedSince), next: page.nextCursor.map { Self.listTag + $0 },
                        note: "Certifier refused the search (HTTP \(status)); listing every credential and filtering on updatedAt here")
                }
            }
            let listCursor = cursor.map { $0.hasPrefix(Self.listTag) ? String($0.dropFirst(Self.listTag.count)) : $0 }
            let page = try await listCredentials(cursor: listCursor, limit: limit)
            let documents = updatedSince.map { Self.changed(page.documents, since: $0) } ?? page.documents
            return CatalogPage(documents: documents, next: page.nextCursor.map { Self.listTag + $0 })
        } catch {
            throw SourceError(reason: error.description, isRetryable: error.isRetryable, retryAfter: error.retryAfter)
        }
    }

    static let searchTag = "search:"
    static let listTag = "list:"

    /// The documents whose `updatedAt` is at or after `since` (a document without one is kept:
    /// missing it is not proof it is unchanged).
    static func changed(_ documents: [JSONValue], since: Date) -> [JSONValue] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        return documents.filter { document in
            guard let text = document["updatedAt"]?.stringValue, let date = formatter.date(from: text) ?? plain.date(from: text) else {
                return true
            }
            return date >= since
        }
    }
}
