import Foundation
import JSONCanonical

/// All profiles of a directory, compiled, with the rule that picks one per credential.
///
/// Winner rule: among the profiles whose `match` accepts the credential (abstract ones never do),
/// the highest `priority` wins; at equal priority the most specific match wins (the one with more
/// of `groupId`, `status`, `when`). Two profiles that could match the same credential at equal
/// priority and specificity are rejected at load time ("duplicate profile match").
public struct ProfileSet: Sendable {
    /// The concrete (non-abstract) profiles, best rank first.
    public private(set) var profiles: [CompiledProfile]
    /// Warnings found while loading (the load succeeded).
    public var warnings: [ProfileDiagnostic]
    /// The JSON-LD contexts of the profiles' directory (`contexts/index.yaml`): what an RDF
    /// signer's context store must hold besides the bundled contexts.
    public var contextCatalog: ContextCatalog

    /// Creates a set from compiled profiles, sorted by rank.
    public init(profiles: [CompiledProfile], warnings: [ProfileDiagnostic] = [], contextCatalog: ContextCatalog = ContextCatalog()) {
        self.profiles = profiles.filter { !$0.isAbstract }.sorted { lhs, rhs in
            if lhs.priority != rhs.priority { return lhs.priority > rhs.priority }
            if lhs.match.specificity != rhs.match.specificity { return lhs.match.specificity > rhs.match.specificity }
            return lhs.name < rhs.name
        }
        self.warnings = warnings
        self.contextCatalog = contextCatalog
    }

    /// The profile with this name.
    public func profile(named name: String) -> CompiledProfile? { profiles.first { $0.name == name } }

    /// Select stage: the winning profile for a credential, or `nil` when none matches.
    public func select(for credential: JSONValue, now: Date) -> CompiledProfile? {
        profiles.first { $0.matches(credential, now: now) }
    }

    /// Why no profile matched, in words an operator can act on.
    public func noMatchReason(for credential: JSONValue) -> String {
        let group = credential["groupId"]?.stringValue ?? "(none)"
        let status = credential["status"]?.stringValue ?? "(none)"
        return "no profile matches groupId \(group), status \(status) (\(profiles.count) profile(s) tried)"
    }
}
