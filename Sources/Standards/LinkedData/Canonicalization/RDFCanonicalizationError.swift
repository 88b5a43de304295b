/// Why RDFC-1.0 canonicalisation stopped.
public enum RDFCanonicalizationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The dataset needed more work than the configured limit allows: a poison graph, or a
    /// legitimately huge blank node structure for which the limit must be raised on purpose.
    case workLimitExceeded(limit: Int, blankNodes: Int)

    /// What happened and what to do.
    public var description: String {
        switch self {
        case .workLimitExceeded(let limit, let blankNodes):
            "RDF canonicalisation stopped: the dataset with \(blankNodes) blank nodes needs more than "
                + "\(limit) steps of the hash-n-degree-quads algorithm (a poison graph, such as a clique "
                + "of blank nodes); raise RDFCanonicalizer.Options.workLimit only for trusted input"
        }
    }
}
