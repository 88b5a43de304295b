import Destination
import Foundation
import JSONCanonical

extension OID4VCIIssuerService {
    /// `GET /v1/credentials/{id}/offer` (operators only; the gateway checked the bearer token):
    /// the newest offer of a Certifier credential, with its link and transaction code.
    func adminOffer(sourceId: String) async -> HolderResponse {
        do {
            let offers = try await book.offers(sourceId: sourceId, now: now())
            guard let newest = offers.max(by: { $0.createdAt < $1.createdAt }) else {
                return .refusal(404, "not_found", "no offer for Certifier credential \(sourceId)")
            }
            return .json(200, summary(newest), headers: Self.noStore)
        } catch {
            return unavailable(error)
        }
    }

    /// What operators see of an offer (the transaction code included: they hand it over).
    func summary(_ offer: Offer) -> JSONValue {
        OfferSummary.json(offer, pageURL: pageURL(offerID: offer.id), offerURI: offerURI(offerID: offer.id))
    }
}

/// An offer as the admin endpoint and `certbridge offers show --json` print it.
public enum OfferSummary {
    /// The offer's fields, its page URL and `credential_offer_uri`.
    public static func json(_ offer: Offer, pageURL: String, offerURI: String) -> JSONValue {
        var object: JSONObject = [
            "offer_id": .string(offer.id), "offer_url": .string(pageURL), "credential_offer_uri": .string(offerURI),
            "state": .string(offer.state.label), "profile": .string(offer.profile), "vc_id": .string(offer.vcId),
            "source_id": .string(offer.sourceId), "revision": .number(Double(offer.revision)), "title": .string(offer.title),
            "created_at": .string(ISO8601DateFormatter().string(from: offer.createdAt)),
            "expires_at": .string(ISO8601DateFormatter().string(from: offer.expiresAt)),
        ]
        object["recipient"] = offer.recipientEmail.map { .string($0) }
        object["tx_code"] = offer.txCode.map { .string($0) }
        object["mail"] = offer.mail.map { .string($0) }
        object["redeemed_by"] = offer.redeemedBy.map { .string($0) }
        object["redeemed_format"] = offer.redeemedFormat.map { .string($0) }
        object["reason"] = offer.reason.map { .string($0) }
        return .object(object)
    }
}
