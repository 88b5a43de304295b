import JSONCanonical

/// A way of securing a JSON document with a proof: one per Data Integrity cryptosuite name
/// (`eddsa-jcs-2022`, `ecdsa-rdfc-2019`, …) or per legacy proof type (`JsonWebSignature2020`).
///
/// A suite gets the whole unsecured document and the proof options and does everything from
/// there itself: canonicalisation (JCS, RDFC-1.0, …), hashing, signing, and the form of the
/// signature in the proof (`proofValue`, `jws`). Suites plug into a ``CryptosuiteRegistry``;
/// ``DataIntegritySigner`` and ``DataIntegrityVerifier`` handle what is common to all:
/// contexts, proof sets, purposes and verification method resolution.
public protocol Cryptosuite: Sendable {
    /// The registry key: the `cryptosuite` value for `DataIntegrityProof` suites, the proof
    /// `type` for suites with their own type.
    var name: String { get }

    /// The proof `type` this suite writes (`DataIntegrityProof` unless it says otherwise).
    var proofType: String { get }

    /// The key types the suite signs and verifies with.
    var supportedKeyTypes: [KeyType] { get }

    /// The context the document must carry for this proof's terms, if the document's current
    /// contexts (`@context` strings) do not already define them; `nil` when nothing is missing.
    func requiredContext(for documentContexts: [String]) -> String?

    /// Creates the proof for `document` (which carries no `proof` of its own, or only the
    /// proofs a chained proof covers). `options` holds `type`, `cryptosuite`, `created`,
    /// `verificationMethod`, `proofPurpose` and any further options, in that order.
    /// Returns the complete proof object.
    func createProof(document: JSONValue, options: JSONObject, key: SigningKey) throws(DataIntegrityError) -> JSONObject

    /// Checks `proof` (the object as found, with its `proofValue` or `jws`) against `document`
    /// (without `proof`, or with the proofs a chained proof covers) and the resolved key.
    func verifyProof(_ proof: JSONObject, document: JSONValue, publicKey: PublicKey) throws(DataIntegrityError)
}

extension Cryptosuite {
    /// `DataIntegrityProof`.
    public var proofType: String { DataIntegrityContext.dataIntegrityProofType }

    /// Whether the suite can use `keyType`.
    public func supports(_ keyType: KeyType) -> Bool { supportedKeyTypes.contains(keyType) }

    /// For `DataIntegrityProof` suites: the Data Integrity v2 context when the document's
    /// contexts define neither it nor VC 2.0 (which includes it), e.g. a VC 1.1 credential.
    public func requiredContext(for documentContexts: [String]) -> String? {
        DataIntegrityContext.missingDataIntegrityContext(in: documentContexts)
    }
}
