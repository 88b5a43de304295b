/// One problem found while loading profiles, with the place it was written.
public struct ProfileDiagnostic: Error, Sendable, Hashable, CustomStringConvertible, Comparable {
    /// How serious a problem is: errors stop loading, warnings are shown by `profiles lint`.
    public enum Severity: String, Sendable, Hashable {
        /// Loading fails.
        case error
        /// Loading succeeds; lint shows it.
        case warning
    }

    /// The kind of problem, so tests and tools can tell them apart without reading text.
    public enum Kind: String, Sendable, Hashable {
        /// The file is not valid YAML.
        case yamlSyntax = "yaml syntax"
        /// The profiles directory or a profile file cannot be read.
        case unreadable = "unreadable"
        /// An expression or template does not parse.
        case expressionSyntax = "expression syntax"
        /// A key the profile language does not know.
        case unknownKey = "unknown key"
        /// A key the profile language needs.
        case missingKey = "missing key"
        /// A function name that does not exist, or a call with the wrong number of arguments.
        case unknownFunction = "unknown function"
        /// A path that cannot exist in a Certifier credential or names nothing defined.
        case badPath = "bad path"
        /// A value of the wrong type.
        case typeError = "type error"
        /// Two profiles that could both match one credential at equal rank.
        case duplicateProfileMatch = "duplicate profile match"
        /// `extends` names an unknown profile or forms a cycle.
        case badExtends = "bad extends"
        /// A lookup table file is missing or malformed.
        case badLookup = "bad lookup"
        /// A JSON-LD term that no listed context defines (VC 1.1 only).
        case undefinedTerm = "undefined term"
        /// A value that is the right type but not allowed (a bad UUID, an unknown time zone...).
        case badValue = "bad value"
        /// A proof form that W3C verifiers reject (`proof.compatibility: tsg`); a warning.
        case nonStandardProof = "non-standard proof"
    }

    /// Error or warning.
    public var severity: Severity
    /// The kind of problem.
    public var kind: Kind
    /// Where it was written.
    public var location: SourceLocation
    /// What is wrong and, where possible, how to fix it.
    public var message: String

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ kind: Kind, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.kind = kind
        self.location = location
        self.message = message
    }

    /// Creates an error.
    public init(_ kind: Kind, at location: SourceLocation, _ message: String) {
        self.init(.error, kind, at: location, message)
    }

    /// `file:line:column: error: unknown function: ...`.
    public var description: String {
        "\(location): \(severity.rawValue): \(kind.rawValue): \(message)"
    }

    /// Reading order.
    public static func < (lhs: ProfileDiagnostic, rhs: ProfileDiagnostic) -> Bool {
        (lhs.location, lhs.message) < (rhs.location, rhs.message)
    }
}

/// Loading failed: every error found in the profiles, not just the first.
public struct ProfileLoadError: Error, Sendable, CustomStringConvertible {
    /// All diagnostics, errors and warnings, in reading order.
    public var diagnostics: [ProfileDiagnostic]

    /// Creates the error.
    public init(diagnostics: [ProfileDiagnostic]) {
        self.diagnostics = diagnostics.sorted()
    }

    /// The errors only.
    public var errors: [ProfileDiagnostic] { diagnostics.filter { $0.severity == .error } }

    /// One line per diagnostic.
    public var description: String {
        let errors = errors
        let lines = diagnostics.map(\.description)
        return (["profiles failed to load: \(errors.count) error(s)"] + lines).joined(separator: "\n")
    }
}
