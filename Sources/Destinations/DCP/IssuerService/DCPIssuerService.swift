import CredentialJWT
import DIDResolution
import Destination
import Foundation
import JSONCanonical
import Logging
import Outbox

/// The gateway's DCP issuer service, mounted at `<public_url>/dcp` and named by the
/// `IssuerService` entry of the issuer's DID document:
///
/// - `GET /metadata`: the `IssuerMetadata`, one `CredentialObject` per profile that targets `dcp`;
/// - `POST /credentials`: a holder's `CredentialRequestMessage`, authorised by the holder's
///   self-issued ID token (checked through the one DID resolver, single-use by `jti`); answered
///   `201` with `Location: …/requests/{id}`. Credentials the holder was sent (or refused) before
///   are queued again at once; the others go when their certificate arrives from Certifier;
/// - `GET /requests/{id}`: that request's `CredentialStatus`, for the holder that made it only.
///
/// Requests live in the outbox store's protocol records, so a restart or another instance
/// answers for them.
public struct DCPIssuerService: HolderService {
    let settings: DCPSettings
    let baseURL: String
    let issuer: IssuerIdentity
    let records: any ProtocolRecordStore
    let resolver: NetworkDIDResolver
    let objects: [DCPCredentialObject]
    let wakeWorker: @Sendable () -> Void
    let logger: Logger
    /// The clock (tests move it).
    var now: @Sendable () -> Date = { Date() }

    /// `/dcp`.
    public var mountPath: String { "/dcp" }

    /// The service's base URL: what the DID document's `IssuerService` names.
    public var serviceURL: String { (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + mountPath }

    /// The `IssuerService` entry.
    public var didServices: [JSONValue] {
        [["id": .string(issuer.did + "#issuer-service"), "type": "IssuerService", "serviceEndpoint": .string(serviceURL)]]
    }

    /// Routes one request.
    public func handle(_ request: HolderRequest) async -> HolderResponse {
        let segments = request.path.split(separator: "/").map(String.init)
        switch (request.method, segments.count, segments.first) {
        case ("GET", 1, "metadata"):
            return .json(200, DCPMessage.issuerMetadata(issuer: issuer.did, objects: objects))
        case ("POST", 1, "credentials"):
            return await requestCredentials(request)
        case ("GET", 2, "requests"):
            return await status(request, id: segments[1])
        case (_, 1, "metadata"), (_, 1, "credentials"), (_, 2, "requests"):
            return .refusal(405, "method_not_allowed", "\(request.method) is not allowed on \(mountPath)\(request.path)")
        default:
            return .refusal(404, "not_found", "no DCP endpoint at \(mountPath)\(request.path) (metadata, credentials, requests/{id})")
        }
    }

    /// A holder's credential request.
    private func requestCredentials(_ request: HolderRequest) async -> HolderResponse {
        let claims: SelfIssuedIDToken.Claims
        switch await authenticate(request) {
        case .accepted(let verified): claims = verified
        case .refused(let refusal): return refusal
        }
        let message: DCPCredentialRequest
        do {
            message = try DCPCredentialRequest(body: request.body, known: Set(objects.map(\.id)))
        } catch {
            return .refusal(400, "invalid_request", "CredentialRequestMessage: \(error)")
        }
        let moment = now()
        let id = UUID().uuidString.lowercased()
        let deadline = moment.addingTimeInterval(Double(settings.requestTTL.components.seconds))
        var body: JSONObject = [
            "holderPid": .string(message.holderPid),
            "credentials": .array(message.credentialIDs.map { .string($0) }),
            "deadline": .number(deadline.timeIntervalSince1970.rounded()),
        ]
        if let token = claims.all["token"]?.stringValue { body["token"] = .string(token) }
        let record = ProtocolRecord(
            kind: DCPRecords.request, id: id, subject: claims.issuer, state: DCPRequestState.received.rawValue, body: .object(body),
            createdAt: moment, expiresAt: deadline.addingTimeInterval(30 * 86_400))
        do {
            guard try await records.insertRecord(record) else {
                return .refusal(503, "temporarily_unavailable", "request id collision; send the request again")
            }
            let requeued = try await requeue(holder: claims.issuer, objects: Set(message.credentialIDs), now: moment)
            if requeued > 0 { wakeWorker() }
            logger.info(
                "DCP credential request received",
                metadata: ["request": "\(id)", "holder": "\(claims.issuer)", "credentials": "\(message.credentialIDs)", "requeued": "\(requeued)"])
        } catch {
            return .refusal(503, "temporarily_unavailable", "the outbox is unavailable: \(error)", headers: ["Retry-After": "5"])
        }
        return .json(
            201, DCPMessage.status(issuerPid: id, holderPid: message.holderPid, status: .received),
            headers: ["Location": serviceURL + "/requests/" + id])
    }

    /// Queues again the VCs this holder was sent or refused before, for the objects it asks for.
    private func requeue(holder: String, objects wanted: Set<String>, now: Date) async throws(OutboxError) -> Int {
        let sent = try await records.records(kind: DCPRecords.delivery, subject: holder, states: nil, now: now, limit: 1000)
        let vcIds = sent.filter { wanted.contains($0.body["object"]?.stringValue ?? "") }.map(\.id)
        return try await records.redeliver(vcIds: vcIds, now: now)
    }

    /// A request's status, for the holder that made it.
    private func status(_ request: HolderRequest, id: String) async -> HolderResponse {
        let claims: SelfIssuedIDToken.Claims
        switch await authenticate(request) {
        case .accepted(let verified): claims = verified
        case .refused(let refusal): return refusal
        }
        let moment = now()
        let record: ProtocolRecord?
        do {
            record = try await records.record(kind: DCPRecords.request, id: id, now: moment)
        } catch {
            return .refusal(503, "temporarily_unavailable", "the outbox is unavailable: \(error)", headers: ["Retry-After": "5"])
        }
        // Another holder's request is answered as unknown: its existence is not theirs to learn.
        guard let record, record.subject == claims.issuer else {
            return .refusal(404, "not_found", "no request \(id) of \(claims.issuer)")
        }
        var state = DCPRequestState(rawValue: record.state) ?? .received
        if state == .received, let deadline = record.body["deadline"]?.numberValue, deadline <= moment.timeIntervalSince1970 {
            state = .rejected
        }
        return .json(200, DCPMessage.status(issuerPid: id, holderPid: record.body["holderPid"]?.stringValue ?? "", status: state))
    }

    /// Checks the holder's self-issued ID token: signed by a key of its `iss` DID (resolved
    /// through the guarded resolver), addressed to the issuer DID, unexpired, and not seen before.
    private func authenticate(_ request: HolderRequest) async -> Authentication {
        guard let token = request.bearerToken else {
            return .refused(
                .refusal(
                    401, "invalid_token", "send the holder's self-issued ID token as Authorization: Bearer",
                    headers: ["WWW-Authenticate": "Bearer"]))
        }
        let moment = now()
        let claims: SelfIssuedIDToken.Claims
        do {
            let references = try CredentialJWT.references(in: token)
            let verifier = try await resolver.prefetchedResolver(for: [references.keyID])
            claims = try await SelfIssuedIDToken.verify(token, expectedAudience: issuer.did, resolver: verifier, now: moment)
        } catch {
            logger.notice("DCP request refused", metadata: ["reason": "\(error)"])
            return .refused(.refusal(401, "invalid_token", "the self-issued ID token is not accepted: \(error)"))
        }
        guard let jti = claims.tokenID, !jti.isEmpty else {
            return .refused(.refusal(401, "invalid_token", "the self-issued ID token has no 'jti' (tokens are single-use)"))
        }
        do {
            let seen = ProtocolRecord(
                kind: DCPRecords.tokenID, id: "\(claims.issuer) \(jti)", subject: claims.issuer, state: "USED", createdAt: moment,
                expiresAt: claims.expiresAt.addingTimeInterval(120))
            guard try await records.insertRecord(seen) else {
                return .refused(.refusal(401, "invalid_token", "the self-issued ID token was used before (jti \(jti)); send a new one"))
            }
        } catch {
            return .refused(.refusal(503, "temporarily_unavailable", "the outbox is unavailable: \(error)", headers: ["Retry-After": "5"]))
        }
        return .accepted(claims)
    }

    /// A holder's token, accepted or refused with the answer to send.
    private enum Authentication {
        case accepted(SelfIssuedIDToken.Claims)
        case refused(HolderResponse)
    }
}
