import Credentials
import JSONCanonical
import LinkedData

/// `JsonWebSignature2020` (W3C CCG lds-jws2020): a detached JWS with the unencoded payload
/// option (RFC 7797) over `SHA-256(RDFC proof options) || SHA-256(RDFC document)`.
///
/// The protected header is `{"alg":…,"b64":false,"crit":["b64"]}`; the JWS signing input is
/// `ASCII(BASE64URL(header)) || "." || hash data`, and the proof carries
/// `BASE64URL(header) + ".." + BASE64URL(signature)` as `jws`. The message digest is SHA-256
/// for every algorithm, as the suite specifies; ES256/ES384/PS256 then hash the signing input again.
/// RSA keys sign PS256; RS256 proofs from other issuers verify too.
public struct JsonWebSignature2020: Cryptosuite {
    /// The proof type, which is also the registry name.
    public static let typeName = "JsonWebSignature2020"
    /// The context that defines the proof and `JsonWebKey2020` terms.
    public static let context = "https://w3id.org/security/suites/jws-2020/v1"

    /// `JsonWebSignature2020`.
    public var name: String { Self.typeName }
    /// `JsonWebSignature2020`.
    public var proofType: String { Self.typeName }
    /// EdDSA (Ed25519), ES256 (P-256), ES384 (P-384) and PS256/RS256 (RSA).
    public let supportedKeyTypes: [KeyType] = [.ed25519, .p256, .p384, .rsa]
    /// JSON-LD processing and canonicalisation.
    public let canonicalForm: RDFCanonicalForm

    /// The suite.
    public init(canonicalForm: RDFCanonicalForm = RDFCanonicalForm()) {
        self.canonicalForm = canonicalForm
    }

    /// The jws-2020 context unless the document already has it.
    public func requiredContext(for documentContexts: [String]) -> String? {
        documentContexts.contains(Self.context) ? nil : Self.context
    }

    /// The protected header for a key type's signing algorithm, serialised compactly in the order alg, b64, crit.
    public static func header(for keyType: KeyType) -> String {
        header(for: keyType.signingAlgorithm)
    }

    /// The protected header for a JOSE algorithm, serialised compactly in the order alg, b64, crit.
    public static func header(for algorithm: JOSEAlgorithm) -> String {
        JSONValue.object(["alg": .string(algorithm.rawValue), "b64": false, "crit": ["b64"]]).compactString
    }

    /// BASE64URL(header) per algorithm, made once: every proof of a key type has the same header.
    private static let encodedHeaders: [JOSEAlgorithm: String] = Dictionary(
        uniqueKeysWithValues: JOSEAlgorithm.allCases.map { ($0, Base64URL.encode(Array(header(for: $0).utf8))) })

    /// BASE64URL of the protected header for a key type.
    static func encodedHeader(for keyType: KeyType) -> String {
        encodedHeaders[keyType.signingAlgorithm] ?? Base64URL.encode(Array(header(for: keyType).utf8))
    }

    /// The JWS signing input for an encoded header and the hash data.
    public static func signingInput(encodedHeader: String, hashData: [UInt8]) -> [UInt8] {
        Array(encodedHeader.utf8) + [UInt8(ascii: ".")] + hashData
    }

    /// Creates the proof with its `jws`.
    public func createProof(document: JSONValue, options: JSONObject, key: SigningKey) throws(DataIntegrityError) -> JSONObject {
        guard supports(key.type) else {
            throw .unsupportedKeyType(cryptosuite: name, keyType: key.type, supported: supportedKeyTypes)
        }
        var proof = options
        proof["type"] = .string(Self.typeName)
        proof["jws"] = nil
        let hash = try canonicalForm.hashData(document: document, proof: proof, digest: .sha256, suite: name)
        let encodedHeader = Self.encodedHeader(for: key.type)
        let signature: [UInt8]
        do {
            signature = try key.sign(Self.signingInput(encodedHeader: encodedHeader, hashData: hash))
        } catch {
            throw .signingFailed(error)
        }
        proof["jws"] = .string(encodedHeader + ".." + Base64URL.encode(signature))
        return proof
    }

    /// Header and signature of a detached JWS `header..signature` (exactly two dots, nothing
    /// between them), or `nil`. ASCII text (every valid JWS) is cut at its bytes; anything else
    /// by Characters, as `split` always did.
    static func detachedParts(_ jws: String) -> (header: String, signature: String)? {
        let utf8 = jws.utf8
        let parts: [Substring]
        if utf8.allSatisfy({ $0 < 0x80 }) {
            parts = utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map { Substring($0) }
        } else {
            parts = jws.split(separator: ".", omittingEmptySubsequences: false)
        }
        guard parts.count == 3, parts[1].isEmpty else { return nil }
        return (String(parts[0]), String(parts[2]))
    }

    /// Verifies `jws`: a detached, unencoded-payload JWS whose `alg` fits the key.
    public func verifyProof(_ proof: JSONObject, document: JSONValue, publicKey: PublicKey) throws(DataIntegrityError) {
        guard supports(publicKey.type) else {
            throw .unsupportedKeyType(cryptosuite: name, keyType: publicKey.type, supported: supportedKeyTypes)
        }
        let jws = try ProofFields.string("jws", in: proof)
        guard let (encodedHeader, encodedSignature) = Self.detachedParts(jws) else {
            throw .malformedProofField("jws", reason: "expected a detached JWS 'header..signature'")
        }
        let header: JSONValue
        let signature: [UInt8]
        do {
            header = try JSONValue(parsing: try Base64URL.decode(encodedHeader))
            signature = try Base64URL.decode(encodedSignature)
        } catch {
            throw .malformedProofField("jws", reason: "\(error)")
        }
        let accepted = publicKey.type.verificationAlgorithms
        guard let algorithm = header["alg"]?.stringValue.flatMap(JOSEAlgorithm.init(rawValue:)), accepted.contains(algorithm) else {
            throw .malformedProofField(
                "jws",
                reason: "header alg '\(header["alg"]?.stringValue ?? "none")' does not fit a \(publicKey.type.name) key "
                    + "(\(accepted.map(\.rawValue).joined(separator: " or ")))")
        }
        guard header["b64"] == .bool(false), header["crit"]?.arrayValue?.contains("b64") == true else {
            throw .malformedProofField("jws", reason: "the header must have \"b64\": false and \"crit\": [\"b64\"]")
        }
        let hash = try canonicalForm.hashData(document: document, proof: proof, digest: .sha256, suite: name)
        guard publicKey.isValidSignature(signature, for: Self.signingInput(encodedHeader: encodedHeader, hashData: hash), algorithm: algorithm) else {
            throw .invalidSignature(verificationMethod: proof["verificationMethod"]?.stringValue ?? "the stated key")
        }
    }
}
