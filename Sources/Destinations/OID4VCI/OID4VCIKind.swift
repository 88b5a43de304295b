import Destination
import JSONCanonical
import Mapping
import Pipeline

extension ProfileTarget {
    /// Holders who fetch their credentials with OpenID4VCI from an offer (docs/OID4VCI.md).
    public static let oid4vci = ProfileTarget(rawValue: "oid4vci")
}

extension DestinationKind {
    /// OpenID4VCI holders: each credential becomes an offer, e-mailed to its recipient, which a
    /// wallet redeems at the gateway's credential issuer endpoints; configured by `destinations.oid4vci`.
    public static let oid4vci = DestinationKind(
        name: "oid4vci", targets: [.oid4vci], form: OID4VCICredentialForm(),
        summary: "OpenID4VCI holders: offers e-mailed to the recipient, redeemed at the gateway's issuer endpoints",
        settingKeys: OID4VCISettings.keys, signsAtRedemption: true, readSettings: OID4VCISettings.read)
}

/// The form of OpenID4VCI credentials: a plain W3C VC whose subject gets the holder's DID when the
/// holder redeems the offer (the key proof shows which DID), so the profile maps no subject id.
public struct OID4VCICredentialForm: CredentialForm {
    /// Creates the form.
    public init() {}

    /// The VC as signed.
    public func shape(signed vc: consuming JSONValue) -> JSONValue { vc }

    /// Unsigned (when the offer is made), `credentialSubject.id` must be absent: the holder's
    /// proven DID goes there at redemption, and a mapped id would be silently replaced.
    public func issues(in credential: CredentialMembers, signed: Bool) -> [ValidationIssue] {
        guard !signed, let subject = credential.subject, subject["id"] != nil else { return [] }
        return [
            ValidationIssue(
                field: "credentialSubject.id",
                message: "must not be mapped for OpenID4VCI: the gateway writes the holder's DID from the key proof when the offer is redeemed",
                ruleSet: "oid4vci")
        ]
    }
}
