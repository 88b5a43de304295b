import Destination
import Foundation
import JSONCanonical
import Outbox
import Secrets

/// An access token, as stored (kind `oid4vci.token`, id = the token's SHA-256).
enum AccessTokenRecord {
    static let kind = "oid4vci.token"
    static let state = "ACTIVE"
}

/// A `c_nonce` (kind `oid4vci.nonce`, id = the nonce), taken when a proof uses it.
enum NonceRecord {
    static let kind = "oid4vci.nonce"
    static let state = "FRESH"
}

extension OID4VCIIssuerService {
    /// `POST /oid4vci/token`: exchanges a pre-authorized code (and the offer's transaction code,
    /// when it has one) for an access token. The code is single-use; a wrong transaction code
    /// counts against the code and against the offer, which locks after `offer_attempts`.
    func token(_ request: HolderRequest) async -> HolderResponse {
        let form: FormBody
        do {
            form = try FormBody(request.body)
        } catch {
            return .refusal(400, "invalid_request", "\(error)", headers: Self.noStore)
        }
        guard let grantType = form["grant_type"] else {
            return .refusal(400, "invalid_request", "grant_type is missing", headers: Self.noStore)
        }
        guard grantType == Self.preAuthorizedGrant else {
            return .refusal(400, "unsupported_grant_type", "only \(Self.preAuthorizedGrant) is supported", headers: Self.noStore)
        }
        guard let code = form["pre-authorized_code"], !code.isEmpty else {
            return .refusal(400, "invalid_request", "pre-authorized_code is missing", headers: Self.noStore)
        }
        let moment = now()
        let codeID = IssuerSecrets.digest(code)
        do {
            guard let record = try await store.record(kind: CodeRecord.kind, id: codeID, now: moment), let offerID = record.subject else {
                return invalidGrant("the pre-authorized code is unknown, expired or used already; fetch the offer again")
            }
            guard let offer = try await book.offer(id: offerID, now: moment) else {
                return invalidGrant("the offer of this code has expired")
            }
            guard offer.state == .open else { return invalidGrant(closedReason(offer)) }
            if let expected = offer.txCode {
                guard let given = form["tx_code"], !given.isEmpty else {
                    return .refusal(400, "invalid_request", "this offer needs its transaction code: send tx_code", headers: Self.noStore)
                }
                guard Secret(expected).matches(given) else {
                    return await wrongTransactionCode(record: record, offer: offer, now: moment)
                }
            }
            // Taking the record is the single use: of two requests with the same code, one gets it.
            guard try await store.takeRecord(kind: CodeRecord.kind, id: codeID, now: moment) != nil else {
                return invalidGrant("the pre-authorized code is unknown, expired or used already; fetch the offer again")
            }
            let accessToken = IssuerSecrets.token()
            let ids = configurations.filter { $0.profile == offer.profile }.map(\.id)
            let tokenRecord = ProtocolRecord(
                kind: AccessTokenRecord.kind, id: IssuerSecrets.digest(accessToken), subject: offer.id, state: AccessTokenRecord.state,
                body: ["configurations": .array(ids.map { .string($0) })], createdAt: moment,
                expiresAt: moment.addingTimeInterval(seconds(settings.tokenLifetime)))
            guard try await store.insertRecord(tokenRecord) else {
                return .refusal(503, "temporarily_unavailable", "token collision; fetch the offer again", headers: Self.noStore)
            }
            let nonce = try await mintNonce(now: moment)
            logger.info("OpenID4VCI: access token issued", metadata: ["vc": "\(offer.vcId)"])
            let details: [JSONValue] = ids.map { id in
                ["type": "openid_credential", "credential_configuration_id": .string(id), "credential_identifiers": [.string(id)]]
            }
            return .json(
                200,
                [
                    "access_token": .string(accessToken), "token_type": "Bearer",
                    "expires_in": .number(seconds(settings.tokenLifetime).rounded()),
                    "c_nonce": .string(nonce), "c_nonce_expires_in": .number(seconds(settings.nonceLifetime).rounded()),
                    "authorization_details": .array(details),
                ],
                headers: Self.noStore)
        } catch {
            return unavailable(error)
        }
    }

    /// Counts a wrong transaction code on the code and on the offer; either running out ends it.
    private func wrongTransactionCode(record: ProtocolRecord, offer: Offer, now moment: Date) async -> HolderResponse {
        do {
            var locked = offer
            locked.wrongTxCodes += 1
            if locked.wrongTxCodes >= settings.offerAttempts {
                _ = try await book.close(locked, as: .locked, reason: "\(locked.wrongTxCodes) wrong transaction codes", now: moment)
                logger.warning("OpenID4VCI: offer locked after wrong transaction codes", metadata: ["vc": "\(offer.vcId)"])
                return invalidGrant("wrong transaction code; the offer is now locked after too many wrong codes: ask the issuer for a new one")
            }
            _ = try await book.update(locked, expected: .open, now: moment)
            let attempts = Int(record.body["attempts"]?.numberValue ?? 0) + 1
            if attempts >= settings.codeAttempts {
                _ = try await store.takeRecord(kind: CodeRecord.kind, id: record.id, now: moment)
                return invalidGrant("wrong transaction code; this pre-authorized code is spent after \(attempts) tries: fetch the offer again")
            }
            _ = try await store.updateRecord(
                kind: CodeRecord.kind, id: record.id, expectedState: CodeRecord.state, state: CodeRecord.state,
                body: ["attempts": .number(Double(attempts))], now: moment)
            return invalidGrant("wrong transaction code (\(settings.codeAttempts - attempts) tries left with this code)")
        } catch {
            return unavailable(error)
        }
    }

    func invalidGrant(_ reason: String) -> HolderResponse {
        .refusal(400, "invalid_grant", reason, headers: Self.noStore)
    }

    /// `POST /oid4vci/nonce`: a fresh `c_nonce`, never cached.
    func nonce() async -> HolderResponse {
        do {
            return .json(200, ["c_nonce": .string(try await mintNonce(now: now()))], headers: Self.noStore)
        } catch {
            return unavailable(error)
        }
    }

    func mintNonce(now moment: Date) async throws(OutboxError) -> String {
        let nonce = IssuerSecrets.token()
        let record = ProtocolRecord(
            kind: NonceRecord.kind, id: nonce, state: NonceRecord.state, createdAt: moment,
            expiresAt: moment.addingTimeInterval(seconds(settings.nonceLifetime)))
        _ = try await store.insertRecord(record)
        return nonce
    }
}
