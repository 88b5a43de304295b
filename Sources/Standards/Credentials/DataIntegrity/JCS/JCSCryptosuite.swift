import JSONCanonical

/// The JCS-canonicalised Data Integrity suites (`eddsa-jcs-2022`, `ecdsa-jcs-2019`), which
/// differ only in name and key types: the algorithm steps of both specifications are the same.
///
/// The steps are public so that tests (and diagnostics) can compare each intermediate value
/// with the published vectors.
public struct JCSCryptosuite: Cryptosuite {
    /// The `cryptosuite` name.
    public let name: String
    /// The key types of the suite.
    public let supportedKeyTypes: [KeyType]

    /// A JCS suite.
    public init(name: String, supportedKeyTypes: [KeyType]) {
        self.name = name
        self.supportedKeyTypes = supportedKeyTypes
    }

    /// Transformation: the RFC 8785 canonical form of the unsecured document.
    public func transform(_ document: JSONValue) -> [UInt8] {
        document.canonicalBytes
    }

    /// Proof configuration: checks `type`, `cryptosuite` and `created`, then canonicalises the
    /// options (which already carry the document's `@context`, see ``createProof``).
    public func proofConfiguration(_ options: JSONObject) throws(DataIntegrityError) -> [UInt8] {
        try ProofFields.checkDataIntegrityProof(options, cryptosuite: name)
        return JSONValue.object(options).canonicalBytes
    }

    /// Hashing: hash(proof configuration) || hash(transformed document).
    public func hashData(transformedDocument: [UInt8], proofConfiguration: [UInt8], digest: ProofDigest) -> [UInt8] {
        var hashes: [UInt8] = []
        hashes.reserveCapacity(2 * digest.byteCount)
        digest.appendHash(of: proofConfiguration, to: &hashes)
        digest.appendHash(of: transformedDocument, to: &hashes)
        return hashes
    }

    /// Create Proof: the proof gets the document's `@context`, the signature over the hash data
    /// becomes a base58btc multibase `proofValue`.
    public func createProof(document: JSONValue, options: JSONObject, key: SigningKey) throws(DataIntegrityError) -> JSONObject {
        guard supports(key.type) else {
            throw .unsupportedKeyType(cryptosuite: name, keyType: key.type, supported: supportedKeyTypes)
        }
        var proof = options
        proof["proofValue"] = nil
        if let context = document["@context"] { proof["@context"] = context }
        let hash = hashData(
            transformedDocument: transform(document), proofConfiguration: try proofConfiguration(proof),
            digest: ProofDigest(for: key.type))
        return try ProofFields.addingProofValue(to: proof, signing: hash, with: key)
    }

    /// ``createProof(document:options:key:)`` for options a ``DataIntegritySigner`` built: `type`,
    /// `cryptosuite`, `verificationMethod` and `proofPurpose` as `template` holds them, and
    /// `created`. The same proof, with the fixed members canonicalised once per signer; the
    /// options become the proof in place (`@context` and `proofValue` appended), with no copy.
    func createProof(
        document: JSONValue, options proof: inout JSONObject, created: String, createdIsDateTime: Bool, key: SigningKey,
        template: JCSProofTemplate
    ) throws(DataIntegrityError) {
        guard supports(key.type) else {
            throw .unsupportedKeyType(cryptosuite: name, keyType: key.type, supported: supportedKeyTypes)
        }
        // The general path checks `created`; text the arithmetic formatter wrote passes by construction.
        if !createdIsDateTime { _ = try ProofFields.dateTime("created", in: proof) }
        let context = document["@context"]
        if let context { proof["@context"] = context }
        let digest = ProofDigest(for: key.type)
        var hash: [UInt8] = []
        hash.reserveCapacity(2 * digest.byteCount)
        digest.appendHash(of: template.leadingMembers(context: context, created: created), template.fixedMembers, to: &hash)
        // The transformation's bytes, hashed where they were written: no array of them is built.
        JSONWriter(style: .canonical).withBytes(document) { digest.appendHash(of: $0, to: &hash) }
        try ProofFields.addProofValue(to: &proof, signing: hash, with: key)
    }

    /// Verify Proof: a proof `@context` must be the start of the document's `@context` and then
    /// stands for it; the signature is checked over the recomputed hash data.
    public func verifyProof(_ proof: JSONObject, document: JSONValue, publicKey: PublicKey) throws(DataIntegrityError) {
        guard supports(publicKey.type) else {
            throw .unsupportedKeyType(cryptosuite: name, keyType: publicKey.type, supported: supportedKeyTypes)
        }
        let signature = try ProofFields.proofValueSignature(in: proof, keyType: publicKey.type)
        var options = proof
        options["proofValue"] = nil
        var unsecured = document
        if let proofContext = options["@context"] {
            try Self.checkContextPrefix(proofContext, of: document)
            // Usually the two are equal, and writing it anyway copied every member of the
            // document; equal values (== ignores member order and the sign of zero, as JCS
            // does) have the same canonical form.
            if document["@context"] != proofContext { unsecured["@context"] = proofContext }
        }
        let hash = hashData(
            transformedDocument: transform(unsecured), proofConfiguration: try proofConfiguration(options),
            digest: ProofDigest(for: publicKey.type))
        guard publicKey.isValidSignature(signature, for: hash) else {
            throw .invalidSignature(verificationMethod: options["verificationMethod"]?.stringValue ?? "the stated key")
        }
    }

    /// The document's `@context` must start with all of the proof's contexts, in order.
    static func checkContextPrefix(_ proofContext: JSONValue, of document: JSONValue) throws(DataIntegrityError) {
        let expected = proofContext.arrayValue ?? [proofContext]
        let actual = document["@context"].map { $0.arrayValue ?? [$0] } ?? []
        guard actual.count >= expected.count, Array(actual.prefix(expected.count)) == expected else {
            throw .contextMismatch(
                reason: "the document's @context \(JSONValue.array(actual).compactString) does not start with the proof's \(JSONValue.array(expected).compactString)")
        }
    }
}
