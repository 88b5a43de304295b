import ArgumentParser
import Composition
import Foundation
import JSONCanonical
import OID4VCI
import Outbox

/// `certbridge offers list|show|resend|revoke`: the OpenID4VCI offers in the store.
struct OffersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offers",
        abstract: "OpenID4VCI offers: list them, show one with its link and transaction code, e-mail it again, or revoke it.",
        subcommands: [OffersListCommand.self, OffersShowCommand.self, OffersResendCommand.self, OffersRevokeCommand.self])
}

/// The configuration, and the OpenID4VCI destination built from it over the store.
struct OfferOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file. \(ConfigOption.help)")
    var config: String?

    func destination() async throws -> (OID4VCIDestination, OfferBook) {
        let parts = try await CommandParts.load(config)
        guard let destination = parts.conversion.destinations.compactMap({ $0 as? OID4VCIDestination }).first,
            let book = destination.offerBook
        else {
            throw ValidationError("\(ConfigOption.name(config)) configures no destinations.oid4vci (with public_url): there are no offers")
        }
        return (destination, book)
    }

    /// The offer with this id, or the newest of the Certifier credential with this id.
    func find(_ reference: String, in book: OfferBook) async throws -> Offer {
        guard let offer = try await book.find(reference) else {
            throw ValidationError("no offer has the id \(reference), and no Certifier credential with that id has one (certbridge offers list)")
        }
        return offer
    }
}

/// `certbridge offers list [--state S] [--json]`.
struct OffersListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List offers, oldest first (no links or codes).")

    @OptionGroup var options: OfferOptions

    @Option(name: .long, help: "Only offers in this state: open, redeemed, revoked, superseded, locked.")
    var state: String?

    @Option(name: .long, help: "At most this many offers.")
    var limit: Int = 1000

    func run() async throws {
        var states: Set<Offer.State>?
        if let state {
            guard let chosen = Offer.State(rawValue: state.uppercased()) else {
                throw ValidationError("--state must be one of \(Offer.State.allCases.map(\.label).joined(separator: ", "))")
            }
            states = [chosen]
        }
        let (_, book) = try await options.destination()
        let offers = try await book.list(states: states, limit: limit)
        for offer in offers {
            // The offer id is the bearer of the offer: show and the admin API reveal it, a listing does not.
            print(
                [offer.sourceId, offer.vcId, offer.state.label, offer.profile, "mail: \(offer.mail ?? "-")",
                 "expires \(ISO8601DateFormatter().string(from: offer.expiresAt))"].joined(separator: "  "))
        }
        if offers.isEmpty { print("no offers" + (state.map { " in state \($0)" } ?? "")) }
    }
}

/// `certbridge offers show ID [--json]`.
struct OffersShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show an offer: its link, state, e-mail and transaction code (to hand over by another channel).")

    @OptionGroup var options: OfferOptions

    @Argument(help: "An offer id, or a Certifier credential id (its newest offer).")
    var id: String

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() async throws {
        let (destination, book) = try await options.destination()
        let offer = try await options.find(id, in: book)
        let summary = OfferSummary.json(offer, pageURL: destination.pageURL(of: offer) ?? "", offerURI: destination.offerURI(of: offer) ?? "")
        if json {
            print(summary.prettyString)
            return
        }
        for case (let key, let value) in summary.objectValue?.members.map({ ($0.key, $0.value) }) ?? [] {
            print("\(key): \(value.stringValue ?? JSONWriter(style: .compact).string(value))")
        }
    }
}

/// `certbridge offers resend ID`.
struct OffersResendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resend", abstract: "E-mail an open offer to its recipient again.")

    @OptionGroup var options: OfferOptions

    @Argument(help: "An offer id, or a Certifier credential id (its newest offer).")
    var id: String

    func run() async throws {
        let (destination, book) = try await options.destination()
        let offer = try await options.find(id, in: book)
        let note = await destination.resend(offer)
        print("\(offer.vcId): \(note)")
        if note != "sent" { throw ExitCode(1) }
    }
}

/// `certbridge offers revoke ID --reason TEXT`.
struct OffersRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke an offer: its page and offer answer 410, and its codes and tokens stop working.",
        discussion: "The credential itself is not revoked (use certbridge revoke for an issued VC); a redeemed offer cannot be revoked.")

    @OptionGroup var options: OfferOptions

    @Argument(help: "An offer id, or a Certifier credential id (its newest offer).")
    var id: String

    @Option(name: .long, help: "Why; kept on the offer.")
    var reason: String = "revoked by an operator"

    func run() async throws {
        let (_, book) = try await options.destination()
        let offer = try await options.find(id, in: book)
        guard try await book.close(offer, as: .revoked, reason: "\(reason) (\(OperatorIdentity.current))") else {
            print("\(offer.vcId): the offer is \(offer.state.label); nothing to revoke")
            throw ExitCode(1)
        }
        print("\(offer.vcId): offer revoked")
    }
}
