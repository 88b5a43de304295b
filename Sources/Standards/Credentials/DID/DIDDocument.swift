import JSONCanonical

/// Builds DID documents with one signature key.
public enum DIDDocument {
    /// The DID v1 context, first in every DID document.
    public static let didContext = "https://www.w3.org/ns/did/v1"

    /// The relationships a signing key gets: it may assert credentials and authenticate, and
    /// (as did:key defines it) invoke and delegate capabilities.
    public static let signingRelationships = ["authentication", "assertionMethod", "capabilityInvocation", "capabilityDelegation"]

    /// A DID document for `did` with one verification method.
    public static func make(
        did: String, methodID: String, key: PublicKey, format: VerificationMethodFormat,
        relationships: [String] = signingRelationships
    ) -> JSONValue {
        var document: JSONObject = [
            "@context": [.string(didContext), .string(format.context)],
            "id": .string(did),
            "verificationMethod": [.object(format.verificationMethod(id: methodID, controller: did, key: key))],
        ]
        for relationship in relationships { document[relationship] = [.string(methodID)] }
        return .object(document)
    }
}
