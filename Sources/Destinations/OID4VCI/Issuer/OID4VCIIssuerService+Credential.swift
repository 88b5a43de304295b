import CredentialJWT
import Destination
import Foundation
import JSONCanonical
import Mapping
import Outbox

extension OID4VCIIssuerService {
    /// `POST /oid4vci/credential`: checks the access token, the request, the key proof (through
    /// the one DID resolver) and its nonce (fresh, used once); then binds the offer's credential
    /// to the holder's DID and signs it now, in the format asked for.
    func credential(_ request: HolderRequest) async -> HolderResponse {
        guard let accessToken = request.bearerToken else {
            return .refusal(
                401, "invalid_token", "send the access token from the token endpoint as Authorization: Bearer",
                headers: ["WWW-Authenticate": "Bearer"])
        }
        let moment = now()
        let tokenRecord: ProtocolRecord
        do {
            guard let found = try await store.record(kind: AccessTokenRecord.kind, id: IssuerSecrets.digest(accessToken), now: moment)
            else {
                return .refusal(
                    401, "invalid_token", "the access token is unknown, expired or used already",
                    headers: ["WWW-Authenticate": "Bearer error=\"invalid_token\""])
            }
            tokenRecord = found
        } catch {
            return unavailable(error)
        }
        let parsed: CredentialRequest
        do {
            parsed = try CredentialRequest(body: request.body)
        } catch .missingProof {
            return .refusal(400, "invalid_proof", CredentialRequestError.missingProof.description)
        } catch {
            return .refusal(400, "invalid_credential_request", error.description)
        }
        let allowed = tokenRecord.body["configurations"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let configuration: CredentialConfiguration
        switch select(parsed.selector, allowed: allowed) {
        case .success(let chosen): configuration = chosen
        case .failure(let refusal): return refusal.response
        }
        let profile = profiles.profiles.first { $0.name == configuration.profile }
        let binding: VerifiedKeyProof
        switch await verifyProof(parsed.proof, allowX5C: profile?.offer?.binding == .x5c, now: moment) {
        case .success(let verified): binding = verified
        case .failure(let refusal): return refusal.response
        }
        guard let offerID = tokenRecord.subject else { return .refusal(401, "invalid_token", "the access token names no offer") }
        return await redeem(offerID: offerID, token: tokenRecord, configuration: configuration, holder: binding, legacy: parsed.legacy, now: moment)
    }

    /// The configuration a request names, among those its token allows.
    private func select(_ selector: CredentialRequest.Selector, allowed: [String]) -> Result<CredentialConfiguration, RefusalAnswer> {
        let candidates = configurations.filter { allowed.contains($0.id) }
        switch selector {
        case .identifier(let id):
            guard let found = candidates.first(where: { $0.id == id }) else {
                return .failure(
                    RefusalAnswer(.refusal(400, "unknown_credential_identifier", "'\(id)' is not one of this token's credential_identifiers: \(allowed)")))
            }
            return .success(found)
        case .configuration(let id):
            guard let found = candidates.first(where: { $0.id == id }) else {
                return .failure(
                    RefusalAnswer(.refusal(400, "unknown_credential_configuration", "'\(id)' is not offered to this token; offered: \(allowed)")))
            }
            return .success(found)
        case .format(let format):
            guard let found = candidates.first(where: { $0.format.rawValue == format }) else {
                return .failure(
                    RefusalAnswer(
                        .refusal(
                            400, "unsupported_credential_format",
                            "format '\(format)' is not offered to this token; offered: \(candidates.map(\.format.rawValue))")))
            }
            return .success(found)
        }
    }

    /// The key proof checked (typ, alg, aud, iat, key) and its nonce taken (fresh and used once).
    private func verifyProof(_ jwt: String, allowX5C: Bool, now moment: Date) async -> Result<VerifiedKeyProof, RefusalAnswer> {
        var policy = KeyProofPolicy(audience: issuer)
        policy.allowedAlgorithms = Set(Self.proofAlgorithms)
        policy.maxAge = settings.proofMaxAge
        policy.allowX5C = allowX5C
        let verified: VerifiedKeyProof
        do {
            let reference = try KeyProof.keyReference(in: jwt)
            let keys: [String]
            if case .kid(let kid) = reference { keys = [kid] } else { keys = [] }
            let methods = try await resolver.prefetchedResolver(for: keys)
            verified = try await KeyProof.verify(jwt, policy: policy, resolver: methods, now: moment)
        } catch let error as KeyProofError {
            logger.notice("OpenID4VCI: key proof refused", metadata: ["reason": "\(error)"])
            return .failure(RefusalAnswer(.refusal(400, error.errorCode, error.description)))
        } catch {
            // The resolver refused the DID (a private address, a document that cannot be read).
            logger.notice("OpenID4VCI: key proof refused", metadata: ["reason": "\(error)"])
            return .failure(RefusalAnswer(.refusal(400, "invalid_proof", "the proof's key cannot be resolved: \(error)")))
        }
        guard let nonce = verified.nonce else {
            return .failure(RefusalAnswer(.refusal(400, "invalid_nonce", "the proof has no nonce; get one from \(nonceEndpoint)")))
        }
        do {
            guard try await store.takeRecord(kind: NonceRecord.kind, id: nonce, now: moment) != nil else {
                return .failure(
                    RefusalAnswer(
                        .refusal(400, "invalid_nonce", "the proof's nonce is unknown, expired or used already; get a fresh one from \(nonceEndpoint)")))
            }
        } catch {
            return .failure(RefusalAnswer(unavailable(error)))
        }
        return .success(verified)
    }

    /// Binds, signs and answers; the offer turns `REDEEMED` first (compare-and-set), so two
    /// requests never both get a credential, and back to `OPEN` if signing fails.
    private func redeem(
        offerID: String, token: ProtocolRecord, configuration: CredentialConfiguration, holder: VerifiedKeyProof, legacy: Bool,
        now moment: Date
    ) async -> HolderResponse {
        let offer: Offer
        do {
            guard let found = try await book.offer(id: offerID, now: moment) else {
                return .refusal(400, "invalid_credential_request", "the offer has expired")
            }
            offer = found
            guard offer.state == .open, let unsigned = offer.credential else {
                return .refusal(400, "invalid_credential_request", closedReason(offer))
            }
            if let withdrawn = try await withdrawal(of: offer) {
                _ = try await book.close(offer, as: .revoked, reason: withdrawn, now: moment)
                return .refusal(400, "invalid_credential_request", "the credential was withdrawn by the issuer (\(withdrawn))")
            }
            // A suspension may be lifted: refused for now, the offer stays open.
            if try await history(of: offer)?.state == .suspended {
                return .refusal(
                    400, "invalid_credential_request", "the credential is suspended by the issuer; the offer can be redeemed once it is lifted")
            }
            var redeemed = offer
            redeemed.state = .redeemed
            redeemed.redeemedBy = holder.holderDID ?? "(x5c certificate)"
            redeemed.redeemedFormat = configuration.format.rawValue
            redeemed.credential = nil
            guard try await book.update(redeemed, expected: .open, now: moment) else {
                return .refusal(400, "invalid_credential_request", "this offer was redeemed or closed meanwhile")
            }
            let credential: JSONValue
            do {
                credential = try await sign(bind(unsigned, to: holder.holderDID), configuration: configuration)
            } catch {
                logger.error("OpenID4VCI: signing the redeemed credential failed", metadata: ["vc": "\(offer.vcId)", "error": "\(error)"])
                _ = try await book.update(offer, expected: .redeemed, now: moment)
                return .refusal(500, "server_error", "the credential could not be signed; the offer stays open: \(error)")
            }
            _ = try await store.takeRecord(kind: AccessTokenRecord.kind, id: token.id, now: moment)
            logger.info(
                "OpenID4VCI: credential issued",
                metadata: ["vc": "\(offer.vcId)", "holder": "\(holder.holderDID ?? "x5c")", "format": "\(configuration.format.rawValue)"])
            var body: JSONObject = ["credentials": [["credential": credential]]]
            if legacy { body["credential"] = credential }
            return .json(200, .object(body), headers: Self.noStore)
        } catch {
            return unavailable(error)
        }
    }

    /// Why the offer's credential may never be issued (its VC was revoked, or replaced or deleted
    /// without a revocation entry, since the offer was made), or `nil`.
    func withdrawal(of offer: Offer) async throws(OutboxError) -> String? {
        guard let row = try await history(of: offer), row.state == .revoked || row.state == .unrevocable else { return nil }
        return "\(row.state.rawValue)" + (row.reason.map { ": \($0)" } ?? "")
    }

    /// The VC's row in the issued history, if it has one yet.
    func history(of offer: Offer) async throws(OutboxError) -> IssuedCredential? {
        try await store.issued(matching: offer.vcId).first { $0.vcId == offer.vcId }
    }

    /// `credentialSubject.id` = the holder's DID (left out for a certificate-bound holder).
    func bind(_ credential: JSONValue, to holder: String?) -> JSONValue {
        guard let holder, case .object(var document) = credential else { return credential }
        switch document["credentialSubject"] {
        case .object(var subject)?:
            subject["id"] = .string(holder)
            document["credentialSubject"] = .object(subject)
        case .array(var subjects)?:
            // Several subjects: the first is the holder (the profile maps the others).
            if case .object(var first)? = subjects.first {
                first["id"] = .string(holder)
                subjects[0] = .object(first)
            }
            document["credentialSubject"] = .array(subjects)
        default:
            document["credentialSubject"] = ["id": .string(holder)]
        }
        return .object(document)
    }

    /// Signs in the configuration's format: a Data Integrity proof, or a VC 1.1 JWT (a JSON string).
    private func sign(_ credential: JSONValue, configuration: CredentialConfiguration) async throws(RedemptionSigningError) -> JSONValue {
        switch configuration.format {
        case .ldpVC:
            return try await signer.signDataIntegrity(credential, profile: configuration.profile, form: OID4VCICredentialForm())
        case .jwtVCJSON:
            return .string(try await signer.signJWT(credential, profile: configuration.profile))
        }
    }
}

/// A refusal carried through a `Result` (a response is not an `Error`).
struct RefusalAnswer: Error {
    let response: HolderResponse
    init(_ response: HolderResponse) { self.response = response }
}
