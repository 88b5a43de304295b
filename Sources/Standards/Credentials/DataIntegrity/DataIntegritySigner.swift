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
    /// The proof options that depend only on the suite and the method, in the order the proof
    /// shows them; `created` holds a placeholder that ``sign(_:created:proofPurpose:)`` replaces
    /// in place, so that a signature builds no options from scratch.
    private let optionsTemplate: JSONObject
    /// For the JCS suites: the suite and the canonical form of the fixed options.
    private let jcsTemplate: (suite: JCSCryptosuite, template: JCSProofTemplate)?

    /// The `proofPurpose` of ``optionsTemplate``.
    private static let defaultProofPurpose = "assertionMethod"

    /// A signer; throws when the registry lacks the suite or the suite cannot use the key.
    public init(
        key: SigningKey, verificationMethod: String, cryptosuite: String = JCSCryptosuite.eddsaJCS2022.name,
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
        var options: [(String, JSONValue)] = [("type", .string(suite.proofType))]
        if suite.proofType == DataIntegrityContext.dataIntegrityProofType {
            options.append(("cryptosuite", .string(suite.name)))
        }
        options += [
            ("created", .null), ("verificationMethod", .string(verificationMethod)),
            ("proofPurpose", .string(Self.defaultProofPurpose)),
        ]
        optionsTemplate = JSONObject(options)
        if let jcs = suite as? JCSCryptosuite, jcs.proofType == DataIntegrityContext.dataIntegrityProofType {
            let template = JCSProofTemplate(
                cryptosuite: jcs.name, verificationMethod: verificationMethod, proofPurpose: Self.defaultProofPurpose)
            jcsTemplate = (jcs, template)
        } else {
            jcsTemplate = nil
        }
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
    ///
    /// The document is consumed: a caller that hands over its only reference (the pipeline does)
    /// has the proof added to its members in place, without copying them.
    public func sign(_ document: consuming JSONValue, created: Date, proofPurpose: String = "assertionMethod") throws(DataIntegrityError) -> JSONValue {
        // The object itself is edited rather than a JSONValue around it: a JSONValue subscript
        // copies the members before every change.
        var object: JSONObject
        switch consume document {
        case .object(let members): object = members
        case let other: throw .documentNotAnObject(found: other.kindName)
        }
        // When the caller kept the document, the first change copies the members: with room
        // for the proof, that copy is the only allocation (else appending it grew them).
        object.reserveCapacity(object.count + 1)
        let existing = object.removeValue(forKey: "proof")
        if let context = cryptosuite.requiredContext(for: DataIntegrityContext.contexts(of: object)) {
            guard existing == nil else { throw .missingDataIntegrityContext(context) }
            DataIntegrityContext.append(context, to: &object)
        }
        let (createdText, createdIsDateTime) = ProofDate.formatNoting(created)
        var options = optionsTemplate
        // Likewise: `created`, perhaps `proofPurpose`, then `@context` and `proofValue`.
        options.reserveCapacity(optionsTemplate.count + 4)
        options["created"] = .string(createdText)
        if proofPurpose != Self.defaultProofPurpose { options["proofPurpose"] = .string(proofPurpose) }
        let proof: JSONValue
        if let (suite, template) = jcsTemplate, proofPurpose == template.proofPurpose {
            try suite.createProof(
                document: .object(object), options: &options, created: createdText, createdIsDateTime: createdIsDateTime,
                key: key, template: template)
            proof = .object(options)
        } else {
            proof = .object(try cryptosuite.createProof(document: .object(object), options: options, key: key))
        }
        switch existing {
        case nil: object["proof"] = proof
        case .array(let proofs)?: object["proof"] = .array(proofs + [proof])
        case let single?: object["proof"] = [single, proof]
        }
        return .object(object)
    }
}
