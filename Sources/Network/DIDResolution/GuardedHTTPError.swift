/// Why the guarded client did not return a response: a rule refused the request (``rule`` set), or
/// the fetch itself failed (unreachable, reset). Names what was fetched for whom.
public struct GuardedHTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Who the request was for: a DID (`did:web:holder.example`) or, without one, the URL.
    public var subject: String
    /// The URL of the hop that failed (after redirects, the last one).
    public var url: String
    /// The rule that refused, or nil for a failure that is not a refusal.
    public var rule: GuardRule?
    /// What happened: "its host evil.example resolves to 10.0.0.5, a private address".
    public var detail: String

    /// An error from its parts.
    public init(subject: String, url: String, rule: GuardRule?, detail: String) {
        self.subject = subject
        self.url = url
        self.rule = rule
        self.detail = detail
    }

    /// `refused <subject>: <detail> (rule: <rule>; <remedy>)`, or `could not fetch <url> for <subject>: <detail>`.
    public var description: String {
        guard let rule else {
            return subject == url ? "could not fetch \(url): \(detail)" : "could not fetch \(url) for \(subject): \(detail)"
        }
        let at = subject == url ? "" : " (\(url))"
        return "refused \(subject)\(at): \(detail) (rule: \(rule.rawValue); \(rule.remedy))"
    }
}
