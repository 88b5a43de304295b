import Foundation
import JSONCanonical

/// Adds a Data Integrity proof to a JSON document (a VC 1.1 or 2.0 credential, usually).
public struct DataIntegritySigner: Sendable {
    /// The signing key.
    public let key: SigningKey
    /// The proof's `verificationMethod`.
    public let verificationMethod: String
    /// The suite that makes the proof.
    public let cryptosuite: any Cryptosuite

    /// A signer; throws when the registry lacks the suite or the suite cannot use the key.
    public init(
        key: SigningKey, verificationMethod: String, cryptosuite: String = "eddsa-jcs-2022",
        registry: CryptosuiteRegistry = .standard
    ) throws(DataIntegrityError) {
        guard let suite = registry.suite(named: cryptosuite) else {
            throw .unknownCryptosuite(cryptosuite, known: registry.names)
        }
        guard suite.supports(key.type) else {
            throw .unsupportedKeyType(cryptosuite: cryptosuite, keyType: key.type, supported: suite.supportedKeyTypes)
        }
        self.key = key
        self.verificationMethod = verificationMethod
        self.cryptosuite = suite
    }

    /// Returns `document` with one more proof.
    ///
    /// - A document without `proof` gets a single proof object (as the W3C vectors show); one
    ///   with a proof or a list of proofs keeps them and gets the new one appended, a proof set
    ///   whose members each sign the document without the others.
    /// - A VC 1.1 document (or any whose contexts do not define `DataIntegrityProof`) gets the
    ///   Data Integrity v2 context appended to `@context` first, as Data Integrity requires;
    ///   VC 2.0 already includes it. If the document already has proofs, adding the context
    ///   would break them, so that case throws instead.
    /// - `created` is written in UTC to whole seconds.
    public func sign(_ document: JSONValue, created: Date, proofPurpose: String = "assertionMethod") throws(DataIntegrityError) -> JSONValue {
        guard case .object(var object) = document else { throw .documentNotAnObject(found: document.kindName) }
        let existing = object.removeValue(forKey: "proof")
        var unsecured = JSONValue.object(object)
        if let context = cryptosuite.requiredContext(for: DataIntegrityContext.contexts(of: unsecured)) {
            guard existing == nil else { throw .missingDataIntegrityContext(context) }
            unsecured = DataIntegrityContext.appending(context, to: unsecured)
        }
        var options: JSONObject = ["type": .string(cryptosuite.proofType)]
        if cryptosuite.proofType == DataIntegrityContext.dataIntegrityProofType {
            options["cryptosuite"] = .string(cryptosuite.name)
        }
        options["created"] = .string(ProofDate.format(created))
        options["verificationMethod"] = .string(verificationMethod)
        options["proofPurpose"] = .string(proofPurpose)
        let proof = JSONValue.object(try cryptosuite.createProof(document: unsecured, options: options, key: key))
        switch existing {
        case nil: unsecured["proof"] = proof
        case .array(let proofs)?: unsecured["proof"] = .array(proofs + [proof])
        case let single?: unsecured["proof"] = [single, proof]
        }
        return unsecured
    }
}
