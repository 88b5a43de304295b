import JSONCanonical

/// The names an expression may use in one profile, and where diagnostics go.
struct CompileScope {
    var profileName: String
    var constants: [String: JSONValue] = [:]
    var lookups: [String: LookupTable] = [:]
    var namespace: String?
    var namespaceMissingReported = false
    var diagnostics: [ProfileDiagnostic] = []

    mutating func error(_ kind: ProfileDiagnostic.Kind, _ location: SourceLocation, _ message: String) {
        diagnostics.append(ProfileDiagnostic(.error, kind, at: location, message))
    }
}

extension JSONValue {
    /// The static type of a literal value.
    var valueType: ValueType {
        switch self {
        case .null: .null
        case .bool: .boolean
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }
}
