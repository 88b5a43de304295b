import Credentials
import JSONCanonical
import LinkedData

/// The RDFC-1.0 Data Integrity suites `eddsa-rdfc-2022` (W3C vc-di-eddsa) and
/// `ecdsa-rdfc-2019` (W3C vc-di-ecdsa): like their JCS siblings, but the document and the
/// proof configuration are hashed in RDFC-1.0 canonical N-Quads form.
public struct RDFCCryptosuite: Cryptosuite {
    /// The `cryptosuite` name.
    public let name: String
    /// The key types of the suite.
    public let supportedKeyTypes: [KeyType]
    /// JSON-LD processing and canonicalisation.
    public let canonicalForm: RDFCanonicalForm

    /// A suite.
    public init(name: String, supportedKeyTypes: [KeyType], canonicalForm: RDFCanonicalForm = RDFCanonicalForm()) {
        self.name = name
        self.supportedKeyTypes = supportedKeyTypes
        self.canonicalForm = canonicalForm
    }

    /// `eddsa-rdfc-2022`: Ed25519 over SHA-256 hashes.
    public static let eddsaRDFC2022 = RDFCCryptosuite(name: "eddsa-rdfc-2022", supportedKeyTypes: [.ed25519])
    /// `ecdsa-rdfc-2019`: P-256 with SHA-256 hashes, P-384 with SHA-384 hashes.
    public static let ecdsaRDFC2019 = RDFCCryptosuite(name: "ecdsa-rdfc-2019", supportedKeyTypes: [.p256, .p384])

    /// Create Proof: signature over the hash data, as a base58btc multibase `proofValue`.
    public func createProof(document: JSONValue, options: JSONObject, key: SigningKey) throws(DataIntegrityError) -> JSONObject {
        guard supports(key.type) else {
            throw .unsupportedKeyType(cryptosuite: name, keyType: key.type, supported: supportedKeyTypes)
        }
        try ProofFields.checkDataIntegrityProof(options, cryptosuite: name)
        let hash = try canonicalForm.hashData(
            document: document, proof: options, digest: ProofDigest(for: key.type), suite: name)
        return try ProofFields.addingProofValue(to: options, signing: hash, with: key)
    }

    /// Verify Proof: recomputes the hash data from the document and the proof options.
    public func verifyProof(_ proof: JSONObject, document: JSONValue, publicKey: PublicKey) throws(DataIntegrityError) {
        guard supports(publicKey.type) else {
            throw .unsupportedKeyType(cryptosuite: name, keyType: publicKey.type, supported: supportedKeyTypes)
        }
        try ProofFields.checkDataIntegrityProof(proof, cryptosuite: name)
        let hash = try canonicalForm.hashData(
            document: document, proof: proof, digest: ProofDigest(for: publicKey.type), suite: name)
        try ProofFields.checkProofValue(in: proof, over: hash, publicKey: publicKey)
    }
}
