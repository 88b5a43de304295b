import Destination
import Foundation
import JSONCanonical
import Outbox

/// A pre-authorized code, as stored (kind `oid4vci.code`, id = the code's SHA-256).
enum CodeRecord {
    static let kind = "oid4vci.code"
    static let state = "ISSUED"
}

extension OID4VCIIssuerService {
    /// `GET /offers/{id}`: the page; 410 once the offer cannot be redeemed, 404 when unknown.
    func offerPage(id: String) async -> HolderResponse {
        let offer: Offer?
        do {
            offer = try await openOffer(id: id, now: now())
        } catch {
            return unavailable(error)
        }
        guard let offer else { return .html(404, OfferPage.unknown, headers: OfferPage.securityHeaders) }
        guard offer.state == .open else { return .html(410, OfferPage.closed(offer.state), headers: OfferPage.securityHeaders) }
        let page = OfferPage.open(
            title: offer.title, issuer: issuerName, deepLink: OfferPage.deepLink(offerURI: offerURI(offerID: offer.id)),
            expires: offer.expiresAt)
        return .html(200, page, headers: OfferPage.securityHeaders)
    }

    /// `GET /offers/{id}/credential-offer`: the credential offer object, with a pre-authorized code
    /// minted for this fetch (short-lived, single-use), so a printed or forwarded page keeps working
    /// until the offer is redeemed or revoked.
    func credentialOffer(id: String) async -> HolderResponse {
        let moment = now()
        let offer: Offer?
        do {
            offer = try await openOffer(id: id, now: moment)
        } catch {
            return unavailable(error)
        }
        guard let offer else { return .refusal(404, "not_found", "no such offer, or it has expired") }
        guard offer.state == .open else {
            return .refusal(410, "offer_\(offer.state.label)", closedReason(offer))
        }
        let code = IssuerSecrets.token()
        let expiry = min(moment.addingTimeInterval(seconds(settings.codeLifetime)), offer.expiresAt)
        let record = ProtocolRecord(
            kind: CodeRecord.kind, id: IssuerSecrets.digest(code), subject: offer.id, state: CodeRecord.state,
            body: ["attempts": 0], createdAt: moment, expiresAt: expiry)
        do {
            guard try await store.insertRecord(record) else { return .refusal(503, "temporarily_unavailable", "code collision; fetch again") }
        } catch {
            return unavailable(error)
        }
        var grant: JSONObject = ["pre-authorized_code": .string(code)]
        if offer.txCode != nil {
            var txCode: JSONObject = ["input_mode": "numeric", "length": .number(Double(offer.txCode?.count ?? 6))]
            let plan = profiles.profiles.first { $0.name == offer.profile }?.offer
            txCode["description"] = .string(plan?.txCodeDescription ?? "The transaction code you received separately from the issuer")
            grant["tx_code"] = .object(txCode)
        }
        let ids = configurations.filter { $0.profile == offer.profile }.map { JSONValue.string($0.id) }
        var grants = JSONObject()
        grants[Self.preAuthorizedGrant] = .object(grant)
        let body: JSONValue = ["credential_issuer": .string(issuer), "credential_configuration_ids": .array(ids), "grants": .object(grants)]
        return .json(200, body, headers: Self.noStore)
    }

    /// The offer, revoked first if its VC was withdrawn since it was made (revoked, suspended or
    /// replaced), so the page and the offer object say so before anyone tries to redeem it.
    func openOffer(id: String, now moment: Date) async throws(OutboxError) -> Offer? {
        guard var offer = try await book.offer(id: id, now: moment) else { return nil }
        if offer.state == .open, let reason = try await withdrawal(of: offer) {
            if try await book.close(offer, as: .revoked, reason: "withdrawn: \(reason)", now: moment) {
                offer.state = .revoked
                offer.credential = nil
            }
        }
        return offer
    }

    /// Why an offer is closed, for a wallet's error message.
    func closedReason(_ offer: Offer) -> String {
        switch offer.state {
        case .redeemed: "this offer was redeemed already"
        case .superseded: "this offer was replaced by an offer for a newer version of the credential"
        case .locked: "this offer was locked after too many wrong transaction codes; ask the issuer for a new one"
        case .revoked, .open: "this offer was withdrawn by the issuer"
        }
    }

    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
