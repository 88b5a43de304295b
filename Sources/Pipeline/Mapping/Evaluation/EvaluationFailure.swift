/// Why one credential could not be mapped: names the profile rule and, where there is one, the source field.
public struct MappingFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The profile that was applied.
    public var profile: String
    /// The output rule that failed, e.g. `credentialSubject.id`.
    public var rule: String
    /// Where that rule is written.
    public var location: SourceLocation
    /// The source field involved, as written in the profile (`customAttributes["custom.did"]`).
    public var field: String?
    /// What went wrong.
    public var message: String

    /// Creates a failure.
    public init(profile: String, rule: String, location: SourceLocation, field: String?, message: String) {
        self.profile = profile
        self.rule = rule
        self.location = location
        self.field = field
        self.message = message
    }

    /// `profile 'x' rule credentialSubject.id (x.yaml:12:7): required value missing: recipient.email`.
    public var description: String {
        "profile '\(profile)' rule \(rule) (\(location)): \(message)"
    }
}

/// A failure inside an expression, before the output program adds the rule it belongs to.
struct ExpressionFailure: Error {
    var message: String
    var field: String?
}
