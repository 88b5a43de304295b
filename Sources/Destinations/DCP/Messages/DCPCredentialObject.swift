import JSONCanonical
import Mapping

/// One credential the issuer service offers (`CredentialObject` in `credentialsSupported`): a
/// profile whose target is `dcp`.
public struct DCPCredentialObject: Sendable, Equatable {
    /// Its id, which requests name: the profile's name.
    public var id: String
    /// The profile.
    public var profile: String
    /// The VC type (the profile's most specific declared `type`).
    public var credentialType: String
    /// A URL describing the subject's terms.
    public var credentialSchema: String
    /// The DCP profile alias (`vc20-bssl/jwt`, …).
    public var dcpProfile: String

    /// Creates an object.
    public init(id: String, profile: String, credentialType: String, credentialSchema: String, dcpProfile: String) {
        self.id = id
        self.profile = profile
        self.credentialType = credentialType
        self.credentialSchema = credentialSchema
        self.dcpProfile = dcpProfile
    }

    /// The DID methods holders may use.
    public static let bindingMethods = ["did:web", "did:key", "did:jwk"]

    /// The object as the metadata lists it. `issuancePolicy` is left out: the gateway asks for
    /// no presentation before it issues (Certifier decided who gets the certificate).
    public var json: JSONValue {
        [
            "id": .string(id),
            "type": "CredentialObject",
            "credentialType": .string(credentialType),
            "credentialSchema": .string(credentialSchema),
            "offerReason": "reissue",
            "bindingMethods": .array(Self.bindingMethods.map { .string($0) }),
            "profile": .string(dcpProfile),
        ]
    }

    /// The objects of the profiles that target `dcp`, in name order.
    public static func of(_ profiles: ProfileSet, format: DCPPayloadFormat, schema: String?) -> [DCPCredentialObject] {
        profiles.profiles.filter { !$0.isAbstract && $0.target == .dcp }.sorted { $0.name < $1.name }.map { profile in
            DCPCredentialObject(
                id: profile.name, profile: profile.name, credentialType: profile.credentialType ?? "VerifiableCredential",
                credentialSchema: schema ?? profile.contextURLs.last ?? profile.version.baseContext,
                dcpProfile: alias(version: profile.version, hasStatus: profile.status != nil, format: format))
        }
    }

    /// DCP's profile aliases: `vc20-bssl/jwt` is the one DCP defines for VC 2.0 with Bitstring
    /// Status Lists as JWTs; the other combinations are named the same way (DCP defines none for
    /// Data Integrity proofs, and StatusList2021 is not produced here).
    static func alias(version: VCVersion, hasStatus: Bool, format: DCPPayloadFormat) -> String {
        let model = version == .v2_0 ? "vc20" : "vc11"
        let status = hasStatus ? "bssl" : "nostatus"
        let securing = format == .jwt ? "jwt" : "ldp"
        return "\(model)-\(status)/\(securing)"
    }
}
