import Foundation
import Mail
import Mapping

/// The e-mail that hands an offer to its recipient: the profile's `offer.mail` template (or the
/// built-in text) filled with the recipient's name, the credential, the issuer, the link and the
/// expiry. The transaction code never goes in it: it must reach the person by another channel.
enum OfferMail {
    /// What came of one attempt.
    enum Outcome: Equatable {
        case sent
        case noAddress
        case off
        case failed(String, transient: Bool)

        /// The note kept on the offer (`offers list` shows it).
        var note: String {
            switch self {
            case .sent: "sent"
            case .noAddress: "no address"
            case .off: "off"
            case .failed(let reason, let transient): (transient ? "retrying: " : "failed: ") + reason
            }
        }
    }

    /// Sends the offer's e-mail through `client`, or says why not.
    static func send(
        _ offer: Offer, link: String, issuerName: String, template: OfferMailTemplate?, client: SMTPClient?
    ) async -> Outcome {
        guard let client else { return .off }
        guard let email = offer.recipientEmail, !email.isEmpty else { return .noAddress }
        let text = (template ?? OfferMailTemplate.defaultMail).render(
            OfferTemplateValues(
                name: offer.recipientName ?? "there", credential: offer.title, issuer: issuerName, link: link,
                expires: OfferPage.dateText(offer.expiresAt)))
        do {
            let to = try MailAddress(email, displayName: offer.recipientName, header: "To")
            let message = try MailMessage(from: client.settings.from, to: [to], subject: text.subject, text: text.body)
            try await client.send(message)
            return .sent
        } catch {
            return .failed(error.description, transient: error.isTransient)
        }
    }
}
