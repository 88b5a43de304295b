/// Why a Data Integrity proof could not be created or did not verify.
///
/// Every case reads as a sentence that says what is wrong and where; none carries key material.
public indirect enum DataIntegrityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The document is not a JSON object.
    case documentNotAnObject(found: String)
    /// The document has no `proof`.
    case missingProof
    /// A `proof` entry is not a JSON object.
    case proofNotAnObject(found: String)
    /// A required proof member is absent.
    case missingProofField(String)
    /// A proof member has the wrong kind or value.
    case malformedProofField(String, reason: String)
    /// No registered cryptosuite has this name.
    case unknownCryptosuite(String, known: [String])
    /// The proof `type` is neither `DataIntegrityProof` nor a registered proof type.
    case unknownProofType(String, known: [String])
    /// The proof was made for another purpose than the one expected.
    case wrongProofPurpose(expected: String, found: String)
    /// The proof's verification method could not be resolved.
    case unresolvableVerificationMethod(String, DIDError)
    /// The controller document does not list the method under the proof's purpose.
    case verificationMethodNotAuthorized(String, purpose: String, listedUnder: [String])
    /// The cryptosuite cannot use this kind of key.
    case unsupportedKeyType(cryptosuite: String, keyType: KeyType, supported: [KeyType])
    /// The proof's `@context` does not match the start of the document's `@context`.
    case contextMismatch(reason: String)
    /// The signature does not match the document and proof options.
    case invalidSignature(verificationMethod: String)
    /// The proof's `expires` is in the past.
    case proofExpired(String)
    /// A `previousProof` names a proof that is not in the document.
    case previousProofNotFound(String)
    /// The document needs the Data Integrity context, but adding it would break its existing proofs.
    case missingDataIntegrityContext(String)
    /// The key refused to sign.
    case signingFailed(KeyError)
    /// The cryptosuite reported a failure of its own.
    case suiteFailure(cryptosuite: String, reason: String)
    /// An error in one proof of several.
    case inProof(index: Int, count: Int, DataIntegrityError)

    /// A sentence a person can act on.
    public var description: String {
        switch self {
        case .documentNotAnObject(let found): "the credential must be a JSON object, found \(found)"
        case .missingProof: "the credential has no proof"
        case .proofNotAnObject(let found): "the proof must be a JSON object, found \(found)"
        case .missingProofField(let name): "the proof has no '\(name)'"
        case .malformedProofField(let name, let reason): "proof '\(name)' is malformed: \(reason)"
        case .unknownCryptosuite(let name, let known):
            "unknown cryptosuite '\(name)' (supported: \(known.joined(separator: ", ")))"
        case .unknownProofType(let name, let known):
            "unknown proof type '\(name)' (supported: DataIntegrityProof\(known.isEmpty ? "" : ", " + known.joined(separator: ", ")))"
        case .wrongProofPurpose(let expected, let found):
            "the proof's purpose is '\(found)', expected '\(expected)'"
        case .unresolvableVerificationMethod(let id, let error):
            "cannot resolve verificationMethod '\(id)': \(error)"
        case .verificationMethodNotAuthorized(let id, let purpose, let listed):
            "verificationMethod '\(id)' is not listed under '\(purpose)' in its DID document"
                + (listed.isEmpty ? "" : " (only under \(listed.joined(separator: ", ")))")
        case .unsupportedKeyType(let suite, let keyType, let supported):
            "\(suite) cannot use \(keyType) keys (it needs \(supported.map(\.name).joined(separator: " or ")))"
        case .contextMismatch(let reason): "the proof's @context does not fit the document: \(reason)"
        case .invalidSignature(let id):
            "the signature does not match: the credential or its proof was changed after signing, or was not signed by \(id)"
        case .proofExpired(let expires): "the proof expired at \(expires)"
        case .previousProofNotFound(let id): "previousProof '\(id)' is not among the document's proofs"
        case .missingDataIntegrityContext(let context):
            "the document needs '\(context)' in @context, but adding it would invalidate its existing proofs"
        case .signingFailed(let error): "\(error)"
        case .suiteFailure(let suite, let reason): "\(suite): \(reason)"
        case .inProof(let index, let count, let error): "proof \(index + 1) of \(count): \(error)"
        }
    }
}
