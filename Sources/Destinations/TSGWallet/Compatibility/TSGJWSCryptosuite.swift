import Credentials
import Crypto
import JSONCanonical
import LinkedDataSuites

/// **Non-standard.** The `DataIntegrityProof` form the TSG wallet's own verifier checks
/// (TSG wallet-api and `@tsg-dsp/common-signing-and-validation`, the generation that hashes
/// `proofConfigHash || documentHash`; see docs/TSG-COMPATIBILITY.md). A W3C verifier rejects
/// these proofs, and TSG rejects the W3C ones, although both carry the same `cryptosuite` name.
///
/// Where it departs from eddsa-jcs-2022 / ecdsa-jcs-2019:
/// - the signature is not over the hash data but over a detached JWS signing input,
///   `ASCII(BASE64URL({"alg":…,"b64":false,"crit":["b64"]})) || "." || hash data`;
/// - both hashes are SHA-256 for every key (W3C uses SHA-384 with P-384);
/// - the proof configuration is the proof object without `proofValue`, canonicalised as is:
///   no `@context` is added (TSG hashes the JCS proof configuration without one).
///
/// `proofValue` is the base58btc multibase of the JWS signature (64 bytes for EdDSA, r||s for
/// ES256/ES384), as TSG writes it. Register it only in a registry meant for the TSG wallet
/// (``CryptosuiteRegistry/tsgCompatibility``), never alongside the standard JCS suites.
public struct TSGJWSCryptosuite: Cryptosuite {
    /// The `cryptosuite` name written into proofs (the standard name TSG expects).
    public let name: String
    /// The key types: Ed25519 for the EdDSA name, P-384 (what TSG itself uses) and P-256 for ECDSA.
    public let supportedKeyTypes: [KeyType]

    /// TSG's `eddsa-jcs-2022`: Ed25519, JWS `alg` EdDSA.
    public static let eddsaJCS2022 = TSGJWSCryptosuite(name: JCSCryptosuite.eddsaJCS2022.name, supportedKeyTypes: [.ed25519])
    /// TSG's `ecdsa-jcs-2019`: P-384 (ES384) or P-256 (ES256).
    public static let ecdsaJCS2019 = TSGJWSCryptosuite(name: JCSCryptosuite.ecdsaJCS2019.name, supportedKeyTypes: [.p384, .p256])

    /// A suite; only the two names above are meaningful to TSG.
    public init(name: String, supportedKeyTypes: [KeyType]) {
        self.name = name
        self.supportedKeyTypes = supportedKeyTypes
    }

    /// The bytes the key signs: the detached-JWS signing input over
    /// `SHA-256(JCS(proof configuration)) || SHA-256(JCS(document))`.
    public func signingInput(document: JSONValue, proofConfiguration: JSONObject, keyType: KeyType) -> [UInt8] {
        let hashData = Array(SHA256.hash(data: JSONValue.object(proofConfiguration).canonicalBytes))
            + Array(SHA256.hash(data: document.canonicalBytes))
        let encodedHeader = Base64URL.encode(Array(JsonWebSignature2020.header(for: keyType).utf8))
        return JsonWebSignature2020.signingInput(encodedHeader: encodedHeader, hashData: hashData)
    }

    /// Creates the proof: the options as given (no `@context`), then `proofValue`.
    public func createProof(document: JSONValue, options: JSONObject, key: SigningKey) throws(DataIntegrityError) -> JSONObject {
        guard supports(key.type) else {
            throw .unsupportedKeyType(cryptosuite: name, keyType: key.type, supported: supportedKeyTypes)
        }
        var configuration = options
        configuration["proofValue"] = nil
        try ProofFields.checkDataIntegrityProof(configuration, cryptosuite: name)
        let input = signingInput(document: document, proofConfiguration: configuration, keyType: key.type)
        return try ProofFields.addingProofValue(to: configuration, signing: input, with: key)
    }

    /// Verifies as TSG does: the proof without `proofValue` (whatever else it holds) is the
    /// proof configuration.
    public func verifyProof(_ proof: JSONObject, document: JSONValue, publicKey: PublicKey) throws(DataIntegrityError) {
        guard supports(publicKey.type) else {
            throw .unsupportedKeyType(cryptosuite: name, keyType: publicKey.type, supported: supportedKeyTypes)
        }
        try ProofFields.checkDataIntegrityProof(proof, cryptosuite: name)
        var configuration = proof
        configuration["proofValue"] = nil
        let input = signingInput(document: document, proofConfiguration: configuration, keyType: publicKey.type)
        try ProofFields.checkProofValue(in: proof, over: input, publicKey: publicKey)
    }
}
