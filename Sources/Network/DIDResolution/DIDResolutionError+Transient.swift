extension GuardedHTTPError {
    /// Whether waiting may help: a timeout, a failed name lookup or a connection that failed (no
    /// rule refused it). A refusal by an address, scheme, redirect, size or trust rule stays a
    /// refusal until the configuration or the holder's data changes.
    public var isTransient: Bool {
        guard let rule else { return true }
        return rule == .timeout || rule == .hostLookup
    }
}

extension DIDResolutionError {
    /// Whether waiting may help: the fetch failed transiently, or the DID's host answered 429,
    /// 408 or 5xx. A malformed DID, a refused address, a wrong document or a missing service
    /// does not heal by itself.
    public var isTransient: Bool {
        switch self {
        case .http(let error):
            return error.isTransient
        case .invalidDocument(_, _, let reason):
            return reason.hasPrefix("answered HTTP 5") || reason.hasPrefix("answered HTTP 429") || reason.hasPrefix("answered HTTP 408")
        case .did, .serviceNotFound, .invalidService:
            return false
        }
    }
}
