import Crypto

/// RDF Dataset Canonicalization, RDFC-1.0 (W3C Recommendation, 2024).
///
/// Relabels blank nodes deterministically (`c14n0`, `c14n1`, …) so that isomorphic datasets
/// serialise to identical canonical N-Quads, which is what the RDF cryptosuites hash and sign.
public struct RDFCanonicalizer: Sendable {
    /// The hash function of the algorithm; SHA-256 unless a profile asks for SHA-384.
    public enum HashAlgorithm: String, Sendable, CaseIterable {
        /// SHA-256 (the default of RDFC-1.0).
        case sha256 = "SHA256"
        /// SHA-384.
        case sha384 = "SHA384"
    }

    /// Settings of one canonicaliser.
    public struct Options: Sendable {
        /// The hash function.
        public var hashAlgorithm: HashAlgorithm
        /// The most steps (calls of hash-n-degree-quads plus permutations tried) allowed before
        /// the run stops with ``RDFCanonicalizationError/workLimitExceeded(limit:blankNodes:)``.
        public var workLimit: Int

        /// Default limit: generous for credentials and the W3C "evil" graphs, fatal for cliques.
        public static let defaultWorkLimit = 100_000

        /// Options with SHA-256 and the default limit unless given.
        public init(hashAlgorithm: HashAlgorithm = .sha256, workLimit: Int = Options.defaultWorkLimit) {
            self.hashAlgorithm = hashAlgorithm
            self.workLimit = workLimit
        }
    }

    /// The outcome: canonical quads and the blank node relabelling.
    public struct Result: Sendable {
        /// The relabelled quads, sorted by their canonical N-Quads line.
        public var quads: [RDFQuad]
        /// Input blank node label → canonical label (`c14n…`).
        public var issuedIdentifiers: [String: String]
        /// The canonical N-Quads document (UTF-8), lines sorted in code point order.
        public var nquads: [UInt8]
        /// Steps spent, for tuning ``Options/workLimit``.
        public var work: Int

        /// The canonical N-Quads as text.
        public var nquadsString: String { String(decoding: nquads, as: UTF8.self) }
    }

    /// The settings in use.
    public var options: Options

    /// A canonicaliser.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Canonicalises a dataset; duplicate quads count once.
    public func canonicalize(_ quads: [RDFQuad]) throws(RDFCanonicalizationError) -> Result {
        let run = CanonicalizationRun(quads: quads, options: options)
        return try run.execute()
    }

    /// Parses N-Quads and canonicalises them.
    public func canonicalize(nquads text: String) throws -> Result {
        try canonicalize(NQuadsParser().parse(text))
    }
}
