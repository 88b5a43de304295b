import DIDResolution
import Destination
import Foundation
import JSONCanonical
import Logging
import Mapping
import Outbox

/// OpenID4VCI holders: each credential a profile sends here becomes an offer (the mapped VC kept
/// unsigned behind an unguessable id), e-mailed to the certificate's recipient; the holder's wallet
/// redeems it at the gateway's issuer endpoints (``OID4VCIIssuerService``), which sign it then,
/// bound to the key the wallet proves.
///
/// Delivered means the offer exists (and its e-mail went, or could not be sent for a lasting
/// reason, which the offer records for `certbridge offers`); a transient mail failure is retried
/// with the outbox's rules. A newer revision's offer supersedes the older open ones.
public struct OID4VCIDestination: Destination {
    let settings: OID4VCISettings
    let context: DestinationContext
    let service: OID4VCIIssuerService?
    /// Why the service could not be built (no store, no public URL, no signer).
    let setupProblem: String?

    /// The destination and, when the store, the public URL and the signer are there, its endpoints.
    public init(settings: OID4VCISettings, context: DestinationContext) {
        self.settings = settings
        self.context = context
        var problem: String?
        var built: OID4VCIIssuerService?
        if let store = context.records, let base = context.publicBaseURL, let signer = context.redemptionSigner, let profiles = context.profiles {
            let resolver: NetworkDIDResolver?
            if let shared = context.didResolver {
                resolver = shared
            } else {
                do {
                    resolver = NetworkDIDResolver(
                        client: try GuardedHTTPClient(settings: context.didResolution, logger: context.logger), logger: context.logger)
                } catch {
                    resolver = nil
                    problem = "the DID resolver cannot be built: \(error)"
                }
            }
            if let resolver {
                let issuer = base.hasSuffix("/") ? String(base.dropLast()) : base
                built = OID4VCIIssuerService(
                    settings: settings, issuer: issuer, issuerName: settings.issuerName ?? URL(string: issuer)?.host ?? issuer,
                    book: OfferBook(store: store), store: store, resolver: resolver, signer: signer, profiles: profiles,
                    configurations: CredentialConfiguration.of(profiles), logger: context.logger)
            }
        } else {
            problem = "OpenID4VCI offers need the outbox store, public_url and the issuer's signer (serve builds them)"
        }
        service = built
        setupProblem = problem
    }

    /// `oid4vci`.
    public var kind: DestinationKind { .oid4vci }
    /// The settings' label.
    public var label: String { settings.label }
    /// The issuer endpoints, the offers and the metadata.
    public var holderService: (any HolderService)? { service }

    /// The offers, for the `offers` commands.
    public var offerBook: OfferBook? { service?.book }

    /// Never called by the worker (it passes the job); refused with the reason.
    public func deliver(_ vc: JSONValue, profile: String) async -> DeliveryOutcome {
        .rejected(reason: "an OpenID4VCI offer needs its source credential (the recipient's address); deliver through the outbox worker")
    }

    /// Makes the offer for one credential and e-mails it.
    public func deliver(_ delivery: DeliveryRequest) async -> DeliveryOutcome {
        guard let service else { return .rejected(reason: setupProblem ?? "OpenID4VCI offers are not set up") }
        guard let vcId = delivery.vc["id"]?.stringValue else {
            return .rejected(reason: "the credential has no id; an offer names its VC by id (map one in the profile)")
        }
        let now = Date()
        let book = service.book
        do {
            let earlier = try await book.offers(sourceId: delivery.sourceId, now: now)
            if let same = earlier.first(where: { $0.vcId == vcId }) {
                // The same VC again (a retry after a failed e-mail, or a reconcile of an unchanged
                // credential): no second offer; the e-mail goes again only if it is still owed.
                guard same.state == .open, same.mail?.hasPrefix("retrying: ") == true else { return .alreadyPresent }
                return await mail(same, service: service, now: now)
            }
            for older in earlier where older.state == .open || older.state == .locked {
                _ = try await book.close(older, as: .superseded, reason: "superseded by revision \(delivery.revision) (\(vcId))", now: now)
            }
            let profile = context.profiles?.profiles.first { $0.name == delivery.profile }
            let offer = Offer(
                id: IssuerSecrets.offerID(), sourceId: delivery.sourceId, vcId: vcId, profile: delivery.profile, revision: delivery.revision,
                credential: delivery.vc, title: Self.title(of: delivery.vc, profile: profile),
                recipientEmail: delivery.source?["recipient"]?["email"]?.stringValue,
                recipientName: delivery.source?["recipient"]?["name"]?.stringValue,
                txCode: profile?.offer?.txCodeLength.map(IssuerSecrets.numericCode(length:)), createdAt: now,
                expiresAt: now.addingTimeInterval(Double(settings.offerTTL.components.seconds)))
            guard try await book.insert(offer) else { return .retryable(reason: "offer id collision", retryAfter: nil) }
            context.logger.info("OpenID4VCI offer made", metadata: ["vc": "\(vcId)", "profile": "\(delivery.profile)"])
            return await mail(offer, service: service, now: now)
        } catch {
            return .retryable(reason: "the offer could not be stored: \(error)", retryAfter: nil)
        }
    }

    /// Sends (or skips) the offer's e-mail and records how it went.
    private func mail(_ offer: Offer, service: OID4VCIIssuerService, now: Date) async -> DeliveryOutcome {
        let outcome: OfferMail.Outcome
        if settings.sendMail {
            let template = context.profiles?.profiles.first { $0.name == offer.profile }?.offer?.mail
            outcome = await OfferMail.send(
                offer, link: service.pageURL(offerID: offer.id), issuerName: service.issuerName, template: template, client: context.mail)
        } else {
            outcome = .off
        }
        await note(outcome, on: offer, book: service.book, now: now)
        switch outcome {
        case .sent:
            return .delivered(receipt: "offer e-mailed")
        case .off:
            return .delivered(receipt: "offer made (e-mail off; hand it over with certbridge offers show)")
        case .noAddress:
            context.logger.notice("OpenID4VCI offer has no e-mail address", metadata: ["vc": "\(offer.vcId)"])
            return .delivered(receipt: "offer made; Certifier has no e-mail address for the recipient (certbridge offers show)")
        case .failed(let reason, transient: true):
            return .retryable(reason: "offer made; e-mailing it failed for now: \(reason)", retryAfter: nil)
        case .failed(let reason, transient: false):
            context.logger.warning("OpenID4VCI offer e-mail refused", metadata: ["vc": "\(offer.vcId)", "reason": "\(reason)"])
            return .delivered(receipt: "offer made; the e-mail was refused (\(reason)); certbridge offers resend after fixing it")
        }
    }

    /// The credential's name for people: its `name`, else its profile's most specific type, spaced.
    static func title(of vc: JSONValue, profile: CompiledProfile?) -> String {
        if let name = vc["name"]?.stringValue, !name.isEmpty { return name }
        return CredentialConfiguration.humanised(profile?.credentialType ?? "Verifiable Credential")
    }

    /// Sends an open offer's e-mail again (`certbridge offers resend`); the outcome's note.
    public func resend(_ offer: Offer) async -> String {
        guard let service else { return setupProblem ?? "OpenID4VCI offers are not set up" }
        guard offer.state == .open else { return "the offer is \(offer.state.label); only open offers are sent" }
        let template = context.profiles?.profiles.first { $0.name == offer.profile }?.offer?.mail
        let outcome = await OfferMail.send(
            offer, link: service.pageURL(offerID: offer.id), issuerName: service.issuerName, template: template, client: context.mail)
        await note(outcome, on: offer, book: service.book, now: Date())
        return outcome.note
    }

    /// Keeps the mail's outcome on the offer for `offers list`; a store failure here loses only
    /// that note (the offer and the job's own outcome are kept), so it is logged, not raised.
    private func note(_ outcome: OfferMail.Outcome, on offer: Offer, book: OfferBook, now: Date) async {
        do {
            try await book.noteMail(offer, outcome.note, now: now)
        } catch {
            context.logger.warning("the e-mail's outcome could not be noted on the offer", metadata: ["vc": "\(offer.vcId)", "error": "\(error)"])
        }
    }

    /// The page URL of an offer.
    public func pageURL(of offer: Offer) -> String? { service?.pageURL(offerID: offer.id) }
    /// The `credential_offer_uri` of an offer.
    public func offerURI(of offer: Offer) -> String? { service?.offerURI(offerID: offer.id) }
}
