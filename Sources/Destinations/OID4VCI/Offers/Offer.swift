import Foundation
import JSONCanonical
import Outbox

/// An OpenID4VCI offer: one mapped, unsigned credential waiting for its holder, behind an
/// unguessable id. It lives in the outbox store's protocol records (kind `oid4vci.offer`), found
/// by its id or by the Certifier credential it came from.
///
/// The credential is kept unsigned until redemption (the holder's DID is only known then) and
/// dropped from the record once redeemed, superseded or revoked, so personal data does not linger.
public struct Offer: Sendable, Equatable {
    /// Where an offer stands.
    public enum State: String, Sendable, CaseIterable {
        /// Waiting for its holder.
        case open = "OPEN"
        /// A wallet redeemed it; the credential was signed for that wallet's DID.
        case redeemed = "REDEEMED"
        /// An operator revoked it, or the credential was withdrawn.
        case revoked = "REVOKED"
        /// A newer revision of the credential got its own offer.
        case superseded = "SUPERSEDED"
        /// Too many wrong transaction codes; an operator resends (a new offer) after checking.
        case locked = "LOCKED"

        /// Lower-case, as the commands print it.
        public var label: String { rawValue.lowercased() }
    }

    /// The id in the link (≥ 128 random bits; never the Certifier or VC id).
    public var id: String
    /// The Certifier credential id.
    public var sourceId: String
    /// The VC's id.
    public var vcId: String
    /// The profile that mapped it.
    public var profile: String
    /// Its revision.
    public var revision: Int
    /// Where it stands.
    public var state: State
    /// The unsigned credential (`nil` once it is no longer needed).
    public var credential: JSONValue?
    /// The credential's name for people (page, e-mail).
    public var title: String
    /// The recipient's e-mail address from Certifier, if any.
    public var recipientEmail: String?
    /// The recipient's name from Certifier, if any.
    public var recipientName: String?
    /// The transaction code, when the profile asks for one (handed over by another channel).
    public var txCode: String?
    /// Wrong transaction codes so far, over all of the offer's codes.
    public var wrongTxCodes: Int
    /// The last e-mail attempt: `sent`, `failed: …`, `no address`, `off`.
    public var mail: String?
    /// Who redeemed it (the holder's DID) and in which format.
    public var redeemedBy: String?
    /// The format it was redeemed in.
    public var redeemedFormat: String?
    /// Why it was revoked, superseded or locked.
    public var reason: String?
    /// When it was made.
    public var createdAt: Date
    /// When it was last changed.
    public var updatedAt: Date
    /// When it stops being redeemable.
    public var expiresAt: Date

    /// Creates an offer.
    public init(
        id: String, sourceId: String, vcId: String, profile: String, revision: Int, state: State = .open, credential: JSONValue?,
        title: String, recipientEmail: String?, recipientName: String?, txCode: String?, wrongTxCodes: Int = 0, mail: String? = nil,
        redeemedBy: String? = nil, redeemedFormat: String? = nil, reason: String? = nil, createdAt: Date, updatedAt: Date? = nil,
        expiresAt: Date
    ) {
        self.id = id
        self.sourceId = sourceId
        self.vcId = vcId
        self.profile = profile
        self.revision = revision
        self.state = state
        self.credential = credential
        self.title = title
        self.recipientEmail = recipientEmail
        self.recipientName = recipientName
        self.txCode = txCode
        self.wrongTxCodes = wrongTxCodes
        self.mail = mail
        self.redeemedBy = redeemedBy
        self.redeemedFormat = redeemedFormat
        self.reason = reason
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.expiresAt = expiresAt
    }

    /// The record kind.
    static let recordKind = "oid4vci.offer"

    /// The offer as a protocol record (subject: the Certifier credential id).
    var record: ProtocolRecord {
        var body: JSONObject = [
            "vcId": .string(vcId), "profile": .string(profile), "revision": .number(Double(revision)), "title": .string(title),
            "wrongTxCodes": .number(Double(wrongTxCodes)),
        ]
        body["credential"] = credential
        body["recipientEmail"] = recipientEmail.map { .string($0) }
        body["recipientName"] = recipientName.map { .string($0) }
        body["txCode"] = txCode.map { .string($0) }
        body["mail"] = mail.map { .string($0) }
        body["redeemedBy"] = redeemedBy.map { .string($0) }
        body["redeemedFormat"] = redeemedFormat.map { .string($0) }
        body["reason"] = reason.map { .string($0) }
        return ProtocolRecord(
            kind: Self.recordKind, id: id, subject: sourceId, state: state.rawValue, body: .object(body), createdAt: createdAt,
            updatedAt: updatedAt, expiresAt: expiresAt)
    }

    /// The offer a record holds; `nil` for a record that is not one.
    init?(record: ProtocolRecord) {
        guard record.kind == Self.recordKind, let state = State(rawValue: record.state), let sourceId = record.subject,
            let vcId = record.body["vcId"]?.stringValue, let profile = record.body["profile"]?.stringValue,
            let expiresAt = record.expiresAt
        else { return nil }
        let body = record.body
        self.init(
            id: record.id, sourceId: sourceId, vcId: vcId, profile: profile, revision: Int(body["revision"]?.numberValue ?? 0),
            state: state, credential: body["credential"], title: body["title"]?.stringValue ?? "credential",
            recipientEmail: body["recipientEmail"]?.stringValue, recipientName: body["recipientName"]?.stringValue,
            txCode: body["txCode"]?.stringValue, wrongTxCodes: Int(body["wrongTxCodes"]?.numberValue ?? 0),
            mail: body["mail"]?.stringValue, redeemedBy: body["redeemedBy"]?.stringValue,
            redeemedFormat: body["redeemedFormat"]?.stringValue, reason: body["reason"]?.stringValue, createdAt: record.createdAt,
            updatedAt: record.updatedAt, expiresAt: expiresAt)
    }
}

extension Offer: CustomStringConvertible {
    /// The VC id and state; never the offer id (it is the bearer of the offer) or personal data.
    public var description: String { "offer for \(vcId) [\(state.label)]" }
}
