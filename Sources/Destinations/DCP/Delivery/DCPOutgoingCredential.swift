import Credentials
import Foundation
import JSONCanonical

/// A VC on its way to a DCP holder: who holds it, its id, and the `payload` string.
struct DCPOutgoingCredential: Sendable {
    /// The holder DID (`credentialSubject.id`; a VC 1.1 JWT's `sub`).
    var holder: String
    /// The VC id.
    var vcId: String
    /// What goes in `payload`: the compact JWT, or the VC's JSON text.
    var payload: String

    /// Reads the VC the outbox holds: a compact VC-JWT (a JSON string) for `format: jwt`, the VC
    /// object otherwise. The JWT is the gateway's own, signed moments ago, so its payload is read
    /// without verifying it again.
    init(_ vc: JSONValue, format: DCPPayloadFormat) throws(DCPDeliveryError) {
        let credential: JSONValue
        switch (vc, format) {
        case (.string(let jwt), .jwt):
            credential = try Self.credential(inJWT: jwt)
            payload = jwt
        case (.object, .ldp), (.object, .jsonLD):
            credential = vc
            payload = vc.compactString
        case (.object, .jwt):
            throw DCPDeliveryError("the destination's format is jwt, but the outbox holds a Data Integrity VC (signed before the format changed); replay it after `certbridge reissue`")
        default:
            throw DCPDeliveryError("the destination's format is \(format.rawValue), but the outbox holds a VC-JWT (signed before the format changed)")
        }
        guard let holder = credential["credentialSubject"]?["id"]?.stringValue ?? credential["sub"]?.stringValue, holder.hasPrefix("did:") else {
            throw DCPDeliveryError("the VC has no holder DID in credentialSubject.id; DCP finds a holder through its DID")
        }
        guard let vcId = credential["id"]?.stringValue ?? credential["jti"]?.stringValue else {
            throw DCPDeliveryError("the VC has no id")
        }
        self.holder = holder
        self.vcId = vcId
    }

    /// The credential in a VC-JWT: VC 2.0's payload, or VC 1.1's `vc` claim with `sub`/`jti` beside.
    private static func credential(inJWT jwt: String) throws(DCPDeliveryError) -> JSONValue {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = try? Base64URL.decode(String(parts[1])),
            let payload = try? JSONValue(parsing: String(decoding: bytes, as: UTF8.self)), var object = payload.objectValue
        else {
            throw DCPDeliveryError("the outbox's VC-JWT cannot be read (not a compact JWS with a JSON payload)")
        }
        guard case .object(var vc) = object["vc"] else { return payload }
        if vc["id"] == nil, let jti = object["jti"] { vc["id"] = jti }
        if case .object(var subject) = vc["credentialSubject"], subject["id"] == nil, let sub = object["sub"] {
            subject["id"] = sub
            vc["credentialSubject"] = .object(subject)
        }
        object = vc
        return .object(object)
    }
}

/// Why a VC cannot go to a DCP holder as it is.
struct DCPDeliveryError: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
