import Credentials
import JSONCanonical
import LinkedData

/// The RDF steps the RDF-canonicalised suites share: RDFC-1.0 of a document and of a proof
/// configuration, and the `hash(proof configuration) || hash(document)` hash data.
public struct RDFCanonicalForm: Sendable {
    /// The JSON-LD processor (context store, strict mode).
    public var processor: JSONLDProcessor {
        didSet { templates = ProofConfigurationTemplates() }
    }
    /// Canonical proof configurations per signer shape (shared by copies of this value).
    private(set) var templates = ProofConfigurationTemplates()

    /// A canonical form with the given processor; bundled contexts and strict mode by default.
    public init(processor: JSONLDProcessor = JSONLDProcessor()) {
        self.processor = processor
    }

    /// RDFC-1.0 canonical N-Quads of `document`; JSON-LD and canonicalisation errors become
    /// suite failures named after `suite`.
    public func canonicalize(_ document: JSONValue, suite: String) throws(DataIntegrityError) -> [UInt8] {
        do {
            return try processor.canonicalNQuads(document)
        } catch {
            throw .suiteFailure(cryptosuite: suite, reason: "\(error)")
        }
    }

    /// The proof options as a JSON-LD document: without `proofValue`/`jws`, and with the
    /// document's `@context` unless the proof carries its own.
    public func proofConfiguration(_ proof: JSONObject, document: JSONValue) -> JSONValue {
        var options = proof
        options["proofValue"] = nil
        options["jws"] = nil
        if options["@context"] == nil, let context = document["@context"] {
            options["@context"] = context
        }
        return .object(options)
    }

    /// RDFC-1.0 canonical N-Quads of the proof configuration of `proof` for `document`: from
    /// the signer shape's template where one is exact (``ProofConfigurationTemplates``),
    /// otherwise by the general algorithm.
    public func canonicalProofConfiguration(
        _ proof: JSONObject, document: JSONValue, suite: String
    ) throws(DataIntegrityError) -> [UInt8] {
        let configuration = proofConfiguration(proof, document: document)
        if case .object(let members) = configuration,
           let bytes = templates.canonical(members, canonicalize: processor.canonicalize) {
            return bytes
        }
        return try canonicalize(configuration, suite: suite)
    }

    /// `hash(canonical proof configuration) || hash(canonical document)`.
    public func hashData(
        document: JSONValue, proof: JSONObject, digest: ProofDigest, suite: String
    ) throws(DataIntegrityError) -> [UInt8] {
        let configuration = try canonicalProofConfiguration(proof, document: document, suite: suite)
        let canonicalDocument = try canonicalize(document, suite: suite)
        return digest.hash(configuration) + digest.hash(canonicalDocument)
    }
}
