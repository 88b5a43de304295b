import Credentials
import CredentialJWT
import Crypto
import DIDResolution
import Destination
import Foundation
import JSONCanonical
import Logging
import NIOHTTP1
import Outbox
import Pipeline

/// Writes VCs to DCP holders: resolves the holder DID's `CredentialService` through the one
/// guarded resolver, and posts a `CredentialMessage` to its storage API (`POST …/credentials`)
/// with the gateway's self-issued ID token as `Authorization: Bearer`.
///
/// A holder that asked for the credential (a `CredentialRequestMessage` to the issuer service)
/// gets the request's `holderPid` as `holderPid`, the request id as `issuerPid`, and its access
/// token as the ID token's `token` claim; any other holder gets an unrequested push (what TSG's
/// holder stores) with an `issuerPid` derived from the VC id, so a retry is recognisably the same.
///
/// Answers: 2xx delivered; 409 already present; 429 and 5xx retryable after `Retry-After`; any
/// other 4xx rejected with the holder's reason. Resolution refused by a rule (a private address,
/// no `CredentialService`) is rejected with the DID and the rule; a timeout or an unreachable
/// host is retryable.
public struct DCPHolderClient: Destination {
    let settings: DCPSettings
    let context: DestinationContext
    let resolution: Result<NetworkDIDResolver, GuardedHTTPError>
    let objects: [String: DCPCredentialObject]
    let service: DCPIssuerService?

    /// The client and, when configured and possible, its issuer service.
    public init(settings: DCPSettings, context: DestinationContext) {
        self.settings = settings
        self.context = context
        if let shared = context.didResolver {
            resolution = .success(shared)
        } else {
            do {
                let client = try GuardedHTTPClient(settings: context.didResolution, logger: context.logger)
                resolution = .success(NetworkDIDResolver(client: client, logger: context.logger))
            } catch {
                resolution = .failure(error)
            }
        }
        let list = context.profiles.map { DCPCredentialObject.of($0, format: settings.format, schema: settings.credentialSchema) } ?? []
        objects = Dictionary(list.map { ($0.profile, $0) }, uniquingKeysWith: { first, _ in first })
        if settings.issuerService, let base = context.publicBaseURL, let issuer = context.issuer, let records = context.records,
            case .success(let resolver) = resolution
        {
            service = DCPIssuerService(
                settings: settings, baseURL: base, issuer: issuer, records: records, resolver: resolver, objects: list,
                wakeWorker: context.wakeWorker, logger: context.logger)
        } else {
            service = nil
        }
    }

    /// `dcp`.
    public var kind: DestinationKind { .dcp }
    /// The settings' label.
    public var label: String { settings.label }
    /// VC-JWTs for `format: jwt`, Data Integrity proofs otherwise.
    public var securing: CredentialSecuring { settings.format == .jwt ? .envelopedJWT : .dataIntegrity }
    /// The issuer service, when it runs.
    public var holderService: (any HolderService)? { service }

    /// Writes one VC to its holder.
    public func deliver(_ vc: JSONValue, profile: String) async -> DeliveryOutcome {
        let resolver: NetworkDIDResolver
        switch resolution {
        case .success(let built): resolver = built
        case .failure(let error): return .rejected(reason: "DCP delivery is not set up: \(error)")
        }
        guard let issuer = context.issuer else {
            return .rejected(reason: "DCP delivery needs the issuer's DID and key to sign its ID token; none is configured")
        }
        let credential: DCPOutgoingCredential
        do {
            credential = try DCPOutgoingCredential(vc, format: settings.format)
        } catch {
            return .rejected(reason: error.description)
        }
        guard let object = objects[profile] else {
            return .rejected(reason: "profile '\(profile)' is not a DCP credential of this gateway (its target is not dcp)")
        }
        let endpoint: String
        do {
            endpoint = try await resolver.serviceEndpoint(type: "CredentialService", of: credential.holder)
        } catch {
            return error.isTransient
                ? .retryable(reason: "resolving the holder: \(error)", retryAfter: nil)
                : .rejected(reason: "resolving the holder: \(error)")
        }
        let now = Date()
        let request = await pendingRequest(holder: credential.holder, object: object.id, now: now)
        let issuerPid = request?.id ?? Self.pushIssuerPid(vcId: credential.vcId)
        let message = DCPMessage.credential(
            issuerPid: issuerPid, holderPid: request?.body["holderPid"]?.stringValue, credentialType: object.credentialType,
            payload: credential.payload, format: settings.format)
        var extraClaims: [String: JSONValue] = [:]
        if let token = request?.body["token"]?.stringValue { extraClaims["token"] = .string(token) }
        let idToken: String
        do {
            idToken = try await SelfIssuedIDToken.make(
                issuer: issuer.did, audience: credential.holder, key: issuer.key, keyID: issuer.verificationMethod,
                lifetime: settings.tokenLifetime, now: now, extraClaims: extraClaims)
        } catch {
            return .rejected(reason: "cannot sign the self-issued ID token: \(error)")
        }
        let url = (endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint) + "/credentials"
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "Bearer \(idToken)")
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Accept", value: "application/json")
        let response: GuardedHTTPClient.Response
        do {
            response = try await resolver.client.execute(
                .init(method: .POST, url: url, headers: headers, body: JSONWriter(style: .compact).bytes(message), maxBytes: 64 << 10),
                subject: credential.holder)
        } catch {
            await remember(credential, object: object)
            return error.isTransient
                ? .retryable(reason: "posting to the holder: \(error)", retryAfter: nil)
                : .rejected(reason: "posting to the holder: \(error)")
        }
        await remember(credential, object: object)
        let outcome = Self.outcome(status: response.status, headers: response.headers, body: response.body, url: url)
        if case .delivered = outcome, let request { await fulfil(request, object: object.id, now: now) }
        if case .alreadyPresent = outcome, let request { await fulfil(request, object: object.id, now: now) }
        return outcome
    }

    /// The holder's oldest open request for this credential object, if any.
    private func pendingRequest(holder: String, object: String, now: Date) async -> ProtocolRecord? {
        guard let records = context.records else { return nil }
        do {
            let open = try await records.records(
                kind: DCPRecords.request, subject: holder, states: [DCPRequestState.received.rawValue], now: now, limit: 100)
            return open.first { record in
                let wanted = record.body["credentials"]?.arrayValue?.contains(.string(object)) ?? false
                let deadline = record.body["deadline"]?.numberValue ?? .infinity
                return wanted && deadline > now.timeIntervalSince1970
            }
        } catch {
            context.logger.warning("cannot read DCP requests; delivering unrequested", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Notes that this VC went (or was refused) to the holder, so its request later re-sends it.
    private func remember(_ credential: DCPOutgoingCredential, object: DCPCredentialObject) async {
        guard let records = context.records else { return }
        let record = ProtocolRecord(
            kind: DCPRecords.delivery, id: credential.vcId, subject: credential.holder, state: "SENT",
            body: ["object": .string(object.id)], createdAt: Date())
        do {
            _ = try await records.insertRecord(record)
        } catch {
            context.logger.warning("cannot record a DCP delivery", metadata: ["vc": "\(credential.vcId)", "error": "\(error)"])
        }
    }

    /// Marks one requested credential delivered; the request is `ISSUED` once all of them are.
    private func fulfil(_ request: ProtocolRecord, object: String, now: Date) async {
        guard let records = context.records else { return }
        do {
            _ = try await records.insertRecord(
                ProtocolRecord(
                    kind: DCPRecords.fulfilment, id: "\(request.id) \(object)", subject: request.subject, state: "DELIVERED",
                    createdAt: now, expiresAt: request.expiresAt))
            let wanted = request.body["credentials"]?.arrayValue?.compactMap(\.stringValue) ?? []
            var done = 0
            for id in wanted where try await records.record(kind: DCPRecords.fulfilment, id: "\(request.id) \(id)", now: now) != nil {
                done += 1
            }
            if done == wanted.count {
                _ = try await records.updateRecord(
                    kind: DCPRecords.request, id: request.id, expectedState: DCPRequestState.received.rawValue,
                    state: DCPRequestState.issued.rawValue, body: nil, now: now)
            }
        } catch {
            context.logger.warning("cannot record a DCP request's progress", metadata: ["request": "\(request.id)", "error": "\(error)"])
        }
    }

    /// A stable `issuerPid` for an unrequested push: derived from the VC id, so every retry of one
    /// VC carries the same one (the holder can recognise a repeat).
    static func pushIssuerPid(vcId: String) -> String {
        "push-" + SHA256.hash(data: Array(vcId.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// The holder's answer in the retry rules' terms.
    static func outcome(status: Int, headers: HTTPHeaders, body: [UInt8], url: String) -> DeliveryOutcome {
        switch status {
        case 200..<300:
            return .delivered(receipt: nil)
        case 409:
            return .alreadyPresent
        case 429, 500..<600:
            let retryAfter = RetryAfter.parse(headers.first(name: "Retry-After"), now: Date())
            return .retryable(reason: "HTTP \(status) from the holder at \(url)\(Self.reason(body))", retryAfter: retryAfter)
        default:
            return .rejected(reason: "HTTP \(status) from the holder at \(url)\(Self.reason(body))")
        }
    }

    /// The holder's reason from its body (`error_description`, `message`, `error`, or the text), short.
    static func reason(_ body: [UInt8]) -> String {
        guard !body.isEmpty else { return "" }
        let text = String(decoding: body.prefix(2048), as: UTF8.self)
        if let json = try? JSONValue(parsing: text) {
            for key in ["error_description", "message", "error", "detail"] {
                if let reason = json[key]?.stringValue { return ": \(reason.prefix(300))" }
            }
        }
        return ": \(text.prefix(300))"
    }
}
