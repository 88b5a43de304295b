import JSONCanonical

/// What a successful verification established.
public struct VerifiedProof: Sendable {
    /// One verified proof.
    public struct Entry: Sendable, Hashable, CustomStringConvertible {
        /// The proof `type`.
        public var type: String
        /// The `cryptosuite`, for `DataIntegrityProof`.
        public var cryptosuite: String?
        /// The verification method as resolved.
        public var verificationMethod: ResolvedVerificationMethod
        /// The proof purpose.
        public var proofPurpose: String
        /// The `created` timestamp, if present.
        public var created: String?

        /// e.g. `eddsa-jcs-2022 by did:key:z6Mk…#z6Mk…`.
        public var description: String {
            "\(cryptosuite ?? type) by \(verificationMethod.id)"
        }
    }

    /// Every proof of the document, in document order; all verified.
    public var proofs: [Entry]
    /// The document without its proofs.
    public var document: JSONValue

    /// The credential's issuer DID (`issuer` or `issuer.id`), when it is a DID.
    public var issuerDID: String? {
        let issuer = document["issuer"]?.stringValue ?? document["issuer"]?["id"]?.stringValue
        return issuer.flatMap { $0.hasPrefix("did:") ? $0 : nil }
    }

    /// Whether a proof was made by a key of the credential's issuer. Data Integrity does not
    /// require it (a proof by someone else is still a valid proof), but a relying party checking
    /// a credential usually does; `nil` when the issuer is not a DID.
    public var isSignedByIssuer: Bool? {
        issuerDID.map(controllers.contains)
    }

    /// The controllers (DIDs) that signed, in proof order, without repeats.
    public var controllers: [String] {
        var seen: Set<String> = []
        return proofs.map(\.verificationMethod.controller).filter { seen.insert($0).inserted }
    }
}
